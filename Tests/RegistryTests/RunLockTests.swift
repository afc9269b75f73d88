import Foundation
import Pipeline
import XCTest

/// One run at a time: a second run exits at once with its own code and names the holder; a lock left by a
/// killed run is taken over.
final class RunLockTests: RegistryTestCase {
    func testASecondRunExitsAtOnceNamingTheHolder() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 2_000, seed: 1)
        let started = Date(timeIntervalSince1970: 1_400_000_000)
        let lock = try RunLock(output: study.output.path, started: started)
        // In-process: a second taker is refused.
        XCTAssertThrowsError(try RunLock(output: study.output.path)) { error in
            let locked = error as? LockedError
            XCTAssertEqual(locked?.holderPid, getpid())
            XCTAssertEqual(locked?.holderStarted, "2014-05-13T16:53:20Z")
        }
        // Another process: `migstat run` exits with 75 and says who holds the lock, without doing anything.
        let t0 = Date()
        let second = try MigstatBinary.run(["run", "--no-verify", "--config", study.config.path, "--raw", study.raw.path, "--out", study.output.path], in: study.root)
        XCTAssertEqual(second.status, 75, second.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(t0), 5)
        XCTAssertTrue(second.stderr.contains("pid \(getpid())") && second.stderr.contains("2014-05-13T16:53:20Z"), second.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: study.output.path), "the refused run wrote nothing")
        lock.release()
        let third = try MigstatBinary.run(["run", "--no-verify", "--config", study.config.path, "--raw", study.raw.path, "--out", study.output.path], in: study.root)
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertFalse(third.stderr.contains("taking over"), "a released lock is not stale")
    }

    func testALockLeftByAKilledRunIsTakenOver() throws {
        let study = try RegistryStudy()
        try study.generate("registry_20140101.csv", rows: 30_000, seed: 1)
        // A run killed while it holds the lock: the kernel drops the flock, the file still names it.
        let victim = Process()
        victim.executableURL = URL(fileURLWithPath: MigstatBinary.path)
        victim.arguments = ["run", "--no-verify", "--config", study.config.path, "--raw", study.raw.path, "--out", study.output.path]
        victim.standardError = FileHandle.nullDevice
        victim.standardOutput = FileHandle.nullDevice
        try victim.run()
        let lockFile = RunLock.path(forOutput: study.output.path)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, ((try? String(contentsOfFile: lockFile, encoding: .utf8)) ?? "").count <= RunLock.marker.count { usleep(1000) }
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        let holder = try String(contentsOfFile: lockFile, encoding: .utf8)
        XCTAssertTrue(holder.hasPrefix(RunLock.marker + "\(victim.processIdentifier) "), "the lock file names the killed run: \(holder)")

        let next = try MigstatBinary.run(["run", "--no-verify", "--config", study.config.path, "--raw", study.raw.path, "--out", study.output.path], in: study.root)
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertTrue(next.stderr.contains("taking over") && next.stderr.contains("pid \(victim.processIdentifier)"), next.stderr)
        XCTAssertEqual(try String(contentsOfFile: lockFile, encoding: .utf8), RunLock.marker, "a finished run leaves the lock free")
    }

    func testExitCodesAreDocumentedInHelp() throws {
        let help = try MigstatBinary.run(["--help"], in: URL(fileURLWithPath: NSTemporaryDirectory()))
        for code in ["0 success", "1 failure", "3 verification", "64 usage", "75 another run holds", "130 or 143 stopped by SIGINT or SIGTERM"] {
            XCTAssertTrue(help.stdout.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "  ", with: " ").contains(code), "\(code) in: \(help.stdout)")
        }
    }
}
