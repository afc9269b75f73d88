import Foundation
import MigstatCore
import XCTest

/// The one escaping of quotes, backslashes and control characters, in its three spellings, and the JSON written
/// with it: each pinned as the writers that had a switch of their own printed it.
final class EscapedTextTests: XCTestCase {
    let text = "a \"b\" \\ c\nd\re\tf\u{1}g\u{7f}h\u{85}é/"

    func testEachStyleEscapesWhatItsReaderCannotTake() {
        XCTAssertEqual(EscapedText.escape(text, .json), #"a \"b\" \\ c\nd\re\tf\u0001g"# + "\u{7f}h\u{85}é/")
        XCTAssertEqual(EscapedText.escape(text, .message), #"a \"b\" \\ c\u{a}d\u{d}e\u{9}f\u{1}g\u{7f}h"# + "\u{85}é/")
        XCTAssertEqual(EscapedText.escape(text, .logLine), #"a "b" \ c\nd\re\tf\u{1}g\u{7f}h\u{85}é/"#)
        XCTAssertEqual(EscapedText.escape("plain", .json), "plain")
    }

    /// A JSON string reads back as the text it was made from.
    func testAJSONStringReadsBackAsItsText() throws {
        let literal = JSONText.quoted(text)
        XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(literal.utf8), options: .fragmentsAllowed) as? String, text)
    }

    func testCompactAndPrettyJSONKeepTheMembersInTheirOrder() {
        let value = JSONText.object([("z", .integer(1)), ("a", .array([.string("x"), .string("y")])), ("m", .object([("n", .null), ("b", .bool(true))])),
                                     ("e", .object([])), ("f", .number("0.500"))])
        XCTAssertEqual(value.compact, #"{"z":1,"a":["x","y"],"m":{"n":null,"b":true},"e":{},"f":0.500}"#)
        XCTAssertEqual(value.pretty(), """
            {
              "z": 1,
              "a": ["x", "y"],
              "m": {
                "n": null,
                "b": true
              },
              "e": {},
              "f": 0.500
            }
            """)
    }
}
