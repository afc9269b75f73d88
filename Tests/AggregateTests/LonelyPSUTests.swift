import Foundation
import MigstatCore
import XCTest
@testable import Aggregate

/// Strata with a single PSU under each of R's answers (`survey.lonely.psu`): Fixtures/generated/lonely.R wrote
/// lonely.csv for the generated sample, whose strata s7 and s8 have one PSU each.
final class LonelyPSUTests: XCTestCase {
    func testEveryAnswerMatchesR() throws {
        let sample = try GeneratedSample()
        let y = sample.flags("y") { $0 == "1" }, stratum = sample.columns["stratum"]!
        let domains: [String: [Bool]] = [
            "all": Array(repeating: true, count: sample.count), "north": sample.flags("region") { $0 == "north" },
            "in_a": sample.flags("in_a") { $0 == "1" }, "no_s8": stratum.map { $0 != "s8" }, "s7_only": stratum.map { ["s6", "s7"].contains($0) },
        ]
        var compare = RComparison()
        let expected = try GeneratedSample.expected("lonely.csv")
        XCTAssertEqual(expected.count, 20)
        for f in expected {
            var design = sample.design()
            design.lonelyPSU = LonelyPSU(rawValue: f[0])!
            let member = domains[f[1]]!
            let rows = member.indices.filter { member[$0] }
            let (point, u) = DesignedProportion.estimate(design: design, rows: rows, hits: rows.map { y[$0] })
            let key = "\(f[0])/\(f[1])"
            XCTAssertTrue(compare.check(point.percent.map { $0 / 100 }, f[2], "mean"), "\(key) mean")
            XCTAssertTrue(compare.check(u.se.map { $0 / 100 }, f[3], "mean_se"), "\(key) se: \(u.se.map { $0 / 100 } ?? .nan) vs R \(f[3])")
            XCTAssertTrue(compare.check(point.weighted, f[4], "total"), "\(key) total")
            XCTAssertTrue(compare.check(u.weightedSE, f[5], "total_se"), "\(key) total se: \(u.weightedSE ?? .nan) vs R \(f[5])")
            XCTAssertEqual(u.df, Int(f[6]), key)
        }
        print("lonely PSUs: worst absolute difference from R \(compare.worstAbsolute)")
    }

    /// The answers differ where they should: adjust adds the lonely PSUs' totals, average scales the others up,
    /// remove and certainty leave them out.
    func testTheAnswersDiffer() throws {
        let sample = try GeneratedSample()
        let y = sample.flags("y") { $0 == "1" }, rows = Array(0..<sample.count)
        func se(_ answer: LonelyPSU) -> Double {
            var design = sample.design()
            design.lonelyPSU = answer
            return DesignedProportion.estimate(design: design, rows: rows, hits: y).1.se!
        }
        XCTAssertEqual(se(.remove), se(.certainty))
        XCTAssertEqual(se(.remove), se(.fail), "fail never reaches the variance: the design is refused before")
        XCTAssertGreaterThan(se(.adjust), se(.remove))
        XCTAssertEqual(se(.average), se(.remove) * (8.0 / 6).squareRoot(), accuracy: 1e-12)
    }

    /// The design's `lonely_psu` reaches the design the pipeline builds: the fixture's stratum made lonely is an
    /// error by default and estimated under "adjust".
    func testTheDeclaredAnswerIsTheDesigns() throws {
        let design = try DesignConfig.decoded(#"{"weight": "w", "strata": "s", "psu": "p", "lonely_psu": "average"}"#)
        XCTAssertEqual(design.lonelyPSU, .average)
        XCTAssertEqual(try DesignConfig.decoded(#"{"weight": "w"}"#).lonelyPSU, .fail)
        XCTAssertThrowsError(try DesignConfig.decoded(#"{"weight": "w", "lonely_psu": "scale"}"#))
    }
}

extension DesignConfig {
    static func decoded(_ json: String) throws -> DesignConfig { try JSONDecoder().decode(DesignConfig.self, from: Data(json.utf8)) }
}
