import Foundation
import Pipeline
import XCTest

/// migstat replaces its output directory whole, so it must only ever replace one it made: a directory of the
/// user's, the extracts, the configuration or the project itself are refused (exit 64) and left as they were.
final class OutputOwnershipTests: XCTestCase {
    /// Every file under `dir` with its bytes, and every symbolic link with its target.
    private func state(_ dir: URL) -> [String: Data] {
        var out = CLIFailureTests.snapshot(dir).filter { !$0.key.hasSuffix(".stdout") && !$0.key.hasSuffix(".stderr") }
        for case let path as String in FileManager.default.enumerator(atPath: dir.path)?.allObjects ?? [] {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: dir.appendingPathComponent(path).path) {
                out[path + " ->"] = Data(target.utf8)
            }
        }
        return out
    }

    /// Runs `migstat run --no-verify` with `arguments` and checks it is refused with 64, naming `mentions`,
    /// with nothing in `dir` changed and no staging directory left.
    private func refused(_ arguments: [String], in dir: URL, mentions: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = state(dir)
        let r = try Migstat.run(["run", "--no-verify"] + arguments, in: dir)
        assertCleanFailure(r, status: 64, mentions: mentions, file: file, line: line)
        XCTAssertEqual(state(dir), before, "nothing changed in \(dir.path)", file: file, line: line)
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.filter { $0.contains(".tmp-") } ?? []
        XCTAssertEqual(leftovers, [], "no staging directory left", file: file, line: line)
    }

    func testANonEmptyDirectoryMigstatDidNotMakeIsRefusedAndKept() throws {
        let dir = try Studies.copy("clean")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("mydocs"), withIntermediateDirectories: false)
        try Data("precious\n".utf8).write(to: dir.appendingPathComponent("mydocs/keep.txt"))
        try refused(["--out", "mydocs"], in: dir, mentions: "was not made by migstat")
        // A marker of the wrong content, or a link named like it, is not migstat's marker.
        try Data("something else\n".utf8).write(to: dir.appendingPathComponent("mydocs/.migstat-output"))
        try refused(["--out", "mydocs"], in: dir, mentions: "was not made by migstat")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("mydocs/.migstat-output"))
        try Data(OutputOwnership.markerText.utf8).write(to: dir.appendingPathComponent("marker-elsewhere"))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("mydocs/.migstat-output").path, withDestinationPath: "../marker-elsewhere")
        try refused(["--out", "mydocs"], in: dir, mentions: "was not made by migstat")
    }

    func testAnOutputThatIsOrHoldsTheRawTheConfigurationOrTheWorkingDirectoryIsRefused() throws {
        let dir = try Studies.copy("clean")
        // Even a planted marker does not make the extracts or the project an output.
        for protected in ["raw", "."] {
            try Data(OutputOwnership.markerText.utf8).write(to: dir.appendingPathComponent(protected).appendingPathComponent(".migstat-output"))
        }
        try refused(["--out", "raw"], in: dir, mentions: "is the raw directory")
        try refused(["--out", "raw/"], in: dir, mentions: "is the raw directory")
        try refused(["--out", "."], in: dir, mentions: "is the working directory")
        try refused(["--out", ""], in: dir, mentions: "--out: is empty")
        let sub = dir.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: false)
        try refused(["--out", "..", "--raw", "../raw", "--config", "../pipeline.json"], in: sub, mentions: "holds the working directory")
        // The configuration's directory, reached through a link: paths are compared once resolved.
        let conf = dir.appendingPathComponent("conf")
        try FileManager.default.createDirectory(at: conf, withIntermediateDirectories: false)
        try FileManager.default.moveItem(at: dir.appendingPathComponent("pipeline.json"), to: conf.appendingPathComponent("pipeline.json"))
        try Data(OutputOwnership.markerText.utf8).write(to: conf.appendingPathComponent(".migstat-output"))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("conflink").path, withDestinationPath: "conf")
        try refused(["--out", "conf", "--config", "conflink/pipeline.json"], in: dir, mentions: "is the configuration's directory")
    }

    func testASymlinkedOutIsRefusedAndTheLinkAndItsTargetKept() throws {
        let dir = try Studies.copy("clean")
        XCTAssertEqual(try Migstat.run(["run", "--no-verify", "--out", "real"], in: dir).status, 0)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("linked").path, withDestinationPath: "real")
        try refused(["--out", "linked"], in: dir, mentions: "is a symbolic link")
    }

    func testANewAnEmptyOrAMarkedDirectoryIsAccepted() throws {
        let dir = try Studies.copy("clean")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("empty"), withIntermediateDirectories: false)
        for out in ["empty", "new", "new"] {
            let r = try Migstat.run(["run", "--no-verify", "--out", out], in: dir)
            XCTAssertEqual(r.status, 0, r.stderr)
            let marker = try String(contentsOf: dir.appendingPathComponent("\(out)/.migstat-output"), encoding: .utf8)
            XCTAssertEqual(marker, OutputOwnership.markerText, "the marker is the same in every output")
        }
    }

    /// A link where migstat takes its lock: it is refused, and the file it points to keeps its bytes
    /// (the run truncated it to 0 bytes).
    func testALinkedLockFileIsRefusedAndItsTargetKept() throws {
        let dir = try Studies.copy("clean")
        try Data("precious\n".utf8).write(to: dir.appendingPathComponent("victim.txt"))
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("output.lock").path, withDestinationPath: "victim.txt")
        try refused([], in: dir, mentions: "output.lock: is a symbolic link")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("output.lock"))
        try FileManager.default.linkItem(at: dir.appendingPathComponent("victim.txt"), to: dir.appendingPathComponent("output.lock"))
        try refused([], in: dir, mentions: "output.lock: has other names")
    }
}
