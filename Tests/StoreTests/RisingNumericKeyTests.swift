import XCTest
@testable import Store

/// Only canonical numbers count as numbers: two different texts must never be one number, or a key seen
/// before could pass as new and skip the hold-back.
final class RisingNumericKeyTests: XCTestCase {
    private func number(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBytes { RisingNumericKey.number($0) }
    }

    func testCanonicalNumbersOnly() {
        XCTAssertEqual(number("0"), 0)
        XCTAssertEqual(number("7"), 7)
        XCTAssertEqual(number("1000000"), 1_000_000)
        XCTAssertEqual(number("999999999999999999"), 999_999_999_999_999_999)
        for text in ["", "07", "00", "R7", "7R", "-7", "+7", " 7", "7 ", "1.5", "1e3", "1000000000000000000", "٣"] {
            XCTAssertNil(number(text), text)
        }
    }
}
