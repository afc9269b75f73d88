import Foundation
import MigstatCore
import XCTest

/// Issue 19 #9: `check` does everything `run` does but write. Over a corpus of broken configurations made by
/// mutating the study's pipeline.json — names the store would fold together or that it adds itself, store table
/// names that meet, schema names PostgreSQL cuts or reserves, and the generic mutations of ConfigMutationTests —
/// whenever `run` fails for a configuration reason (64), `check` fails too, with the same code and message.
final class CheckRunParityTests: XCTestCase {
    static let iterations = Int(ProcessInfo.processInfo.environment["MIGSTAT_CONFIG_FUZZ_ITERATIONS"] ?? "") ?? 8
    static let nowhere = "postgresql:///migstat?host=/nonexistent-migstat-socket-dir"

    /// Each case's edits, and the schema given on the command line (nil: SQLite).
    struct Case { var json: Any; var schema: String? }

    /// The columns of a table of the study, as its pipeline.json lists them (JSON paths to each name).
    static func tables(_ json: Any) -> [(path: [Any], columns: [String])] {
        let sources = (json as? [String: Any])?["sources"] as? [[String: Any]] ?? []
        return sources.enumerated().flatMap { s, source in
            (source["tables"] as? [[String: Any]] ?? []).enumerated().map { t, table in
                (["sources", s, "tables", t] as [Any], (table["columns"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            }
        }
    }

    static func storeMutation(_ json: Any, _ rng: inout SplitMix64) -> Case {
        let tables = tables(json).filter { $0.columns.count >= 2 }
        let (path, columns) = tables.randomElement(using: &rng)!
        let c = Int.random(in: 0..<columns.count, using: &rng)
        let other = (c + 1 + Int.random(in: 0..<(columns.count - 1), using: &rng)) % columns.count
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:   // Q1 and q1: one column to SQLite
            let twin = columns[other] == columns[other].uppercased() ? columns[other].lowercased() : columns[other].uppercased()
            return Case(json: ConfigJSON.set(json, path + ["columns", c, "name"], to: twin), schema: nil)
        case 1:   // a column the store adds itself
            let reserved = ["source_file", "source_line", "row_version", "delivery_id", "migstat_row"].randomElement(using: &rng)!
            return Case(json: ConfigJSON.set(json, path + ["columns", c, "name"], to: Bool.random(using: &rng) ? reserved : reserved.uppercased()), schema: nil)
        case 2:   // a table id differing from another's of its source by case only: one stg_ table
            let siblings = tables.filter { ($0.path[1] as! Int) == (path[1] as! Int) && ($0.path[3] as! Int) != (path[3] as! Int) }
            guard let sibling = siblings.first, let sources = (json as? [String: Any])?["sources"] as? [[String: Any]],
                  let id = (sources[path[1] as! Int]["tables"] as? [[String: Any]])?[sibling.path[3] as! Int]["id"] as? String else {
                return Case(json: json, schema: "pg_temp")
            }
            return Case(json: ConfigJSON.set(json, path + ["id"], to: id.uppercased()), schema: nil)
        case 3:
            let longest = String(repeating: "l", count: 63)
            return Case(json: json, schema: [longest + "A", longest + "B", "pg_temp", "PG_CATALOG", "information_schema"].randomElement(using: &rng)!)
        case 4:   // the same in pipeline.json's store_schema
            let edited = ConfigJSON.set(ConfigJSON.set(json, ["store"], to: nowhere), ["store_schema"], to: ["pg_temp", String(repeating: "x", count: 64)].randomElement(using: &rng)!)
            return Case(json: edited, schema: nil)
        default:
            return Case(json: ConfigMutationTests.mutate(json, &rng), schema: nil)
        }
    }

    func testCheckFailsWheneverRunFailsForAConfigurationReasonWithTheSameCode() throws {
        let study = Studies.scratch()
        for item in ["raw", "study"] {
            try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent(item), to: study.appendingPathComponent(item))
        }
        let valid = try ConfigJSON.read(Studies.repository.appendingPathComponent("pipeline.json"))
        var rng = SplitMix64(seed: 19)
        var outcomes: [Int32: Int] = [:]
        for i in 0..<Self.iterations {
            let mutation = Self.storeMutation(valid, &rng)
            try ConfigJSON.write(mutation.json, to: study.appendingPathComponent("pipeline.json"))
            let store = mutation.schema.map { ["--store", Self.nowhere, "--store-schema", $0] } ?? []
            let (run, runTimedOut) = try Migstat.run(["run", "--no-verify", "--out", "out-\(i)"] + store, in: study, within: 120)
            let (check, checkTimedOut) = try Migstat.run(["check", "--no-verify"] + store, in: study, within: 120)
            XCTAssertFalse(runTimedOut || checkTimedOut, "case \(i) hung")
            outcomes[run.status, default: 0] += 1
            if run.status == 64 {
                XCTAssertEqual(check.status, 64, "case \(i): run refused the configuration, check did not: \(run.stderr) / check: \(check.stderr)")
                let error = { (r: Migstat.Result) in r.stderr.split(separator: "\n").first { $0.hasPrefix("migstat: error: ") } }
                XCTAssertEqual(error(check), error(run), "case \(i): the same error")
            }
            // A configuration the store cannot take is never met first by the store (a SQLite or server error).
            XCTAssertFalse(run.stderr.contains("duplicate column") && run.status != 64, "case \(i): \(run.stderr)")
            XCTAssertTrue([0, 1, 64, 65, 69].contains(run.status), "case \(i): run exited \(run.status): \(run.stderr)")
            if check.status == 0 { XCTAssertEqual(run.status, 0, "case \(i): check passed what run failed on: \(run.stderr)") }
        }
        XCTAssertGreaterThan(outcomes[64] ?? 0, Self.iterations / 3, "\(outcomes)")
        print("check/run parity: run's exit status → cases \(outcomes.sorted { $0.key < $1.key })")
    }

    /// The cases of the finding, each by name.
    func testTheFindingsConfigurationsFailInCheckAsInRun() throws {
        let study = Studies.scratch()
        for item in ["raw", "study"] {
            try FileManager.default.copyItem(at: Studies.repository.appendingPathComponent(item), to: study.appendingPathComponent(item))
        }
        let valid = try ConfigJSON.read(Studies.repository.appendingPathComponent("pipeline.json"))
        let (path, columns) = Self.tables(valid).first { $0.columns.count >= 2 }!
        let cases: [(String, Any, [String])] = [
            ("Q1/q1", ConfigJSON.set(valid, path + ["columns", 1, "name"], to: columns[0].uppercased()), []),
            ("source_line", ConfigJSON.set(valid, path + ["columns", 1, "name"], to: "source_line"), []),
            ("source_file", ConfigJSON.set(valid, path + ["columns", 1, "name"], to: "Source_File"), []),
            ("pg_temp", valid, ["--store", Self.nowhere, "--store-schema", "pg_temp"]),
        ]
        for (name, json, options) in cases {
            try ConfigJSON.write(json, to: study.appendingPathComponent("pipeline.json"))
            for command in ["check", "run"] {
                let r = try Migstat.run([command, "--no-verify"] + options, in: study)
                assertCleanFailure(r, status: 64, mentions: name == "pg_temp" ? "--store-schema" : "$.sources")
            }
        }
    }
}
