import Foundation
import MigstatCore
import XCTest

/// A `--store` URL's password is not left in migstat's argv, which `ps` shows to every user of the machine, nor
/// in what a malformed one makes migstat say.
final class ProcessTitleTests: XCTestCase {
    func testThePasswordOfAStoreURLIsOverwrittenInTheProcessArguments() throws {
        // A "server" that takes the connection and never answers: migstat waits in libpq, still running.
        var template = Array("/tmp/migstat-title-XXXXXX".utf8CString)
        let directory = String(cString: try XCTUnwrap(mkdtemp(&template)))
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array("\(directory)/.s.PGSQL.5432".utf8CString)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.map { UInt8(bitPattern: $0) }) }
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        XCTAssertEqual(bound, 0)
        XCTAssertEqual(listen(listener, 4), 0)

        let secret = "Ps-T1tle-sëcret"
        let url = "postgresql://migstat:\(secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)@/registry?host=\(directory)&connect_timeout=5"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: StoreRunTests.binary)
        process.arguments = ["check", "--config", StoreRunTests.config, "--raw", StoreRunTests.repository.appendingPathComponent("raw").path, "--store", url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }

        // Once libpq knocks, main() is long past the overwrite: argv as ps reads it.
        var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        XCTAssertEqual(poll(&poller, 1, 20_000), 1, "migstat never connected")
        let client = accept(listener, nil, nil)
        defer { close(client) }
        let cmdline = try String(decoding: Data(contentsOf: URL(fileURLWithPath: "/proc/\(process.processIdentifier)/cmdline")), as: UTF8.self)
            .replacingOccurrences(of: "\0", with: " ")
        XCTAssertTrue(cmdline.contains("--store postgresql://migstat:*"), cmdline)
        XCTAssertTrue(cmdline.contains("@/registry?host=\(directory)"), cmdline)
        XCTAssertFalse(cmdline.contains("Ps-T1tle") || cmdline.contains("cret"), cmdline)
    }

    /// A URL libpq cannot read is the caller's mistake: exit 64, libpq's reason, not the password.
    func testAMalformedStoreURLExits64WithoutItsPassword() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: StoreRunTests.binary)
        process.arguments = ["check", "--config", StoreRunTests.config, "--raw", StoreRunTests.repository.appendingPathComponent("raw").path,
                             "--store", "postgresql://migstat:Pa%ss-Secret@/registry"]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 64, text)
        XCTAssertTrue(text.contains("invalid percent-encoded token"), text)
        XCTAssertFalse(text.contains("ss-Secret"), text)
    }

    func testMaskingKeepsTheLengthAndTheRest() {
        XCTAssertEqual(PostgresURL.masked("--store=postgresql://u:p%40ss@h:5/db"), "--store=postgresql://u:******@h:5/db")
        XCTAssertEqual(PostgresURL.masked("host=h password='a b' dbname=d"), "host=h password=***** dbname=d")
        XCTAssertEqual(PostgresURL.masked("postgresql://u@h/db?password=xyz&sslmode=require"), "postgresql://u@h/db?password=***&sslmode=require")
        XCTAssertEqual(PostgresURL.masked("postgresql://u@h:5432/db"), "postgresql://u@h:5432/db")
    }
}
