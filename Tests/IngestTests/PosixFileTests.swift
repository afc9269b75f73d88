import Foundation
import MigstatCore
import XCTest

/// The one place that retries EINTR and names the errno and the path of a failed call.
final class PosixFileTests: XCTestCase {
    func testACallInterruptedBySignalsIsRetriedAndItsResultReturned() {
        var calls = 0
        let result = PosixFile.retryingInterrupts { () -> Int in
            calls += 1
            if calls < 3 { errno = EINTR; return -1 }
            return 42
        }
        XCTAssertEqual(result, 42)
        XCTAssertEqual(calls, 3)
    }

    func testAFailureOtherThanEINTRIsReturnedAtOnceWithItsErrno() {
        var calls = 0
        let result = PosixFile.retryingInterrupts { () -> Int in calls += 1; errno = ENOSPC; return -1 }
        XCTAssertEqual(result, -1)
        XCTAssertEqual(errno, ENOSPC)
        XCTAssertEqual(calls, 1)
    }

    func testAFailedWriteCarriesItsErrnoAndPathAndPrintsInMigstatsFormat() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("posix-\(getpid())").path
        _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
        defer { unlink(path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let file = PosixFile(descriptor: fd, path: path)
        XCTAssertThrowsError(try Array("abc".utf8).withUnsafeBytes { try file.writeAll($0) }) { error in
            XCTAssertEqual(error as? PosixError, PosixError(.write, path: path, code: EBADF))
            XCTAssertEqual("\(error)", "cannot write \(path): \(String(cString: strerror(EBADF)))")
        }
    }

    func testReadingADirectoryFailsWithEISDIRAndThePath() throws {
        let fd = open(NSTemporaryDirectory(), O_RDONLY)
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 1)
        defer { buffer.deallocate() }
        XCTAssertThrowsError(try PosixFile(descriptor: fd, path: "somewhere").read(into: buffer)) { error in
            XCTAssertEqual(error as? PosixError, PosixError(.read, path: "somewhere", code: EISDIR))
            XCTAssertEqual("\(error)", "somewhere: is a directory, expected a file")
        }
    }

    func testALinkIsFollowedUnlessTheCallerReadsBackItsOwnFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("links-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = FileManager.default.createFile(atPath: dir + "/target", contents: Data("x".utf8))
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir + "/target")
        try RegularFile.openForReading(dir + "/link", displayPath: "raw/link.csv").closeIgnoringErrors()
        XCTAssertThrowsError(try RegularFile.openForReading(dir + "/link", displayPath: "out/figure.png", followingLinks: false)) { error in
            XCTAssertTrue("\(error)".hasPrefix("out/figure.png: "), "\(error)")
        }
        try RegularFile.openForReading(dir + "/target", displayPath: "out/figure.png", followingLinks: false).closeIgnoringErrors()
    }

    func testReadFullyAndPositionedWritesMoveNoBytesTwice() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("posix-rw-\(getpid())").path
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        defer { close(fd); unlink(path) }
        let file = PosixFile(descriptor: fd, path: path)
        try Array("hello world".utf8).withUnsafeBytes { try file.writeAll($0) }
        try Array("W".utf8).withUnsafeBytes { try file.writeAll($0, at: 6) }
        try file.fsync()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 32, alignment: 1)
        defer { buffer.deallocate() }
        XCTAssertEqual(try file.read(into: buffer, at: 0), 11)
        XCTAssertEqual(String(decoding: buffer[0..<11], as: UTF8.self), "hello World")
        XCTAssertEqual(lseek(fd, 0, SEEK_SET), 0)
        XCTAssertEqual(try file.readFully(into: buffer), 11)
    }

    /// Every file migstat opens is closed on exec: a child process (R, LaTeX) inherits none of them.
    func testEveryOpenIsCloseOnExecAndAFailureNamesThePath() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("posix-cloexec-\(getpid())").path
        let file = try PosixFile.open(path, O_RDWR | O_CREAT | O_TRUNC, for: .write)
        defer { file.closeIgnoringErrors(); unlink(path) }
        XCTAssertNotEqual(fcntl(file.descriptor, F_GETFD) & FD_CLOEXEC, 0)
        let input = try RegularFile.openForReading(path, displayPath: "raw/x.csv")
        defer { input.closeIgnoringErrors() }
        XCTAssertNotEqual(fcntl(input.descriptor, F_GETFD) & FD_CLOEXEC, 0)
        XCTAssertEqual(input.path, "raw/x.csv", "read errors name the file as the user knows it")
        XCTAssertThrowsError(try PosixFile.open(path + "/missing", O_RDONLY, for: .read)) { error in
            XCTAssertEqual(error as? PosixError, PosixError(.read, path: path + "/missing", code: ENOTDIR))
        }
    }
}
