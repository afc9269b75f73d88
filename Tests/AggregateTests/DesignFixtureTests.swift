import Clean
import Foundation
import Join
import MigstatCore
import XCTest
@testable import Aggregate

/// Every share of the design fixtures (stratified, clustered, fpc, members clustered in households, domains, a
/// tiny domain, shares of 0 and near 0 and 1, unequal weights, simple random samples) against R's survey
/// package: Fixtures/design/reference.R wrote expected.csv.
final class DesignFixtureTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/design")

    /// The fixture study run through cleaning, joins and aggregation, as the pipeline runs it.
    static func estimates(rawDirectory: String = folder.appendingPathComponent("raw").path,
                          editing edit: ((inout [String: Any]) -> Void)? = nil) throws -> [Estimate] {
        var config = try ConfigLoader.load(path: folder.appendingPathComponent("pipeline.json").path)
        if let edit {
            var json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("pipeline.json"))) as! [String: Any]
            edit(&json)
            config = try ConfigLoader.decode(try JSONSerialization.data(withJSONObject: json))
        }
        let cleaned = try SourceCleaner(config: config, rawDirectory: rawDirectory).run()
        let tables = try Joiner.run(config.joins, tables: cleaned.tables)
        return try Aggregator(tables: tables).estimates(for: config.exhibits)
    }

    func testEverySharesUncertaintyMatchesRSurvey() throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent("expected.csv"), encoding: .utf8)
        let expected = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let computed = try Self.estimates()
        var byKey: [String: Estimate] = [:]
        for e in computed { byKey["\(e.exhibit)/\(e.series)/\(e.category)"] = e }
        XCTAssertEqual(expected.count, 50)
        XCTAssertEqual(computed.count, expected.count, "one estimate per expected row")
        var worst = 0.0
        func close(_ a: Double?, _ b: String, _ what: String, _ key: String) {
            guard let r = Double(b) else { return XCTAssertNil(a, "\(key) \(what): R gives none") }
            guard let a else { return XCTFail("\(key) \(what): missing, R gives \(b)") }
            let error = abs(a - r) / max(abs(r), 1e-300)
            if abs(a - r) > 1e-12 { worst = max(worst, error) }
            XCTAssertTrue(abs(a - r) <= 1e-12 || error <= 1e-8, "\(key) \(what): \(a) vs R \(r)")
        }
        for f in expected {
            let key = "\(f[0])/\(f[1])/\(f[2])"
            guard let e = byKey[key] else { XCTFail("no estimate \(key)"); continue }
            close(e.percent, f[3], "percent", key)
            close(e.se, f[4], "se", key)
            close(e.deff, f[5], "deff", key)
            close(e.df.map(Double.init), f[6], "df", key)
            close(e.ciLow, f[7], "ci_low", key)
            close(e.ciHigh, f[8], "ci_high", key)
            XCTAssertEqual(e.interval.rawValue, f[9], key)
            close(e.weightedSE, f[10], "weighted_se", key)
        }
        print("design fixtures: worst relative difference from R \(worst)")
    }

    /// A stratum with a single PSU in the whole sample is an error naming it (R's lonely.psu = "fail").
    func testAStratumWithOnePSUIsAnErrorNamingIt() throws {
        let raw = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-design-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: raw, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: raw) }
        for f in ["members.csv", "persons.csv"] {
            try FileManager.default.copyItem(at: Self.folder.appendingPathComponent("raw/\(f)"), to: raw.appendingPathComponent(f))
        }
        // Every household of stratum N/b moved into one enumeration area.
        let lines = try String(contentsOf: Self.folder.appendingPathComponent("raw/households.csv"), encoding: .utf8).split(separator: "\n").map { line -> String in
            var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if f[1] == "N", f[2] == "b" { f[3] = "999" }
            return f.joined(separator: ",")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: raw.appendingPathComponent("households.csv"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Self.estimates(rawDirectory: raw.path)) { error in
            XCTAssertTrue("\(error)".contains("stratum \"N/b\" has a single PSU in the whole sample"), "\(error)")
        }
        // Declared "adjust" (R's survey.lonely.psu), the same sample is estimated, with a variance for every share.
        let adjusted = try Self.estimates(rawDirectory: raw.path) { json in
            var sources = json["sources"] as! [[String: Any]]
            for s in sources.indices {   // svy and svyfpc read the same households
                var tables = sources[s]["tables"] as! [[String: Any]]
                guard var design = tables[0]["design"] as? [String: Any], design["psu"] != nil else { continue }
                design["lonely_psu"] = "adjust"
                tables[0]["design"] = design; sources[s]["tables"] = tables
            }
            json["sources"] = sources
        }
        XCTAssertTrue(adjusted.filter { $0.exhibit == "hh_y" && $0.percent.map { $0 > 0 && $0 < 100 } == true }.allSatisfy { $0.se != nil && $0.se! > 0 })
    }
}
