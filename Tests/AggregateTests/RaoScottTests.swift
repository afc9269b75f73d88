import Foundation
import MigstatCore
import XCTest
@testable import Aggregate

/// RaoScott.test against survey::svychisq(statistic = "F") (Fixtures/raoscott/reference.R wrote reference.csv
/// from the designs it builds on data.csv), and the cases where the test is undefined.
final class RaoScottTests: XCTestCase {
    struct Case {
        var name: String, rows: Int, columns: Int, n: Double, nu: Double
        var proportions: [Double], covariance: [Double], expected: RaoScottTest
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/raoscott/reference.csv")
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",").map(String.init)
            let list = { (s: String) in s.split(separator: ";").map { Double($0)! } }
            return Case(name: f[0], rows: Int(f[1])!, columns: Int(f[2])!, n: Double(f[3])!, nu: Double(f[4])!,
                        proportions: list(f[5]), covariance: list(f[6]),
                        expected: RaoScottTest(pearson: Double(f[7])!, f: Double(f[8])!, ndf: Double(f[9])!,
                                               ddf: Double(f[10])!, p: Double(f[11])!))
        }
    }()

    func testMatchesSvychisq() throws {
        XCTAssertEqual(Self.cases.count, 9)
        var worst: [String: Double] = [:]
        for c in Self.cases {
            let got = try XCTUnwrap(RaoScott.test(rows: c.rows, columns: c.columns, proportions: c.proportions,
                                                  covariance: c.covariance, n: c.n, designDF: c.nu), c.name)
            let pairs: [(String, Double, Double)] = [
                ("pearson", got.pearson, c.expected.pearson), ("f", got.f, c.expected.f), ("ndf", got.ndf, c.expected.ndf),
                ("ddf", got.ddf, c.expected.ddf), ("p", got.p, c.expected.p),
            ]
            for (field, value, expected) in pairs {
                let error = abs(value - expected) / abs(expected)
                worst[field] = max(worst[field] ?? 0, error)
                XCTAssertLessThanOrEqual(error, 1e-8, "\(c.name) \(field): \(value), R: \(expected)")
            }
        }
        print("RaoScott worst relative errors:", worst.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    func testUndefinedTestsGiveNil() throws {
        let c = try XCTUnwrap(Self.cases.first { $0.name == "stratified_2x3" })
        func run(_ proportions: [Double], nu: Double = c.nu, covariance: [Double]? = nil) -> RaoScottTest? {
            RaoScott.test(rows: c.rows, columns: c.columns, proportions: proportions,
                          covariance: covariance ?? c.covariance, n: c.n, designDF: nu)
        }
        XCTAssertNotNil(run(c.proportions))
        // A column with no weight (cells (0, 2) and (1, 2) at indices 4 and 5).
        var emptyColumn = c.proportions
        let moved = emptyColumn[4] + emptyColumn[5]
        emptyColumn[4] = 0; emptyColumn[5] = 0; emptyColumn[0] += moved
        XCTAssertNil(run(emptyColumn))
        // No variance at all: Delta is zero.
        XCTAssertNil(run(c.proportions, covariance: [Double](repeating: 0, count: c.covariance.count)))
        // A design without degrees of freedom, and inputs of the wrong shape.
        XCTAssertNil(run(c.proportions, nu: 0))
        XCTAssertNil(run(Array(c.proportions.dropLast())))
    }

    /// The statistic does not depend on the order of the categories: swapping two rows permutes the cells.
    func testRowOrderDoesNotMatter() throws {
        let c = try XCTUnwrap(Self.cases.first { $0.name == "stratified_3x4" })
        let cells = c.rows * c.columns
        // New cell k takes old cell permutation[k]: rows 0 and 2 swapped.
        let permutation = (0..<cells).map { k -> Int in
            let (i, j) = (k % c.rows, k / c.rows)
            return [2, 1, 0][i] + j * c.rows
        }
        let proportions = permutation.map { c.proportions[$0] }
        let covariance = (0..<cells * cells).map { c.covariance[permutation[$0 / cells] * cells + permutation[$0 % cells]] }
        let a = try XCTUnwrap(RaoScott.test(rows: c.rows, columns: c.columns, proportions: c.proportions,
                                            covariance: c.covariance, n: c.n, designDF: c.nu))
        let b = try XCTUnwrap(RaoScott.test(rows: c.rows, columns: c.columns, proportions: proportions,
                                            covariance: covariance, n: c.n, designDF: c.nu))
        for (x, y) in [(a.f, b.f), (a.ndf, b.ndf), (a.p, b.p), (a.pearson, b.pearson)] {
            XCTAssertEqual(x, y, accuracy: 1e-10 * abs(x))
        }
    }
}
