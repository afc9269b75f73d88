import Foundation
import XCTest

/// The `migstat explain` command itself: CSV on standard output, usage errors with exit 64.
final class ExplainCommandTests: XCTestCase {
    private let repo = Studies.repository
    /// Where the command runs (its standard output and error are kept there), not the repository.
    private func scratch() throws -> URL {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("migstat-explain-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testExplainPrintsTheBaseOfAnEstimateAsCSV() throws {
        let result = try Migstat.run(["explain", "table_1_1", "documents", "enough", "--config", repo.appendingPathComponent("pipeline.json").path,
                                      "--raw", repo.appendingPathComponent("raw").path], in: try scratch())
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "file,line,unit,in_category")
        XCTAssertEqual(lines.count - 1, 495, "base_n of table_1_1 documents")
        XCTAssertEqual(lines.dropFirst().filter { $0.hasSuffix(",1") }.count, 135, "n of table_1_1 documents enough")
        XCTAssertEqual(lines[1], "akf_2008/respondents.csv,2,1001,0")
    }

    func testARegistryExhibitOrAnUnknownSeriesIsAUsageError() throws {
        let args = ["--config", repo.appendingPathComponent("pipeline.json").path, "--raw", repo.appendingPathComponent("raw").path]
        let dir = try scratch()
        let registry = try Migstat.run(["explain", "registry_registered", "all", "registered"] + args, in: dir)
        XCTAssertEqual(registry.status, 64)
        XCTAssertTrue(registry.stderr.contains("explain covers survey exhibits"), registry.stderr)
        XCTAssertEqual(registry.stdout, "")
        let unknown = try Migstat.run(["explain", "table_1_1", "speaking", "enough"] + args, in: dir)
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("no series \"speaking\""), unknown.stderr)
    }
}
