import Aggregate
import MigstatCore
import XCTest
@testable import Verify

final class VerifierTests: XCTestCase {
    func estimate(_ category: String, percent: Double, n: Int = 10) -> Estimate {
        Estimate(exhibit: "e", series: "s", category: category, label: category, n: n, baseN: 100, weighted: Double(n), baseWeighted: 100,
                 percent: percent, ciLow: nil, ciHigh: nil, interval: .wilson)
    }
    func published(_ category: String, _ value: String, kind: String = "table", measure: String = "percent") -> PublishedValue {
        PublishedValue(exhibit: "e", series: "s", category: category, measure: measure, published: value, kind: kind, quote: "", line: 2)
    }

    func testRoundsAsPrintedAndFlagsDifferences() {
        let rows = Verifier.verify([published("a", "61.2"), published("a", "61"), published("b", "10.3"), published("a", "2.0")],
                                   against: [estimate("a", percent: 61.20861), estimate("b", percent: 10.25)])
        XCTAssertEqual(rows.map(\.computed), ["61.2", "61", "10.3", "61.2"])
        XCTAssertEqual(rows.map(\.status), [.match, .match, .match, .differs])
    }

    func testProseClaimsThatTheDataContradictAreTextDiffers() {
        let rows = Verifier.verify([published("a", "16", kind: "text"), published("a", ">70", kind: "text"), published("a", ">30", kind: "text")],
                                   against: [estimate("a", percent: 33.6)])
        XCTAssertEqual(rows.map(\.status), [.textDiffers, .textDiffers, .match])
        XCTAssertEqual(rows[0].computed, "34")
    }

    func testCountsAndMissingEstimates() {
        let rows = Verifier.verify([published("a", "10", measure: "n"), published("zz", "5")], against: [estimate("a", percent: 1, n: 10)])
        XCTAssertEqual(rows.map(\.status), [.match, .differs])
        XCTAssertEqual(rows[1].computed, "missing")
    }

    func testPublishedNumberParsing() {
        XCTAssertEqual(PublishedNumber("61.2")?.decimals, 1)
        XCTAssertEqual(PublishedNumber(">70")?.relation, .greater)
        XCTAssertNil(PublishedNumber("about 5"))
        XCTAssertNil(PublishedNumber(""))
    }
}
