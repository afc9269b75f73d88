@testable import Export
import Foundation
import MigstatCore
import XCTest

/// Numbers in the CSV files are printed at the precision they carry: at most 12 significant digits (and 10
/// decimals), so that binary noise (704068.4169999997) is never printed and one quantity prints alike everywhere.
final class PlainNumberTests: XCTestCase {
    func testASumOfWeightsPrintsAsItsExactDecimalSum() {
        XCTAssertEqual(formatPlain(704_068.416_999_999_7), "704068.417")
        XCTAssertEqual(formatPlain(704_068.417_000_000_6), "704068.417")
        XCTAssertEqual(formatPlain(0.032_130_480_3), "0.0321304803", "small numbers keep their 10 decimals")
        XCTAssertEqual(formatPlain(-0.000_000_000_04), "0")
        XCTAssertEqual(formatPlain(123_456_789_012_345), "123456789012345", "never fewer integer digits")
        // Weights of three decimals summed in binary floating point: the sum prints as the exact decimal sum.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let count = Int.random(in: 1...5_000, using: &generator)
            let thousandths = (0..<count).map { _ in Int64.random(in: 1...5_000_000, using: &generator) }
            let sum = thousandths.reduce(0.0) { $0 + Double($1) / 1000 }
            let exact = thousandths.reduce(0, +)
            var text = "\(exact / 1000).\(String(format: "%03lld", exact % 1000))"
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            XCTAssertEqual(formatPlain(sum), text, "\(count) weights")
        }
    }

    func testAPrintedNumberIsTheValueToTwelveSignificantDigits() {
        var generator = SystemRandomNumberGenerator()
        let drawn = (0..<10_000).map { _ in Double.random(in: -1...1, using: &generator) * pow(10, Double(Int.random(in: -6...11, using: &generator))) }
        // First a tie at the 10th decimal, once drawn at random: rounded away from zero, 5e-11 from the value.
        XCTAssertEqual(formatPlain(-9.79996854885), "-9.7999685489")
        for x in [-9.79996854885] + drawn {
            let printed = formatPlain(x)
            let back = Double(printed)!
            // Half a unit in the last place printed (the 12th digit, or the 10th decimal), plus the few ulps by
            // which the binary doubles miss those decimals: the tie is 5e-11 off as decimals, 5.000089e-11 as doubles.
            XCTAssertLessThanOrEqual(abs(back - x), max(abs(x) * 5e-12, 5e-11) + 4 * x.ulp, "\(x) printed \(printed)")
            let digits = printed.filter(\.isNumber).drop { $0 == "0" }
            XCTAssertLessThanOrEqual(digits.count, 12, "\(x) printed \(printed)")
        }
    }

    /// statistics.csv's total of members abroad and estimates.csv's base of Figure 4.4 are one sum of weights.
    func testTheCommittedOutputPrintsTheSameTotalAlikeAndNoNumberPastTwelveDigits() throws {
        let output = PythonReaders.root.appendingPathComponent("output")
        func read(_ name: String) throws -> [[String]] { CSVLines.parse(try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)) }
        let statistics = try read("statistics.csv"), estimates = try read("estimates.csv")
        let total = try XCTUnwrap(statistics.first { $0[0] == "migrants_abroad" })[statistics[0].firstIndex(of: "value")!]
        let base = try XCTUnwrap(estimates.first { $0[0] == "figure_4_4" })[estimates[0].firstIndex(of: "base_weighted")!]
        XCTAssertEqual(total, base)
        for (name, rows) in [("statistics.csv", statistics), ("estimates.csv", estimates), ("tests.csv", try read("tests.csv"))] {
            for row in rows.dropFirst() {
                for cell in row where Double(cell) != nil && cell.contains(".") {
                    XCTAssertLessThanOrEqual(cell.filter(\.isNumber).drop { $0 == "0" }.count, 12, "\(name): \(cell)")
                }
            }
        }
    }
}
