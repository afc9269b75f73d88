import Foundation
import Pipeline
import XCTest

/// An incremental run reuses the estimates of exhibits whose inputs did not change from the previous store,
/// which has no `weighted_se`: the column must still be the one a full rebuild writes.
final class IncrementalTotalsTests: XCTestCase {
    func testAReusedExhibitKeepsItsWeightedSE() throws {
        let raw = try copyOfRaw()
        let out = raw.deletingLastPathComponent().appendingPathComponent("output")
        try runPipeline(raw: raw.path, out: out)
        // Only iom_2006 changes: the weighted sources' exhibits (akf_2008, sharq_2007, ilo_2009_hh) are reused.
        let workers = raw.appendingPathComponent("iom_2006/workers.csv")
        var lines = try String(contentsOf: workers, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: lines.count - 2)
        try lines.joined(separator: "\n").write(to: workers, atomically: true, encoding: .utf8)
        try runPipeline(raw: raw.path, out: out)
        let full = raw.deletingLastPathComponent().appendingPathComponent("full")
        var options = RunOptions(configPath: Repo.config, rawDirectory: raw.path, outputDirectory: full.path)
        options.force = true
        try Runner(options: options).run()
        let incremental = try readCSV(out.appendingPathComponent("estimates.csv")), rebuilt = try readCSV(full.appendingPathComponent("estimates.csv"))
        XCTAssertEqual(incremental, rebuilt)
        XCTAssertTrue(incremental.contains { $0["exhibit"] == "table_1_1" && !($0["weighted_se"] ?? "").isEmpty })
    }
}
