import Foundation
import Pipeline
import XCTest

/// A killed run leaves its staging directory beside the output, marked with its pid; the next run removes it,
/// even when it finds nothing new to do, and removes nothing else: not a directory of the user's named like
/// one, and not what a link inside a staging directory points to.
final class StaleStagingTests: XCTestCase {
    /// A staging directory as a run killed with SIGKILL leaves it. No process has this pid (above Linux's pid_max).
    private func plantStaleStaging(beside out: URL, pid: Int32 = 4_999_999) throws -> URL {
        let stale = out.deletingLastPathComponent().appendingPathComponent("\(out.lastPathComponent).tmp-\(pid)")
        try FileManager.default.createDirectory(at: stale.appendingPathComponent("output/tables"), withIntermediateDirectories: true)
        try Data(StagingDirectory.markerText(pid: pid).utf8).write(to: stale.appendingPathComponent(StagingDirectory.markerName))
        try Data("half-written\n".utf8).write(to: stale.appendingPathComponent("output/tables/t.csv"))
        return stale
    }

    func testARunWithNothingNewStillClearsStagingDirectoriesOfDeadRuns() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("output")
        try runPipeline(out: out)
        let stale = try plantStaleStaging(beside: out)
        let empty = dir.appendingPathComponent("output.tmp-4999998")   // killed right after mkdir, before its marker
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
        let summary = try runPipeline(out: out)
        XCTAssertTrue(summary.upToDate, "the second run has nothing new to read")
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: empty.path))
    }

    func testDirectoriesNamedLikeStagingButNotMarkedAreKept() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("output")
        try runPipeline(out: out)
        var kept: [URL] = []
        // A user's backup, an unmarked directory of a dead pid, and one whose marker names another pid.
        for name in ["output.tmp-backup", "output.tmp-4999999", "output.tmp-4999997"] {
            let d = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: false)
            try Data("precious\n".utf8).write(to: d.appendingPathComponent("keep.txt"))
            kept.append(d)
        }
        try Data(StagingDirectory.markerText(pid: 4_999_999).utf8).write(to: kept[2].appendingPathComponent(StagingDirectory.markerName))
        try runPipeline(out: out)
        try runPipeline(out: out, verify: false)   // a run that writes a new output, too
        for d in kept {
            XCTAssertEqual(try String(contentsOf: d.appendingPathComponent("keep.txt"), encoding: .utf8), "precious\n", d.lastPathComponent)
        }
    }

    func testALinkInsideAStaleStagingDirectoryIsRemovedNotFollowed() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("output")
        try runPipeline(out: out)
        let stale = try plantStaleStaging(beside: out)
        let precious = dir.appendingPathComponent("precious")
        try FileManager.default.createDirectory(at: precious, withIntermediateDirectories: false)
        try Data("precious\n".utf8).write(to: precious.appendingPathComponent("keep.txt"))
        try FileManager.default.createSymbolicLink(at: stale.appendingPathComponent("output/figures"), withDestinationURL: precious)
        try FileManager.default.createSymbolicLink(at: stale.appendingPathComponent("output/keep.txt"), withDestinationURL: precious.appendingPathComponent("keep.txt"))
        try runPipeline(out: out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path))
        XCTAssertEqual(try String(contentsOf: precious.appendingPathComponent("keep.txt"), encoding: .utf8), "precious\n")
    }
}
