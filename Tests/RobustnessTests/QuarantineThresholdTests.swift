import Foundation
import XCTest

/// A source that loses its rows is a failure, not a table of zeros: crossing `max_quarantined` (by default more
/// than half the rows) exits 65 with an error event and leaves the previous output, with or without --no-verify;
/// below it, quarantined rows are a warning.
final class QuarantineThresholdTests: XCTestCase {
    /// A scratch study: the repository's pipeline.json, study/ and a copy of its raw/.
    private func study(_ name: String = #function) throws -> URL {
        let dir = Studies.scratch(name)
        for item in ["raw", "pipeline.json", "study"] {
            try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent(item), to: dir.appendingPathComponent(item))
        }
        return dir
    }

    private func run(_ dir: URL, _ command: String = "run") throws -> Migstat.Result {
        try Migstat.run([command, "--no-verify", "--log-format", "json"], in: dir)
    }

    /// Gives the first `rows` workers of iom_2006 a status its codebook does not know (every row when nil).
    private func spoilWorkers(_ dir: URL, rows: Int? = nil) throws {
        let url = dir.appendingPathComponent("raw/iom_2006/workers.csv")
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        for i in 1..<lines.count where !lines[i].isEmpty && i <= (rows ?? lines.count) {
            var fields = lines[i].components(separatedBy: ",")
            fields[1] = "unknown"
            lines[i] = fields.joined(separator: ",")
        }
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    private func events(_ r: Migstat.Result, _ name: String) -> [[String: Any]] {
        LogSchema.objects(r.stderr).filter { $0["event"] as? String == name }
    }

    func testASourceThatLosesEveryRowFailsWith65AndLeavesThePreviousOutput() throws {
        let dir = try study()
        XCTAssertEqual(try run(dir).status, 0)
        let estimates = try Data(contentsOf: dir.appendingPathComponent("output/estimates.csv"))
        try spoilWorkers(dir)
        let r = try run(dir)
        XCTAssertEqual(r.status, 65, r.stderr)
        let crossed = events(r, "quarantine_threshold_crossed")
        XCTAssertEqual(crossed.count, 1, r.stderr)
        XCTAssertEqual(crossed.first?["level"] as? String, "error")
        XCTAssertEqual(crossed.first?["source"] as? String, "iom_2006")
        XCTAssertEqual(crossed.first?["rows_read"] as? Int, 500)
        XCTAssertEqual(crossed.first?["rows_quarantined"] as? Int, 500)
        XCTAssertEqual(crossed.first?["max_quarantined"] as? Int, 250, "the default: half the rows")
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("output/estimates.csv")), estimates, "the previous output is left as it was")
        XCTAssertEqual(try run(dir, "check").status, 65, "check refuses what run would")
        let text = try Migstat.run(["run"], in: dir)   // with verification too
        assertCleanFailure(text, status: 65, mentions: "iom_2006: 500 of 500 rows quarantined (max_quarantined 50%: 250 rows)")
    }

    func testMoreThanHalfFailsAndHalfIsAWarning() throws {
        let dir = try study()
        try spoilWorkers(dir, rows: 250)
        let half = try run(dir)
        XCTAssertEqual(half.status, 0, half.stderr)
        let warning = events(half, "rows_quarantined").first { $0["source"] as? String == "iom_2006" }
        XCTAssertEqual(warning?["level"] as? String, "warning", half.stderr)
        XCTAssertEqual(warning?["rows_quarantined"] as? Int, 250)
        try spoilWorkers(dir, rows: 251)
        XCTAssertEqual(try run(dir).status, 65)
    }

    func testACountOrAPercentageInPipelineJsonSetsTheLimit() throws {
        let dir = try study()
        let iom = try sourceIndex("iom_2006", in: dir)
        try spoilWorkers(dir, rows: 10)
        try ConfigJSON.edit(dir, [(["sources", iom, "max_quarantined"], 10)])
        XCTAssertEqual(try run(dir).status, 0)
        try ConfigJSON.edit(dir, [(["sources", iom, "max_quarantined"], 9)])
        XCTAssertEqual(try run(dir).status, 65)
        try ConfigJSON.edit(dir, [(["sources", iom, "max_quarantined"], "2%")])   // 2% of 500 = 10
        XCTAssertEqual(try run(dir).status, 0)
        try ConfigJSON.edit(dir, [(["sources", iom, "max_quarantined"], "1.5%")])
        let r = try run(dir)
        XCTAssertEqual(r.status, 65)
        XCTAssertEqual(events(r, "quarantine_threshold_crossed").first?["max_quarantined"] as? Int, 7)
    }

    func testADeliveryTableHasItsOwnLimitPerDelivery() throws {
        let dir = try study()
        let registry = try sourceIndex("registry", in: dir)
        let url = dir.appendingPathComponent("raw/registry/registry_20140201.csv")
        var text = try String(contentsOf: url, encoding: .utf8)
        let first = try XCTUnwrap(text.range(of: ",TJK,"))
        text.replaceSubrange(first, with: ",XXX,")   // one row's citizenship no reference knows
        try text.write(to: url, atomically: true, encoding: .utf8)
        let within = try run(dir)
        XCTAssertEqual(within.status, 0, within.stderr)
        XCTAssertEqual(events(within, "rows_quarantined").first { $0["source"] as? String == "registry" }?["file"] as? String, "registry/registry_20140201.csv")
        try ConfigJSON.edit(dir, [(["sources", registry, "tables", 0, "max_quarantined"], 0)])
        let r = try run(dir)
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertEqual(events(r, "quarantine_threshold_crossed").first?["file"] as? String, "registry/registry_20140201.csv")
        // The delivery's rejected row, read from the run's store, is in <out>.rejected.csv.
        let rejected = try String(contentsOf: dir.appendingPathComponent("output.rejected.csv"), encoding: .utf8)
        XCTAssertEqual(rejected.split(separator: "\n").filter { $0.hasPrefix("registry,registry/registry_20140201.csv,") }.count, 1, rejected)
    }

    /// Exit 65 leaves the output as it was and writes the rows it would have quarantined beside it, in
    /// `<out>.rejected.csv` (quarantine.csv's columns; no access for other users), replaced by the next failure;
    /// a file of that name migstat did not make is refused, never truncated.
    func testAFailedRunWritesTheRowsItWouldHaveQuarantinedBesideTheOutput() throws {
        let dir = try study()
        XCTAssertEqual(try run(dir).status, 0)
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("output").path).sorted()
        let estimates = try Data(contentsOf: dir.appendingPathComponent("output/estimates.csv"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output.rejected.csv").path), "none after a success")
        try spoilWorkers(dir)
        let umaskBefore = umask(0o002)
        let r = try Migstat.run(["run", "--no-verify"], in: dir)
        umask(umaskBefore)
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("the rows are in output.rejected.csv"), r.stderr)
        let rejectedURL = dir.appendingPathComponent("output.rejected.csv")
        let lines = try String(contentsOf: rejectedURL, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "source,file,line,column,value,reason")
        XCTAssertEqual(lines.dropFirst().filter { $0.hasPrefix("iom_2006,iom_2006/workers.csv,") && $0.contains(",unknown,") }.count, 500)
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: rejectedURL.path)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o007, 0, "confidential: \(String(mode, radix: 8))")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("output").path).sorted(), before)
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("output/estimates.csv")), estimates, "the output left as it was")
        // No temporary file is left beside it.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".rejected.csv") }, ["output.rejected.csv"])

        // The next failure replaces it (a new file renamed over it).
        let inode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: rejectedURL.path)[.systemFileNumber] as? Int)
        XCTAssertEqual(try run(dir).status, 65)
        XCTAssertNotEqual(try FileManager.default.attributesOfItem(atPath: rejectedURL.path)[.systemFileNumber] as? Int, inode)
        // A run within its limits removes it: it no longer describes the output.
        let workers = dir.appendingPathComponent("raw/iom_2006/workers.csv")
        try FileManager.default.removeItem(at: workers)
        try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent("raw/iom_2006/workers.csv"), to: workers)
        XCTAssertEqual(try run(dir).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: rejectedURL.path))
        try spoilWorkers(dir)

        // Someone else's file of that name: refused (64), left as it was.
        try "my notes\n".write(to: rejectedURL, atomically: false, encoding: .utf8)
        let foreign = try Migstat.run(["run", "--no-verify"], in: dir)
        XCTAssertEqual(foreign.status, 64, foreign.stderr)
        XCTAssertTrue(foreign.stderr.contains("output.rejected.csv"), foreign.stderr)
        XCTAssertEqual(try String(contentsOf: rejectedURL, encoding: .utf8), "my notes\n")
        XCTAssertEqual(try run(dir, "check").status, 65, "check writes no rejected file")
        XCTAssertEqual(try String(contentsOf: rejectedURL, encoding: .utf8), "my notes\n")
        // A link there is not followed.
        try FileManager.default.removeItem(at: rejectedURL)
        let target = dir.appendingPathComponent("elsewhere.txt")
        try "target\n".write(to: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: rejectedURL, withDestinationURL: target)
        XCTAssertEqual(try run(dir).status, 64)
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "target\n")
        // The help's exit statuses say where the rows are.
        XCTAssertTrue(try Migstat.run(["--help"], in: dir).stdout.contains("<out>.rejected.csv"))
    }

    func testABadLimitIsAConfigurationError() throws {
        let dir = try study()
        let iom = try sourceIndex("iom_2006", in: dir)
        for (path, value, expected) in [(["sources", iom, "max_quarantined"], -1 as Any, "at least 0"),
                                        (["sources", iom, "max_quarantined"], "150%", "0%...100%"),
                                        (["sources", iom, "max_quarantined"], "many", "a count of rows"),
                                        (["sources", iom, "tables", 0, "max_quarantined"], 5, "only a delivery table")] as [([Any], Any, String)] {
            try FileManager.default.removeItem(at: dir.appendingPathComponent("pipeline.json"))
            try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent("pipeline.json"), to: dir.appendingPathComponent("pipeline.json"))
            try ConfigJSON.edit(dir, [(path, value)])
            let r = try Migstat.run(["check", "--no-verify"], in: dir)
            assertCleanFailure(r, status: 64, mentions: expected)
            XCTAssertTrue(r.stderr.contains("max_quarantined"), r.stderr)
        }
    }

    private func sourceIndex(_ id: String, in dir: URL) throws -> Int {
        let json = try ConfigJSON.read(dir.appendingPathComponent("pipeline.json")) as! [String: Any]
        return try XCTUnwrap((json["sources"] as! [[String: Any]]).firstIndex { $0["id"] as? String == id })
    }
}
