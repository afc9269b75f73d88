import Ingest
import MigstatCore
import XCTest

/// A lenient read delivers each bad record with its defect and resumes at the next line; a strict read stops.
final class CSVRecoveryTests: XCTestCase {
    func testMalformedRecordSpanningLinesIsItsFirstLineAndTheNextLineIsReadOnItsOwn() throws {
        let text = "a,b\r\n1,\"multi\r\nline\"x\r\n2,3\r\n"
        let records = try readRecords(text, lenient: true)
        XCTAssertEqual(records.map(\.line), [1, 2, 3, 4])
        guard records.count == 4 else { return }
        XCTAssertEqual(records[1].lastLine, 2)
        XCTAssertEqual(records[1].defect?.column, "b")
        XCTAssertEqual(records[1].defect?.value, "1,\"multi")
        XCTAssertEqual(records[2].defect?.value, "line\"x")
        XCTAssertEqual(records[3].fields, ["2", "3"])
        XCTAssertEqual(readError(text), "input.csv:2: column b: \"1,\"multi\" unbalanced quote: a quoted field opened on this line runs on to line 3, where it meets text after a closing quote: expected the delimiter or a line end after it; a quote inside a quoted field must be doubled (RFC 4180) (source test)")
    }

    func testNulByteIsADefectOfItsColumn() throws {
        let records = try readRecords(Array("a,b\n1,x".utf8) + [0] + Array("y\n2,z\n".utf8), lenient: true)
        XCTAssertEqual(records[1].defect, RecordDefect(column: "b", value: "x\\x00y", reason: "NUL byte at offset 1 in a text field"))
        XCTAssertEqual(records[2].fields, ["2", "z"])
    }

    func testBytesInvalidInTheDeclaredEncoding() throws {
        let utf8 = try readRecords(Array("a,b\n1,caf".utf8) + [0xE9] + Array("\n".utf8), lenient: true)
        XCTAssertEqual(utf8[1].defect, RecordDefect(column: "b", value: "caf\\xE9", reason: "bytes are not valid UTF-8 (the source declares utf-8)"))

        let cp1251 = try readRecords(Array("a;b\n1;".utf8) + [0xE0, 0x98] + [0x0A], delimiter: ";", encoding: .windows1251, lenient: true)
        XCTAssertEqual(cp1251[1].defect?.reason, "0x98 is not a character in windows-1251")
        XCTAssertEqual(cp1251[1].defect?.value, "а\\x98")

        // Valid UTF-8 where windows-1251 is declared means the whole file is mislabelled: it fails even a lenient read.
        XCTAssertThrowsError(try readRecords(Array("a;b\n1;Душанбе\n".utf8), delimiter: ";", encoding: .windows1251, lenient: true)) {
            XCTAssertTrue("\($0)".hasPrefix("input.csv:2: column b: "), "\($0)")
            XCTAssertTrue("\($0)".contains("bytes are UTF-8 (\"Душанбе\"), the source declares windows-1251: the file is mislabelled"), "\($0)")
        }
    }

    func testAnUnreadableHeaderFailsEvenALenientRead() {
        XCTAssertEqual(readError(Array("a,b\"c\n1,2\n".utf8), lenient: true),
                       "input.csv:1: column #2: \"a,b\"c\" header: a quote inside an unquoted field: expected the whole field in quotes, with its quotes doubled (RFC 4180) (source test)")
        XCTAssertTrue(readError([0x61, 0xFF, 0x0A], lenient: true)?.contains("header: bytes are not valid UTF-8") ?? false)
        XCTAssertTrue(readError(Array("\"a,b\n1,2\n".utf8), lenient: true)?.contains("header: unterminated quoted field") ?? false)
    }

    func testEveryChunkSizeReadsTheSameRecords() throws {
        let text = "\u{FEFF}id,text\r\n1,\"a,b\r\nc\"\r\n2,x\"y\r\n3,\"q\"\"q\"\r\n\r\n4,\"open\n5,\"z\"w\n6,last"
        let whole = try readRecords(text, lenient: true)
        XCTAssertEqual(whole.map(\.line), [1, 2, 4, 5, 7, 8, 9])
        for size in [1, 2, 3, 5, 8, 13, 64] {
            XCTAssertEqual(try readRecords(text, lenient: true, chunkSize: size), whole, "chunk size \(size)")
        }
    }

    func testAFieldOfSeveralMiB() throws {
        let big = String(repeating: "Душанбе, \"quoted\" and\nmore text. ", count: 120_000)   // about 5 MiB
        let escaped = big.replacingOccurrences(of: "\"", with: "\"\"")
        let records = try readRecords("id,text\n1,\"\(escaped)\"\n2,small\n")
        XCTAssertGreaterThan(big.utf8.count, 4 << 20)
        XCTAssertEqual(records[1].fields[1], big)
        XCTAssertEqual(records[2].line, 3 + 120_000)
        XCTAssertEqual(records[2].fields, ["2", "small"])
    }

    func testAFieldPastTheLimitFailsTheFileEvenWhenLenient() {
        let text = Array("a,b\n1,\"never closed".utf8) + Array(repeating: UInt8(ascii: "x"), count: 5000)
        XCTAssertThrowsError(try readRecords(text, lenient: true, chunkSize: 1000, maxFieldBytes: 2000)) { error in
            XCTAssertTrue("\(error)".contains("input.csv:2: column b: a field longer than 2000 bytes"), "\(error)")
        }
    }

    func testThousandsOfColumns() throws {
        let n = 5000
        let header = (1...n).map { "c\($0)" }.joined(separator: ",")
        let row = (1...n).map(String.init).joined(separator: ",")
        let short = (1..<n).map(String.init).joined(separator: ",")
        // Past the default bound of 1,000 fields: a source this wide raises format.max_fields.
        let records = try readRecords(Array("\(header)\n\(row)\n\(short)\n\(row)\n".utf8), lenient: true, maxRecordFields: 10_000)
        XCTAssertEqual(records.map(\.fields.count), [n, n, n - 1, n])
        XCTAssertEqual(records[1].fields.last, "\(n)")
        XCTAssertEqual(records[2].defect?.reason, "expected \(n) fields as in the header, found \(n - 1)")
        XCTAssertEqual(records[2].defect?.value.count, RecordDefect.valueLimit + 1, "cut with an ellipsis")
    }

    func testMissingAndUnreadableFilesAreIOErrors() {
        let missing = CSVReader(path: TestFiles.directory + "/nope.csv", displayPath: "raw/nope.csv", options: CSVOptions())
        XCTAssertThrowsError(try missing.readAll()) { XCTAssertEqual("\($0)", "raw/nope.csv: no such file") }
        let directory = CSVReader(path: TestFiles.directory, displayPath: "raw/dir", options: CSVOptions())
        XCTAssertThrowsError(try directory.readAll()) { XCTAssertEqual("\($0)", "raw/dir: is a directory, expected a file") }
    }
}
