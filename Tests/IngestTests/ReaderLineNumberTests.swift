import Foundation
import MigstatCore
import XCTest
@testable import Ingest

/// Physical line numbers, encodings and line ends as the pipeline relies on them.
final class ReaderLineNumberTests: XCTestCase {
    func read(_ bytes: [UInt8], _ options: CSVOptions = CSVOptions(), lenient: Bool = false) throws -> [CSVRecord] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try CSVReader(path: url.path, displayPath: "t.csv", source: "t", options: options, lenient: lenient).readAll()
    }

    func testRecordsStartOnTheirPhysicalLineDespiteQuotedNewlinesAndCRLF() throws {
        let text = "a,b\r\n1,\"x\r\ny\"\r\n\r\n2,\"p\nq\nr\"\r\n3,z\r\n"
        let records = try read(Array(text.utf8))
        XCTAssertEqual(records.map(\.line), [1, 2, 5, 8])
        XCTAssertEqual(records[1].fields, ["1", "x\r\ny"])
        XCTAssertEqual(records[3].fields, ["3", "z"])
    }

    func testLoneCarriageReturnsEndLines() throws {
        XCTAssertEqual(try read(Array("a,b\r1,2\r3,4".utf8)).map(\.line), [1, 2, 3])
    }

    func testWindows1251SemicolonsAndSpacesAreKept() throws {
        // "Москва; рынок" in Windows-1251, quoted because it holds the delimiter, with spaces kept as delivered.
        let moscow: [UInt8] = [0xCC, 0xEE, 0xF1, 0xEA, 0xE2, 0xE0]
        let bytes = Array("id;text\r\n 1 ;".utf8) + [0x22] + moscow + Array("; x".utf8) + [0x22] + Array("\r\n".utf8)
        let records = try read(bytes, CSVOptions(delimiter: UInt8(ascii: ";"), encoding: .windows1251))
        XCTAssertEqual(records[1].fields, [" 1 ", "Москва; x"])
        XCTAssertNil(records[1].defect)
    }

    func testUTF8FileDeclaredWindows1251FailsTheFileNamingTheColumnEvenWhenLenient() throws {
        let bytes = Array("id;text\r\n1;Москва\r\n".utf8)
        XCTAssertThrowsError(try read(bytes, CSVOptions(delimiter: UInt8(ascii: ";"), encoding: .windows1251), lenient: true)) { error in
            XCTAssertTrue("\(error)".hasPrefix("t.csv:2: column text: "), "\(error)")
            XCTAssertTrue("\(error)".contains("bytes are UTF-8 (\"Москва\"), the source declares windows-1251: the file is mislabelled"), "\(error)")
        }
    }

    func testWindows1251FileDeclaredUTF8IsAProblem() throws {
        let bytes = Array("id,text\n1,".utf8) + [0xCC, 0xEE, 0xF1] + [0x0A]
        let records = try read(bytes, lenient: true)
        XCTAssertTrue(records[1].defect!.reason.contains("not valid UTF-8"))
    }

    func testBOMIsStrippedAndEmptyUnquotedDiffersFromEmptyQuoted() throws {
        let records = try read([0xEF, 0xBB, 0xBF] + Array("a,b,c\n,\"\",x\n".utf8))
        XCTAssertEqual(records[0].fields, ["a", "b", "c"])
        XCTAssertEqual(records[1].fields, [nil, "", "x"])
    }

    func testUnterminatedQuoteIsAnErrorWithTheLineItStarted() throws {
        XCTAssertThrowsError(try read(Array("a,b\n1,\"open\n2,3\n".utf8))) { error in
            XCTAssertTrue("\(error)".hasPrefix("t.csv:2"), "\(error)")
        }
    }
}
