import Foundation
import XCTest
@testable import Aggregate

/// The distributions against R (Fixtures/distributions/reference.R wrote reference.csv).
final class DistributionsTests: XCTestCase {
    struct Reference { var fun: String; var x, value: Double; var df1, df2: Double? }

    static let references: [Reference] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/distributions/reference.csv")
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Reference(fun: f[0], x: Double(f[1])!, value: Double(f[4])!, df1: Double(f[2]), df2: Double(f[3]))
        }
    }()

    /// Compares every reference of `fun` and returns the worst relative error (absolute below `floor`).
    func worstError(_ fun: String, floor: Double = 1e-300, _ compute: (Reference) -> Double) -> (error: Double, count: Int) {
        var worst = 0.0, count = 0, worstCase = ""
        for r in Self.references where r.fun == fun {
            let got = compute(r)
            let error = abs(got - r.value) / max(abs(r.value), floor)
            if !(error <= worst) { worst = error; worstCase = "(\(r.x), \(r.df1 ?? .nan), \(r.df2 ?? .nan)): \(got), R: \(r.value)" }
            count += 1
            if !(error <= 1e-12) { XCTFail("\(fun)(\(r.x), \(r.df1 ?? .nan), \(r.df2 ?? .nan)) = \(got), R: \(r.value)") }
        }
        print("\(fun): worst relative error \(worst) over \(count) values, at \(worstCase)")
        return (worst, count)
    }

    func testStudentQuantileMatchesR() {
        let (worst, count) = worstError("qt") { StudentT.quantile($0.x, df: $0.df1!) }
        XCTAssertGreaterThan(count, 700)
        XCTAssertLessThanOrEqual(worst, 1e-12)
    }

    func testStudentCDFMatchesR() {
        let (worst, count) = worstError("pt") { StudentT.cdf($0.x, df: $0.df1!) }
        XCTAssertGreaterThan(count, 100)
        XCTAssertLessThanOrEqual(worst, 1e-12)
    }

    func testNormalQuantileMatchesR() {
        let (worst, count) = worstError("qnorm") { NormalDistribution.quantile($0.x) }
        XCTAssertGreaterThan(count, 15)
        XCTAssertLessThanOrEqual(worst, 1e-14)
    }

    func testNormalCDFMatchesR() {
        let (worst, count) = worstError("pnorm") { NormalDistribution.cdf($0.x) }
        XCTAssertGreaterThan(count, 10)
        XCTAssertLessThanOrEqual(worst, 1e-12)
    }

    func testFUpperTailMatchesR() {
        let (worst, count) = worstError("pf") { FDistribution.upperTail($0.x, df1: $0.df1!, df2: $0.df2!) }
        XCTAssertGreaterThan(count, 200)
        XCTAssertLessThanOrEqual(worst, 1e-12)
    }

    func testQuantileInvertsCDF() {
        for df in [0.5, 1, 3.3, 29, 1e3, 2e5] {
            for p in [1e-9, 0.01, 0.3, 0.5, 0.77, 0.999] {
                let q = StudentT.quantile(p, df: df)
                XCTAssertEqual(StudentT.cdf(q, df: df), p, accuracy: 1e-12 * max(p, 1 - p), "df \(df), p \(p)")
            }
        }
    }

    /// Independent of R: t with 1 df is Cauchy, q = tan(π(p - ½)); with 2 df, q = (2p - 1)/√(2p(1 - p)).
    /// Near p = ½ and p = 1 these are where R's own qt loses digits (see reference.R).
    func testClosedFormsForOneAndTwoDegrees() {
        for p in [1e-10, 1e-4, 0.3, 0.4999999, 0.5000001, 0.7, 1 - 1e-6, 1 - 1e-10] {
            // Each form where its argument is exact: p - ½ near the centre, p and 1 - p in the tails.
            let cauchy = abs(p - 0.5) < 0.25 ? tan(Double.pi * (p - 0.5))
                : p < 0.5 ? -1 / tan(Double.pi * p) : 1 / tan(Double.pi * (1 - p))
            XCTAssertEqual(StudentT.quantile(p, df: 1), cauchy, accuracy: 1e-14 * abs(cauchy), "p \(p)")
            let two = (2 * p - 1) / (2 * p * (1 - p)).squareRoot()
            XCTAssertEqual(StudentT.quantile(p, df: 2), two, accuracy: 1e-14 * abs(two), "p \(p)")
        }
    }

    /// Far tails: x^a is computed as exp(a·log x), whose relative error grows like |log p|·ε (still 1e-14 here).
    func testFarTailAgainstClosedForm() {
        let p = 1e-200
        XCTAssertEqual(StudentT.quantile(p, df: 2), (2 * p - 1) / (2 * p * (1 - p)).squareRoot(), accuracy: 1e-13 * 7.08e99)
        XCTAssertEqual(StudentT.quantile(p, df: 1), -1 / tan(Double.pi * p), accuracy: 1e-13 * 3.19e199)
    }

    func testEdgesAndSymmetry() {
        XCTAssertEqual(StudentT.quantile(0.5, df: 7), 0)
        XCTAssertEqual(StudentT.quantile(0.25, df: 12.5), -StudentT.quantile(0.75, df: 12.5))
        XCTAssertEqual(StudentT.quantile(0.975, df: .infinity), NormalDistribution.quantile(0.975))
        XCTAssertEqual(StudentT.quantile(0.975, df: 1e30), NormalDistribution.quantile(0.975))
        XCTAssertEqual(StudentT.quantile(1e-300, df: 0.5), -.infinity)   // about -1e600: beyond doubles, as R says
        // Far beyond 1e100, where the cdf uses the leading term of its tail: R gives -1.1166011909610632e+220.
        XCTAssertEqual(StudentT.quantile(0.3, df: 0.001), -1.1166011909610632e+220, accuracy: 1e-13 * 1.1166e220)
        XCTAssertEqual(StudentT.cdf(0, df: 3), 0.5)
        XCTAssertEqual(FDistribution.upperTail(0, df1: 2, df2: 3), 1)
        XCTAssertEqual(FDistribution.upperTail(.infinity, df1: 2, df2: 3), 0)
        XCTAssertTrue(StudentT.quantile(0.5, df: -1).isNaN)
        XCTAssertTrue(FDistribution.upperTail(1, df1: 0, df2: 3).isNaN)
    }
}
