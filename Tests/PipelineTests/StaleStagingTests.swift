import Foundation
import Pipeline
import XCTest

/// A killed run leaves its staging directory beside the output; the next run removes it, even when it finds
/// nothing new to do.
final class StaleStagingTests: XCTestCase {
    func testARunWithNothingNewStillClearsStagingDirectoriesOfDeadRuns() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("output")
        try runPipeline(out: out)
        // No process has this pid (above Linux's pid_max), as after a SIGKILL.
        let stale = dir.appendingPathComponent("output.tmp-4999999")
        try FileManager.default.createDirectory(at: stale.appendingPathComponent("tables"), withIntermediateDirectories: true)
        let summary = try runPipeline(out: out)
        XCTAssertTrue(summary.upToDate, "the second run has nothing new to read")
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path))
    }
}
