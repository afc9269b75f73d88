import Foundation
import XCTest
@testable import Aggregate

/// The estimator against values computed independently (statsmodels, see Fixtures/README.md),
/// and the properties any weighted proportion must have.
final class ProportionTests: XCTestCase {
    struct Case { var name: String; var units: [(weight: Double, hit: Bool)]; var percent, low, high: Double }

    func loadReference() throws -> [Case] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/proportion_reference.csv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        return lines.map { line in
            let f = line.split(separator: ",").map(String.init)
            let w = f[1].split(separator: ";").map { Double($0)! }
            let h = f[2].split(separator: ";").map { $0 == "1" }
            return Case(name: f[0], units: Array(zip(w, h)).map { (weight: $0.0, hit: $0.1) }, percent: Double(f[3])!, low: Double(f[4])!, high: Double(f[5])!)
        }
    }

    func testMatchesIndependentlyComputedReferenceValues() throws {
        let cases = try loadReference()
        XCTAssertEqual(cases.count, 5)
        for c in cases {
            let r = Proportion.estimate(c.units)
            XCTAssertEqual(r.percent!, c.percent, accuracy: 1e-8, c.name)
            XCTAssertEqual(r.ciLow!, c.low, accuracy: 1e-7, c.name)
            XCTAssertEqual(r.ciHigh!, c.high, accuracy: 1e-7, c.name)
            XCTAssertEqual(r.method, c.name.hasPrefix("weighted") ? .wilsonKish : .wilson, c.name)
        }
    }

    func testAllWeightsOneEqualsUnweighted() {
        var rng = SplitMix(seed: 11)
        for _ in 0..<50 {
            let n = Int(rng.next() % 300) + 1
            let hits = (0..<n).map { _ in rng.next() % 3 == 0 }
            let ones = Proportion.estimate(hits.map { (1.0, $0) })
            let k = hits.filter { $0 }.count
            XCTAssertEqual(ones.n, k)
            XCTAssertEqual(ones.weighted, Double(k))
            XCTAssertEqual(ones.baseWeighted, Double(n))
            XCTAssertEqual(ones.percent!, 100 * Double(k) / Double(n), accuracy: 1e-9)
            let (lo, hi) = Proportion.wilson(p: Double(k) / Double(n), n: Double(n))
            XCTAssertEqual(ones.ciLow!, lo * 100, accuracy: 1e-9)
            XCTAssertEqual(ones.ciHigh!, hi * 100, accuracy: 1e-9)
        }
    }

    func testScalingAllWeightsChangesNoPercentNorInterval() {
        var rng = SplitMix(seed: 12)
        for _ in 0..<50 {
            let units = (0..<(Int(rng.next() % 200) + 2)).map { _ in (weight: 0.2 + Double(rng.next() % 1000) / 200, hit: rng.next() % 2 == 0) }
            let scale = 0.001 + Double(rng.next() % 10_000) / 7
            let a = Proportion.estimate(units), b = Proportion.estimate(units.map { ($0.weight * scale, $0.hit) })
            XCTAssertEqual(a.percent!, b.percent!, accuracy: 1e-9)
            XCTAssertEqual(a.ciLow!, b.ciLow!, accuracy: 1e-9)
            XCTAssertEqual(a.ciHigh!, b.ciHigh!, accuracy: 1e-9)
            XCTAssertEqual(a.n, b.n)
        }
    }

    func testReorderingUnitsChangesNothing() {
        var rng = SplitMix(seed: 13)
        for _ in 0..<50 {
            var units = (0..<(Int(rng.next() % 200) + 2)).map { _ in (weight: 0.5 + Double(rng.next() % 100) / 10, hit: rng.next() % 4 == 0) }
            let a = Proportion.estimate(units)
            units.shuffle(using: &rng)
            let b = Proportion.estimate(units)
            XCTAssertEqual(a.percent!, b.percent!, accuracy: 1e-9)
            XCTAssertEqual(a.ciLow!, b.ciLow!, accuracy: 1e-9)
        }
    }

    func testUnequalWeightsWidenTheInterval() {
        let equal = Proportion.estimate((0..<100).map { (1.0, $0 < 40) })
        let unequal = Proportion.estimate((0..<100).map { (($0 % 2 == 0) ? 3.0 : 0.5, $0 < 40) })
        XCTAssertGreaterThan(unequal.ciHigh! - unequal.ciLow!, equal.ciHigh! - equal.ciLow!)
    }

    func testEmptyBaseGivesNoPercent() {
        let r = Proportion.estimate([])
        XCTAssertNil(r.percent)
        XCTAssertEqual(r.baseN, 0)
    }
}

/// A tiny deterministic generator so property tests are repeatable.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
