import Foundation
import XCTest
@testable import Aggregate

/// The beta quantile's first halvings are steered by a cheap cdf and then confirmed: the result must be the plain
/// bisection's, bit for bit, over the shapes the Korn–Graubard interval asks for (tiny to large effective sizes,
/// shares near 0, ½ and 1) and the tails it asks at.
final class BetaQuantileTests: XCTestCase {
    /// The bisection on the exact cdf from [0, 1], as the quantile was computed before the cheap steering.
    func plainBisection(_ p: Double, a: Double, b: Double) -> Double {
        if p <= 0 || a <= 0 { return 0 }
        if p >= 1 || b <= 0 { return 1 }
        var low = 0.0, high = 1.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if mid == low || mid == high { break }
            if BetaDistribution.cdf(mid, a: a, b: b) < p { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }

    func testSteeredBisectionEqualsThePlainOneBitForBit() {
        var compared = 0
        for effective in [0.5, 1, 2.7, 10, 31, 99.5, 400, 2_500, 40_000, 1e6] {
            for share in [1e-9, 1e-4, 0.003, 0.05, 0.31, 0.5, 0.77, 0.96, 0.9995, 1 - 1e-9] {
                let x = share * effective
                for (p, a, b) in [(0.025, x, effective - x + 1), (0.975, x + 1, effective - x), (0.5, x, effective - x)] where a > 0 && b > 0 {
                    let steered = BetaDistribution.quantile(p, a: a, b: b)
                    XCTAssertEqual(steered.bitPattern, plainBisection(p, a: a, b: b).bitPattern, "p \(p), a \(a), b \(b)")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 250)
    }

    /// A quantile below 2⁻²⁰⁰ (a share of nearly 0): the plain bisection stops after 200 halvings, and so must this.
    func testTheHalvingBudgetIsTheSame() {
        for (p, a, b) in [(0.025, 1e-3, 50.0), (0.025, 1e-6, 3.0), (1e-300, 0.5, 0.5)] {
            XCTAssertEqual(BetaDistribution.quantile(p, a: a, b: b).bitPattern, plainBisection(p, a: a, b: b).bitPattern, "p \(p), a \(a), b \(b)")
        }
    }
}
