import Foundation
import MigstatCore
import XCTest
@testable import Aggregate

/// The Wilson interval against statsmodels, and the properties any design-based share must have.
final class ProportionTests: XCTestCase {
    func testWilsonMatchesStatsmodels() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/wilson_reference.csv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        XCTAssertEqual(lines.count, 3)
        for line in lines {
            let f = line.split(separator: ",").map(String.init)
            let n = Double(f[1])!, k = Double(f[2])!
            let (lo, hi) = Proportion.wilson(p: k / n, n: n)
            XCTAssertEqual(lo * 100, Double(f[4])!, accuracy: 1e-7, f[0])
            XCTAssertEqual(hi * 100, Double(f[5])!, accuracy: 1e-7, f[0])
        }
    }

    /// A random design: strata of 2-5 PSUs, 1-6 units each, weights 0.2-5.2; or with equal weights.
    func randomDesign(_ rng: inout SplitMix64, equalWeights: Bool = false) -> SampleDesign {
        var weights: [Double] = [], psu: [Int32] = [], psuStratum: [Int32] = [], count: [Int] = []
        for h in 0..<Int(rng.next() % 4 + 1) {
            let n = Int(rng.next() % 4 + 2)
            count.append(n)
            for _ in 0..<n {
                psuStratum.append(Int32(h))
                for _ in 0..<Int(rng.next() % 6 + 1) {
                    psu.append(Int32(psuStratum.count - 1))
                    weights.append(equalWeights ? 2.5 : 0.2 + Double(rng.next() % 1000) / 200)
                }
            }
        }
        return SampleDesign(kind: .designed, weights: weights, psu: psu, psuStratum: psuStratum,
                            strata: count.indices.map(String.init), psuCount: count, fpcFactor: count.map { _ in 1 })
    }

    func testNoDesignGivesWilsonOnNAndTheSimpleRandomSampleVariance() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<50 {
            let n = Int(rng.next() % 300) + 2
            let hits = (0..<n).map { _ in rng.next() % 3 == 0 }
            let k = hits.filter { $0 }.count
            let (r, u) = DesignedProportion.estimate(design: .simple(rows: n), rows: Array(0..<n), hits: hits)
            let p = Double(k) / Double(n)
            XCTAssertEqual(r.percent!, 100 * p, accuracy: 1e-9)
            let (lo, hi) = Proportion.wilson(p: p, n: Double(n))
            XCTAssertEqual(u.ciLow!, lo * 100, accuracy: 1e-9)
            XCTAssertEqual(u.ciHigh!, hi * 100, accuracy: 1e-9)
            XCTAssertEqual(u.method, .wilson)
            XCTAssertEqual(u.se!, 100 * (p * (1 - p) / Double(n - 1)).squareRoot(), accuracy: 1e-9)
            // The whole sample is its own domain: R's (N/(N-1))·((n-1)/n) is 1.
            if k > 0 && k < n { XCTAssertEqual(u.deff!, 1, accuracy: 1e-12) } else { XCTAssertNil(u.deff) }
            XCTAssertEqual(u.df, n - 1)
        }
    }

    /// R's deff = "replace" on subset() of an unweighted simple random sample: a domain of n of the N units has
    /// (N/(N-1))·((n-1)/n), below 1, so that se, deff and n_eff agree (Table 4.1's formal series: 0.9797).
    func testASimpleRandomSamplesDomainHasRsDesignEffect() {
        let total = 1000, hits = (0..<47).map { $0 % 2 == 0 }
        let rows = Array(stride(from: 0, to: 470, by: 10))
        let (_, u) = DesignedProportion.estimate(design: .simple(rows: total), rows: rows, hits: hits)
        XCTAssertEqual(u.deff!, 1000.0 / 999 * 46 / 47, accuracy: 1e-12)
        XCTAssertEqual(u.nEff!, 47 / u.deff!, accuracy: 1e-12)
    }

    func testEqualWeightsWithoutClustersHaveNoDesignEffect() {
        var rng = SplitMix64(seed: 14)
        for _ in 0..<50 {
            let n = Int(rng.next() % 300) + 3
            let hits = (0..<n).map { _ in rng.next() % 3 == 0 }
            guard hits.contains(true), hits.contains(false) else { continue }
            var weighted = SampleDesign.simple(rows: n)
            weighted.kind = .designed
            weighted.weights = Array(repeating: 3.7, count: n)
            let (_, a) = DesignedProportion.estimate(design: .simple(rows: n), rows: Array(0..<n), hits: hits)
            let (_, b) = DesignedProportion.estimate(design: weighted, rows: Array(0..<n), hits: hits)
            XCTAssertEqual(a.se!, b.se!, accuracy: 1e-9)
            XCTAssertEqual(b.deff!, 1, accuracy: 1e-9)
            XCTAssertEqual(b.method, .logit)
        }
    }

    func testScalingAllWeightsChangesNothing() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<50 {
            let design = randomDesign(&rng)
            let rows = design.weights.indices.filter { _ in rng.next() % 4 != 0 }
            let hits = rows.map { _ in rng.next() % 3 == 0 }
            var scaled = design
            let scale = 0.001 + Double(rng.next() % 10_000) / 7
            scaled.weights = design.weights.map { $0 * scale }
            let (ra, a) = DesignedProportion.estimate(design: design, rows: rows, hits: hits)
            let (rb, b) = DesignedProportion.estimate(design: scaled, rows: rows, hits: hits)
            XCTAssertEqual(ra.percent ?? -1, rb.percent ?? -1, accuracy: 1e-9)
            XCTAssertEqual(a.se ?? -1, b.se ?? -1, accuracy: 1e-9)
            XCTAssertEqual(a.deff ?? -1, b.deff ?? -1, accuracy: 1e-7)
            XCTAssertEqual(a.ciLow ?? -1, b.ciLow ?? -1, accuracy: 1e-9)
            XCTAssertEqual(a.ciHigh ?? -1, b.ciHigh ?? -1, accuracy: 1e-9)
            XCTAssertEqual(a.df, b.df)
        }
    }

    func testUnitOrderChangesNothing() {
        var rng = SplitMix64(seed: 13)
        for _ in 0..<50 {
            let design = randomDesign(&rng)
            var units = design.weights.indices.filter { _ in rng.next() % 3 != 0 }.map { ($0, rng.next() % 4 == 0) }
            let (ra, a) = DesignedProportion.estimate(design: design, rows: units.map(\.0), hits: units.map(\.1))
            units.shuffle(using: &rng)
            let (rb, b) = DesignedProportion.estimate(design: design, rows: units.map(\.0), hits: units.map(\.1))
            XCTAssertEqual(ra.percent ?? -1, rb.percent ?? -1, accuracy: 1e-9)
            XCTAssertEqual(a.se ?? -1, b.se ?? -1, accuracy: 1e-12)
            XCTAssertEqual(a.ciLow ?? -1, b.ciLow ?? -1, accuracy: 1e-9)
        }
    }

    func testClusteringWidensTheInterval() {
        // 20 PSUs of 10 units each: every unit of a PSU answers alike (a strong cluster effect).
        let n = 200
        let clustered = SampleDesign(kind: .designed, weights: Array(repeating: 1, count: n), psu: (0..<n).map { Int32($0 / 10) },
                                     psuStratum: Array(repeating: 0, count: 20), strata: [""], psuCount: [20], fpcFactor: [1])
        let hits = (0..<n).map { ($0 / 10) % 5 < 2 }
        let (_, a) = DesignedProportion.estimate(design: .simple(rows: n), rows: Array(0..<n), hits: hits)
        let (_, b) = DesignedProportion.estimate(design: clustered, rows: Array(0..<n), hits: hits)
        XCTAssertGreaterThan(b.se!, 2 * a.se!)
        XCTAssertGreaterThan(b.deff!, 5)
        XCTAssertEqual(b.df, 19)
    }

    func testEmptyBaseGivesNoPercentAndACensusNoInterval() {
        let (r, u) = DesignedProportion.estimate(design: .simple(rows: 3), rows: [], hits: [])
        XCTAssertNil(r.percent); XCTAssertNil(u.ciLow)
        let (c, v) = DesignedProportion.estimate(design: .simple(rows: 3, kind: .census), rows: [0, 1, 2], hits: [true, false, false])
        XCTAssertEqual(c.percent!, 100.0 / 3, accuracy: 1e-12)
        XCTAssertNil(v.se); XCTAssertNil(v.ciLow); XCTAssertNil(v.deff)
        XCTAssertEqual(v.method, .census)
    }
}

