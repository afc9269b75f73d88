import Foundation
import Ingest
import MigstatCore
import XCTest

/// Both readers bound a record by its fields and by its bytes (CSVOptions.maxRecordFields, maxRecordBytes): the
/// full reader makes it a defect naming the bound, at every chunk size; the byte reader hands it over to the
/// full reader rather than keep it.
final class RecordBoundReaderTests: XCTestCase {
    private func reader(_ text: String, fields: Int = 1_000, bytes: Int = 16 << 20, lenient: Bool = true, chunk: Int = 1 << 20) -> CSVReader {
        var options = CSVOptions()
        options.maxRecordFields = fields
        options.maxRecordBytes = bytes
        let reader = CSVReader(path: TestFiles.write(text), displayPath: "input.csv", source: "test", options: options, lenient: lenient)
        reader.chunkSize = chunk
        return reader
    }

    func testARecordPastEitherBoundIsADefectAndTheRecordsAroundItAreRead() throws {
        let text = "a,b,c\n1,2,3\n4,\"0123456789\",5\n6,7,8,9,10,11\n12,13,14\n"
        for chunk in [1, 3, 7, 1 << 20] {
            let bytes = try reader(text, bytes: 8, chunk: chunk).readAll()
            XCTAssertEqual(bytes.map(\.line), [1, 2, 3, 4, 5], "chunk \(chunk)")
            XCTAssertEqual(bytes[2].defect?.reason, "the record's fields hold 12 bytes, more than the 8 a record may hold (format.max_record_bytes)")
            XCTAssertEqual(bytes[2].defect?.value, "4,\"0123456789\",5")
            XCTAssertEqual(bytes[4].fields, ["12", "13", "14"])
            let fields = try reader(text, fields: 5, chunk: chunk).readAll()
            XCTAssertEqual(fields[3].defect?.reason, "the record has 6 fields, more than the 5 a record may have (format.max_fields)", "chunk \(chunk)")
            XCTAssertNil(fields[2].defect)
        }
        XCTAssertThrowsError(try reader(text, fields: 5, lenient: false).readAll()) { error in
            XCTAssertTrue("\(error)".contains("input.csv:4") && "\(error)".contains("format.max_fields"), "\(error)")
        }
    }

    func testTheByteReaderHandsARecordPastTheBoundToTheFullReader() throws {
        var lines: [Int] = []
        XCTAssertThrowsError(try reader("a,b\n1,2\n3,4,5,6\n", fields: 3).forEachRawRecord { lines.append($0.line) }) { error in
            XCTAssertEqual((error as? RawReadNeedsFullReader)?.line, 3)
        }
        XCTAssertEqual(lines, [1, 2])
        XCTAssertEqual(try reader("a,b\n1,2\n", fields: 3).forEachRawRecord { _ in }.records, 2, "within the bound it reads on")
    }
}
