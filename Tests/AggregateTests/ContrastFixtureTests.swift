import Foundation
import MigstatCore
import XCTest
@testable import Aggregate

/// Contrasts of a category between two domains against R (`svyratio(…, covmat = TRUE)` then `svycontrast`, and
/// `svyby(…, covmat = TRUE)` for disjoint domains): Fixtures/generated/reference.R wrote contrasts.csv.
final class ContrastFixtureTests: XCTestCase {
    func testDisjointCrossClassAndOverlappingDomainsMatchR() throws {
        let sample = try GeneratedSample { ["s1", "s2", "s3", "s4", "s5", "s6"].contains($0) }
        let y = sample.flags("y") { $0 == "1" }, rare = sample.flags("rare") { $0 == "1" }, common = sample.flags("common") { $0 == "1" }
        let a = sample.flags("in_a") { $0 == "1" }, b = sample.flags("in_b") { $0 == "1" }, all = Array(repeating: true, count: sample.count)
        let region = sample.columns["region"]!, settlement = sample.columns["settlement"]!, stratum = sample.columns["stratum"]!
        let domains: [String: ([Bool], [Bool], [Bool])] = [
            "north_south_y": (region.map { $0 == "north" }, region.map { $0 == "south" }, y),
            "urban_rural_y": (settlement.map { $0 == "urban" }, settlement.map { $0 == "rural" }, y),
            "strata_y": (stratum.map { ["s1", "s2"].contains($0) }, stratum.map { ["s3", "s4", "s5"].contains($0) }, y),
            "a_b_y": (a, b, y), "a_b_rare": (a, b, rare), "a_b_common": (a, b, common), "a_all_y": (a, all, y),
        ]
        func domain(_ member: [Bool], _ hit: [Bool]) -> DomainContrast.Domain {
            let rows = member.indices.filter { member[$0] }
            return (rows, rows.map { hit[$0] })
        }
        var compare = RComparison()
        let rows = try GeneratedSample.expected("contrasts.csv")
        XCTAssertEqual(rows.count, 14)
        for f in rows {
            let (inA, inB, hit) = domains[f[1]]!
            let r = DomainContrast.estimate(design: sample.design(stratified: f[0] == "stratified"), a: domain(inA, hit), b: domain(inB, hit))
            let key = "\(f[0])/\(f[1])"
            for (value, expected, name) in [(r.percentA, f[2], "percent_a"), (r.percentB, f[3], "percent_b"), (r.difference, f[4], "difference"),
                                            (r.se, f[5], "se"), (r.ciLow, f[6], "ci_low"), (r.ciHigh, f[7], "ci_high"),
                                            (r.df.map(Double.init), f[8], "df"), (r.t, f[9], "t"), (r.p, f[10], "p_value")] {
                XCTAssertTrue(compare.check(value, expected, name), "\(key) \(name): \(String(describing: value)) vs R \(expected)")
            }
        }
        print("generated contrasts: worst absolute difference from R \(compare.worstAbsolute)")
    }

    /// Without the covariance (as if the domains were independent samples) an overlapping contrast's se is wrong:
    /// the test fails if the joint linearisation is dropped.
    func testOverlapChangesTheStandardError() throws {
        let sample = try GeneratedSample { ["s1", "s2", "s3", "s4", "s5", "s6"].contains($0) }
        let y = sample.flags("y") { $0 == "1" }, a = sample.flags("in_a") { $0 == "1" }
        let rows = a.indices.filter { a[$0] }, all = Array(sample.columns["id"]!.indices)
        let design = sample.design()
        let joint = DomainContrast.estimate(design: design, a: (rows, rows.map { y[$0] }), b: (all, all.map { y[$0] }))
        let seA = DesignedProportion.estimate(design: design, rows: rows, hits: rows.map { y[$0] }).1.se!
        let seAll = DesignedProportion.estimate(design: design, rows: all, hits: y).1.se!
        XCTAssertLessThan(joint.se!, (seA * seA + seAll * seAll).squareRoot() * 0.9, "a domain within the other is positively correlated with it")
    }
}
