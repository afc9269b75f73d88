import Foundation
import MigstatCore
import XCTest

/// What migstat reads from raw/: regular files only (a FIFO is an error naming it, never a hang), and an input
/// edited in place is noticed whatever its size and modification time say.
final class RawInputTests: RegistryTestCase {
    private func arguments(_ command: String, _ study: RegistryStudy, _ extra: [String] = []) -> [String] {
        [command, "--no-verify", "--config", study.config.path, "--raw", study.raw.path] + (command == "run" ? ["--out", study.output.path] : []) + extra
    }

    /// Runs migstat, killing it after `seconds`: (status, stderr, seconds taken); a killed run has status 9 (SIGKILL).
    private func runWithin(_ seconds: Double, _ arguments: [String], in directory: URL) throws -> (status: Int32, stderr: String, seconds: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MigstatBinary.path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let err = directory.appendingPathComponent(".stderr-timed")
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardOutput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        while process.isRunning && Date().timeIntervalSince(started) < seconds { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: err, encoding: .utf8)) ?? "", Date().timeIntervalSince(started))
    }

    func testAFIFOInTheRawDirectoryIsAnErrorNamingItNotAHang() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 200, seed: 1)
        let fifo = study.raw.appendingPathComponent("registry/registry_20140201.csv")
        XCTAssertEqual(mkfifo(fifo.path, 0o644), 0)
        for command in ["run", "check"] {
            let r = try runWithin(20, arguments(command, study), in: study.root)
            XCTAssertEqual(r.status, 1, "\(command) ended with an error, not killed: \(r.stderr)")
            XCTAssertLessThan(r.seconds, 20)
            XCTAssertTrue(r.stderr.contains("registry_20140201.csv") && r.stderr.contains("FIFO"), r.stderr)
        }
        // Already loaded, then replaced by a FIFO: the change detection's hashing refuses it too.
        try FileManager.default.removeItem(at: fifo)
        XCTAssertEqual(try runWithin(60, arguments("run", study), in: study.root).status, 0)
        let delivery = study.raw.appendingPathComponent("registry/registry_20140101.csv")
        try FileManager.default.removeItem(at: delivery)
        XCTAssertEqual(mkfifo(delivery.path, 0o644), 0)
        let hashed = try runWithin(20, arguments("run", study), in: study.root)
        XCTAssertEqual(hashed.status, 1, hashed.stderr)
        XCTAssertTrue(hashed.stderr.contains("registry_20140101.csv") && hashed.stderr.contains("FIFO"), hashed.stderr)
    }

    func testAFIFOInPlaceOfASurveyFileIsAnErrorNamingIt() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 200, seed: 1)
        for file in ["mini/answers.csv", "reference/countries.csv"] {
            let url = study.raw.appendingPathComponent(file)
            let saved = try Data(contentsOf: url)
            try FileManager.default.removeItem(at: url)
            XCTAssertEqual(mkfifo(url.path, 0o644), 0)
            let r = try runWithin(20, arguments("run", study), in: study.root)
            XCTAssertEqual(r.status, 1, "\(file): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(file) && r.stderr.contains("is a FIFO (named pipe), not a regular file"), r.stderr)
            try FileManager.default.removeItem(at: url)
            try saved.write(to: url)
        }
    }

    func testAnInPlaceEditKeepingSizeAndModificationTimeIsNoticed() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 200, seed: 1)
        XCTAssertEqual(try MigstatBinary.run(arguments("run", study), in: study.root).status, 0)
        // Same size, same inode (written in place), the modification time set back as `touch -r` would.
        let answers = study.raw.appendingPathComponent("mini/answers.csv")
        var before = stat()
        XCTAssertEqual(stat(answers.path, &before), 0)
        let edited = "id,answer\n1,no\n2,yes\n3,yes\n"
        XCTAssertEqual(edited.utf8.count, Int(before.st_size))
        let file = try XCTUnwrap(PosixFile.open(answers.path, O_WRONLY))
        XCTAssertEqual(edited.withCString { pwrite(file.descriptor, $0, strlen($0), 0) }, edited.utf8.count)
        file.closeIgnoringErrors()
        var times = [before.st_atim, before.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, answers.path, &times, 0), 0)
        var after = stat()
        stat(answers.path, &after)
        XCTAssertEqual([after.st_mtim.tv_sec, after.st_mtim.tv_nsec, Int(after.st_ino)], [before.st_mtim.tv_sec, before.st_mtim.tv_nsec, Int(before.st_ino)])

        let incremental = try MigstatBinary.run(arguments("run", study), in: study.root)
        XCTAssertEqual(incremental.status, 0, incremental.stderr)
        XCTAssertFalse(incremental.stdout.hasPrefix("up to date"), incremental.stdout)
        let full = study.root.appendingPathComponent("full")
        let fullArguments = ["run", "--no-verify", "--force", "--config", study.config.path, "--raw", study.raw.path, "--out", full.path]
        XCTAssertEqual(try MigstatBinary.run(fullArguments, in: study.root).status, 0)
        try OutputSnapshot.assertEqual(study.output, full)
    }
}
