import Ingest
import MigstatCore
import XCTest

final class TextDecoderTests: XCTestCase {
    private func decode(_ bytes: [UInt8], _ encoding: TextEncoding) -> Result<String, DecodeProblem> {
        bytes.withUnsafeBytes { TextDecoder.decode($0, as: encoding) }
    }

    func testWindows1251CyrillicLetters() {
        XCTAssertEqual(try decode(Array(0xC0...0xFF), .windows1251).get(),
                       "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя")
        XCTAssertEqual(try decode([0xA8, 0xB8, 0xB9, 0x88], .windows1251).get(), "Ёё№€")
    }

    func testEveryWindows1251ByteButOneIsACharacter() {
        for b in UInt8(0x80)...0xFF where b != 0x98 {
            XCTAssertNoThrow(try decode([0x41, b], .windows1251).get(), "byte \(b)")
        }
    }

    func testDisplayKeepsTextAndEscapesTheRest() {
        let bytes: [UInt8] = Array("Ok ".utf8) + [0x00, 0xFF] + Array("é".utf8) + [0xE2, 0x82]
        XCTAssertEqual(bytes.withUnsafeBytes { TextDecoder.display($0, as: .utf8) }, "Ok \\x00\\xFFé\\xE2\\x82")
        XCTAssertEqual(Array(repeating: UInt8(ascii: "x"), count: 10).withUnsafeBytes { TextDecoder.display($0, as: .utf8, limit: 4) }, "xxxx…")
    }

    func testEncodingNamesMetInTheField() {
        XCTAssertEqual(TextEncoding(name: "CP1251"), .windows1251)
        XCTAssertEqual(TextEncoding(name: "UTF8"), .utf8)
        XCTAssertNil(TextEncoding(name: "latin1"))
    }
}
