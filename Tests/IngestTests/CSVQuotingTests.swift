import Ingest
import MigstatCore
import XCTest

/// RFC 4180 as libcsv reads it in strict mode, with the line numbers the quarantine and errors rely on.
final class CSVQuotingTests: XCTestCase {
    func testQuotedFieldsHoldDelimitersDoubledQuotesAndLineEnds() throws {
        let records = try readRecords("a,b\n\"x,y\",\"say \"\"hi\"\"\r\nthere\"\n\"l1\nl2\",z\n")
        XCTAssertEqual(records.map(\.fields), [["a", "b"], ["x,y", "say \"hi\"\r\nthere"], ["l1\nl2", "z"]])
        XCTAssertEqual(records.map(\.line), [1, 2, 4])
        XCTAssertEqual(records.map(\.lastLine), [1, 3, 5])
    }

    func testByteOrderMarkIsNotPartOfTheFirstField() throws {
        let plain = try readRecords("id,name\n1,Душанбе\n")
        let marked = try readRecords([0xEF, 0xBB, 0xBF] + Array("id,name\n1,Душанбе\n".utf8))
        XCTAssertEqual(marked, plain)
        XCTAssertEqual(marked.first?.fields.first, "id")
        XCTAssertEqual(try readRecords([0xEF, 0xBB, 0xBF] + Array("id\n1\n".utf8), chunkSize: 1).map(\.fields), [["id"], ["1"]])
    }

    func testWindows1251IsDecoded() throws {
        // "Душанбе;Ёлка" in Windows-1251
        let bytes: [UInt8] = [0xC4, 0xF3, 0xF8, 0xE0, 0xED, 0xE1, 0xE5, 0x3B, 0xA8, 0xEB, 0xEA, 0xE0, 0x0D, 0x0A]
        let records = try readRecords(bytes, delimiter: ";", encoding: .windows1251)
        XCTAssertEqual(records.map(\.fields), [["Душанбе", "Ёлка"]])
    }

    func testCRLFLoneCRAndLFLineEndsCountOneLineEach() throws {
        let records = try readRecords("a\r\n1\n2\r3\r\n4")
        XCTAssertEqual(records.map(\.fields), [["a"], ["1"], ["2"], ["3"], ["4"]])
        XCTAssertEqual(records.map(\.line), [1, 2, 3, 4, 5])
    }

    func testLineBreaksInsideQuotesCountAsLines() throws {
        let records = try readRecords("a,b\n\"x\ry\",\"1\r\n2\n3\"\nnext,row\n")
        XCTAssertEqual(records.map(\.line), [1, 2, 6])
        XCTAssertEqual(records[1].lastLine, 5)
        XCTAssertEqual(records[1].fields, ["x\ry", "1\r\n2\n3"])
    }

    func testLastRecordWithoutFinalNewlineIsRead() throws {
        XCTAssertEqual(try readRecords("a,b\n1,2").map(\.fields), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(try readRecords("a,b\n1,\"2\"").map(\.fields), [["a", "b"], ["1", "2"]])
    }

    func testBlankLinesAreNotRecordsAndLinesStayPhysical() throws {
        let reader = CSVReader(path: TestFiles.write("a\n\n1\r\n\r\n2\n\n"), options: CSVOptions())
        var lines: [Int] = []
        let stats = try reader.forEachRecord { lines.append($0.line) }
        XCTAssertEqual(lines, [1, 3, 5])
        XCTAssertEqual(stats.records, 3)
        XCTAssertEqual(stats.blankLines, 3)
    }

    func testEmptyFieldIsNilAndEmptyQuotedStringIsEmpty() throws {
        let records = try readRecords("a,b,c\n,\"\",x\n")
        XCTAssertEqual(records[1].fields, [nil, "", "x"])
    }

    func testSpacesAroundUnquotedFieldsAreKept() throws {
        // libcsv trims them by default; migstat must not alter data.
        XCTAssertEqual(try readRecords("a,b\n  x , y\t\n")[1].fields, ["  x ", " y\t"])
    }

    func testSpacesAroundAQuotedFieldMakeTheRecordMalformed() throws {
        XCTAssertTrue(readError("a,b\n \"x\",1\n")?.contains("input.csv:2: column a:") ?? false)
        XCTAssertTrue(readError("a,b\n \"x\",1\n")?.contains("spaces before an opening quote") ?? false)
        XCTAssertTrue(readError("a,b\n1,\"x\" \n")?.contains("a space after a closing quote") ?? false)
        let records = try readRecords("a,b\n \"x\",1\n\"y\" ,2\n3,4\n", lenient: true)
        XCTAssertEqual(records.map(\.line), [1, 2, 3, 4])
        XCTAssertEqual(records.compactMap(\.defect?.value), [" \"x\",1", "\"y\" ,2"])
        XCTAssertEqual(records[3].fields, ["3", "4"])
    }

    func testStrayQuoteInsideAnUnquotedField() throws {
        let error = readError("a,b\n1,2\n3,ab\"c\n")
        XCTAssertEqual(error, "input.csv:3: column b: \"3,ab\"c\" a quote inside an unquoted field: expected the whole field in quotes, with its quotes doubled (RFC 4180) (source test)")
    }

    func testUnterminatedQuoteAtEndOfFile() throws {
        // Without CSV_STRICT_FINI libcsv would take the rest of the file as one field.
        let text = "a,b\n1,2\n3,\"open\n4,5\n6,7\n"
        XCTAssertEqual(readError(text), "input.csv:3: column b: \"3,\"open\" unterminated quoted field: the closing quote is missing before the end of the file (source test)")
        let records = try readRecords(text, lenient: true)
        XCTAssertEqual(records.map(\.line), [1, 2, 3, 4, 5])
        XCTAssertEqual(records[2].defect?.reason, "unterminated quoted field: the closing quote is missing before the end of the file")
        XCTAssertEqual(records[3].fields, ["4", "5"])
        XCTAssertEqual(records[4].fields, ["6", "7"])
    }

    func testTooManyAndTooFewFieldsAreDefects() throws {
        let records = try readRecords("a,b\n1\n1,2,3\n4,5\n", lenient: true)
        XCTAssertEqual(records.map(\.defect?.reason), [nil, "expected 2 fields as in the header, found 1", "expected 2 fields as in the header, found 3", nil])
        XCTAssertEqual(records[2].defect?.value, "1,2,3")
        XCTAssertEqual(readError("a,b\n1,2\n1\n"), "input.csv:3: \"1\" expected 2 fields as in the header, found 1 (source test)")
    }

    func testEmptyFileAndHeaderOnly() throws {
        XCTAssertEqual(try readRecords(""), [])
        XCTAssertEqual(try readRecords([0xEF, 0xBB, 0xBF]), [])
        XCTAssertEqual(try readRecords("a,b\n").map(\.fields), [["a", "b"]])
        XCTAssertEqual(try readRecords("a,b").map(\.fields), [["a", "b"]])
    }

    func testOtherDelimiters() throws {
        XCTAssertEqual(try readRecords("a;b\n\"1;2\";3,5\n", delimiter: ";")[1].fields, ["1;2", "3,5"])
        XCTAssertEqual(try readRecords("a\tb\n1\t\"2\t3\"\n", delimiter: "\t")[1].fields, ["1", "2\t3"])
    }
}
