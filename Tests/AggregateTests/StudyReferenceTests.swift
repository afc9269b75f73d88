import Clean
import Foundation
import Join
import MigstatCore
import XCTest
@testable import Aggregate

/// Every survey estimate, statistic and test of the committed study against R's survey package, which computed
/// them from raw/ on its own (Fixtures/study/reference.R).
final class StudyReferenceTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/study")

    struct Study { var estimates: [Estimate]; var statistics: [Statistic]; var tests: [IndependenceTest]; var contrasts: [Contrast] }

    static func run() throws -> Study {
        let config = try ConfigLoader.load(path: root.appendingPathComponent("pipeline.json").path)
        let cleaned = try SourceCleaner(config: config, rawDirectory: root.appendingPathComponent("raw").path).run()
        let tables = try Joiner.run(config.joins, tables: cleaned.tables)
        let survey = config.exhibits.filter { config.deliveryTable(of: $0) == nil }
        return Study(estimates: try Aggregator(tables: tables).estimates(for: survey),
                     statistics: try StatisticsCalculator.compute(config.statistics, tables: tables),
                     tests: try CrossTabulation.tests(for: survey, tables: tables),
                     contrasts: try ContrastCalculator.compute(config.contrasts, exhibits: config.exhibits, aggregator: Aggregator(tables: tables)))
    }

    func expected(_ name: String) throws -> [[String]] {
        try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    var worst = 0.0, worstAbsolute = 0.0
    func close(_ a: Double?, _ b: String, _ what: String) {
        guard let r = Double(b) else { return XCTAssertNil(a, "\(what): R gives none") }
        guard let a else { return XCTFail("\(what): missing, R gives \(b)") }
        worstAbsolute = max(worstAbsolute, abs(a - r))
        if abs(a - r) > 1e-12 { worst = max(worst, abs(a - r) / abs(r)) }
        XCTAssertTrue(abs(a - r) <= 1e-12 || abs(a - r) <= 1e-8 * abs(r), "\(what): \(a) vs R \(r)")
    }

    func testEverySurveyEstimateMatchesRSurvey() throws {
        let study = try Self.run()
        let rows = try expected("estimates.csv")
        XCTAssertEqual(study.estimates.count, rows.count, "R covers every survey estimate")
        var byKey: [String: Estimate] = [:]
        for e in study.estimates { byKey["\(e.exhibit)/\(e.series)/\(e.category)"] = e }
        for f in rows {
            let key = "\(f[0])/\(f[1])/\(f[2])"
            guard let e = byKey[key] else { XCTFail("no estimate \(key)"); continue }
            close(e.percent, f[3], "\(key) percent"); close(e.se, f[4], "\(key) se"); close(e.deff, f[5], "\(key) deff")
            close(e.df.map(Double.init), f[6], "\(key) df"); close(e.ciLow, f[7], "\(key) ci_low"); close(e.ciHigh, f[8], "\(key) ci_high")
            XCTAssertEqual(e.interval.rawValue, f[9], key)
            close(e.weightedSE, f[12], "\(key) weighted_se")
            // The Korn–Graubard interval the NCHS presentation standard judges (R: svyciprop(method = "beta")).
            if !f[10].isEmpty, let p = e.percent, let se = e.se, let df = e.df {
                let kg = KornGraubard.interval(p: p / 100, se: se / 100, n: e.baseN, df: df)
                close(kg.map { $0.low * 100 }, f[10], "\(key) kg_low"); close(kg.map { $0.high * 100 }, f[11], "\(key) kg_high")
            }
        }
        print("study estimates: worst relative difference from R \(worst), absolute \(worstAbsolute)")
    }

    func testStatisticsAndTestsMatchRSurvey() throws {
        let study = try Self.run()
        let statistics = try expected("statistics.csv")
        XCTAssertEqual(study.statistics.count, statistics.count)
        for f in statistics {
            guard let s = study.statistics.first(where: { $0.id == f[0] })?.result else { XCTFail("no statistic \(f[0])"); continue }
            close(s.estimate, f[1], "\(f[0]) value"); close(s.se, f[2], "\(f[0]) se"); close(s.deff, f[3], "\(f[0]) deff")
            close(s.df.map(Double.init), f[4], "\(f[0]) df"); close(s.ciLow, f[5], "\(f[0]) ci_low"); close(s.ciHigh, f[6], "\(f[0]) ci_high")
        }
        let tests = try expected("tests.csv")
        XCTAssertEqual(study.tests.count, tests.count)
        for f in tests {
            guard let t = study.tests.first(where: { $0.exhibit == f[0] })?.test else { XCTFail("no test \(f[0])"); continue }
            close(t.pearson, f[1], "\(f[0]) X2"); close(t.f, f[2], "\(f[0]) F"); close(t.ndf, f[3], "\(f[0]) df1")
            close(t.ddf, f[4], "\(f[0]) df2"); close(t.p, f[5], "\(f[0]) p")
        }
        let contrasts = try expected("contrasts.csv")
        XCTAssertEqual(study.contrasts.map(\.id), contrasts.map { $0[0] }, "the study's declared contrasts, in order")
        for (c, f) in zip(study.contrasts, contrasts) {
            close(c.percentA, f[1], "\(f[0]) percent_a"); close(c.percentB, f[2], "\(f[0]) percent_b"); close(c.difference, f[3], "\(f[0]) difference")
            close(c.se, f[4], "\(f[0]) se"); close(c.ciLow, f[5], "\(f[0]) ci_low"); close(c.ciHigh, f[6], "\(f[0]) ci_high")
            close(c.df.map(Double.init), f[7], "\(f[0]) df"); close(c.t, f[8], "\(f[0]) t")
            // p is of the order of 1e-20 here: compared relatively, not to 1e-12 absolute.
            XCTAssertEqual(c.p ?? 0, Double(f[9])!, accuracy: 1e-8 * Double(f[9])!, "\(f[0]) p")
        }
        print("study statistics and tests: worst relative difference from R \(worst), absolute \(worstAbsolute)")
    }
}
