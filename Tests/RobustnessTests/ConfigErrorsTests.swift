import Foundation
import XCTest

/// `check` (and `run`) report every error of pipeline.json in one pass, each on its own line with its
/// file:line:col and JSON path, and exit 64; past `ConfigErrors.limit` (50) the rest are counted.
final class ConfigErrorsTests: XCTestCase {
    private func study(_ name: String = #function) throws -> URL {
        let dir = Studies.scratch(name)
        for item in ["raw", "pipeline.json", "study"] {
            try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent(item), to: dir.appendingPathComponent(item))
        }
        return dir
    }

    private let independentErrors: [([Any], Any?)] = [
        (["sources", 1, "tables", 0, "key", 0], "NO_SUCH_ID"),
        (["exhibits", 0, "series", 0, "variable"], "Q10_X"),
        (["study", "contents", 1, "number"], "Table 1.1"),
    ]

    func testCheckListsEveryConfigurationErrorAtOnce() throws {
        let dir = try study()
        // Three independent errors (a table key, a contents entry, an exhibit series): all are reported, in file order.
        try ConfigJSON.edit(dir, independentErrors)
        let r = try Migstat.run(["check"], in: dir)
        XCTAssertEqual(r.status, 64, r.stderr)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.hasPrefix("migstat: error: pipeline.json:") }
        XCTAssertEqual(errors.map { located(String($0.dropFirst("migstat: error: ".count))) }, [
            #"pipeline.json: $.sources[1].tables[0].key[0]: no column "NO_SUCH_ID" in akf_2008.respondents"#,
            #"pipeline.json: $.study.contents[1].number: "Table 1.1" is listed twice"#,
            #"pipeline.json: $.exhibits[0].series[0].variable: no column "Q10_X" in akf_2008.respondents"#,
        ], r.stderr)
        XCTAssertEqual(lines.last, "migstat: error: 3 configuration errors (each above)", r.stderr)
        XCTAssertEqual(r.stdout, "")
        // In JSON, one config_error event each; run_failed counts them.
        let json = try Migstat.run(["check", "--log-format", "json"], in: dir)
        let objects = LogSchema.readme.check(json.stderr, stream: "stderr")
        XCTAssertEqual(objects.filter { $0["event"] as? String == "config_error" }.count, 3, json.stderr)
        XCTAssertEqual(objects.first { $0["event"] as? String == "run_failed" }?["errors"] as? Int, 3, json.stderr)
        // One error is reported as before, on one line.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("pipeline.json"))
        try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent("pipeline.json"), to: dir.appendingPathComponent("pipeline.json"))
        try ConfigJSON.edit(dir, [independentErrors[1]])
        let one = try Migstat.run(["check"], in: dir)
        XCTAssertEqual(one.status, 64)
        XCTAssertEqual(one.stderr.split(separator: "\n").count, 1, one.stderr)
    }

    func testPastFiftyErrorsTheRestAreCounted() throws {
        let dir = try study()
        let contents = (0..<60).map { _ in ["number": "Table 1.1", "title": "t", "page": 1] as [String: Any] }
        try ConfigJSON.edit(dir, [(["study", "contents"], contents)])
        let r = try Migstat.run(["check"], in: dir)
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").filter { $0.contains("is listed twice") }.count, 50, r.stderr)
        XCTAssertTrue(r.stderr.hasSuffix("migstat: error: 59 configuration errors (the first 50 shown, and 9 more) (each above)\n"), r.stderr)
    }
}
