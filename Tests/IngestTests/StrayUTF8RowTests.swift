import Ingest
import MigstatCore
import XCTest

/// A UTF-8 row in a windows-1251 file: quarantined in a lenient read, an error naming file and line in a strict
/// one; a file whose rows are mostly UTF-8 is refused as mislabelled whatever the mode.
final class StrayUTF8RowTests: XCTestCase {
    /// "Москва" in windows-1251.
    let moscow: [UInt8] = [0xCC, 0xEE, 0xF1, 0xEA, 0xE2, 0xE0]

    private func file(windows1251Rows: Int, utf8Rows: Int) -> [UInt8] {
        var bytes = Array("id;text\r\n".utf8)
        for i in 0..<windows1251Rows { bytes += Array("\(i + 1);".utf8) + moscow + Array("\r\n".utf8) }
        for i in 0..<utf8Rows { bytes += Array("\(windows1251Rows + i + 1);Душанбе\r\n".utf8) }
        return bytes
    }

    func testAUTF8RowAmongWindows1251RowsIsQuarantinedWhenLenient() throws {
        let records = try readRecords(file(windows1251Rows: 3, utf8Rows: 1), delimiter: ";", encoding: .windows1251, lenient: true)
        XCTAssertEqual(records.map(\.line), [1, 2, 3, 4, 5])
        XCTAssertEqual(records[1].fields, ["1", "Москва"])
        XCTAssertEqual(records[4].defect?.column, "text")
        XCTAssertEqual(records[4].defect?.reason, "UTF-8 text in a windows-1251 file (\"Душанбе\" read as UTF-8)")
        XCTAssertEqual(records.filter { $0.defect != nil }.count, 1)
    }

    func testAStrictReadStopsAtTheUTF8RowNamingFileAndLine() {
        let error = readError(file(windows1251Rows: 3, utf8Rows: 1), encoding: .windows1251, delimiter: ";")
        XCTAssertTrue(error?.hasPrefix("input.csv:5: column text: ") ?? false, error ?? "no error")
        XCTAssertTrue(error?.contains("bytes are UTF-8 (\"Душанбе\"), the source declares windows-1251: the file is mislabelled") ?? false, error ?? "")
    }

    func testAFileOfMostlyUTF8RowsIsRefusedAsMislabelledEvenWhenLenient() {
        let error = readError(file(windows1251Rows: 1, utf8Rows: 2), encoding: .windows1251, delimiter: ";", lenient: true)
        XCTAssertTrue(error?.hasPrefix("input.csv:3: column text: ") ?? false, error ?? "no error")
        XCTAssertTrue(error?.hasSuffix("the file is mislabelled (2 of its 3 rows with non-ASCII text are UTF-8) (source test)") ?? false, error ?? "")
    }
}
