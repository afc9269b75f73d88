import Clean
import Foundation
import Ingest
import MigstatCore
import XCTest

/// The delivery cleaner judges a UTF-8 row in a windows-1251 delivery as the table cleaner does: quarantined in
/// a lenient source, an error in a strict one, and a delivery of mostly UTF-8 rows refused as mislabelled.
final class DeliveryEncodingTests: XCTestCase {
    /// "Москва" in windows-1251.
    let moscow: [UInt8] = [0xCC, 0xEE, 0xF1, 0xEA, 0xE2, 0xE0]

    private func delivery(windows1251Rows: Int, utf8Rows: Int) -> [UInt8] {
        var bytes = Array("hh_id,region,weight,visited,note,size\r\n".utf8)
        for i in 0..<windows1251Rows { bytes += Array("\(i + 1),A,1.5,2008-01-01,".utf8) + moscow + Array(",3\r\n".utf8) }
        for i in 0..<utf8Rows { bytes += Array("\(windows1251Rows + i + 1),A,1.5,2008-01-01,Душанбе,3\r\n".utf8) }
        return bytes
    }

    private func source(_ mode: SourceMode) throws -> SourceConfig {
        var source = try surveySource(mode: mode)
        source.format.encoding = .windows1251
        return source
    }

    /// Cleans the bytes as the registry's byte path does; returns the quarantine, after `finish()`.
    private func cleanDelivery(_ bytes: [UInt8], _ source: SourceConfig) throws -> [QuarantineRecord] {
        let table = source.tables[0]
        let cleaner = DeliveryCleaner(source: source, table: table, columns: table.columns, displayPath: "raw/\(table.file)", file: table.file)
        let batch = RowBatch(columns: table.columns.count, capacity: 16)
        var quarantine: [QuarantineRecord] = []
        try CSVReader(path: CleanFiles.write(bytes), displayPath: "raw/\(table.file)", source: source.id, options: CSVOptions(source.format))
            .forEachRawRecord { r in
                guard cleaner.headerSeen else { try cleaner.readHeader(r); return }
                if let q = try cleaner.clean(r, into: batch) { quarantine.append(q) }
            }
        try cleaner.finish()
        return quarantine
    }

    func testAUTF8RowIsQuarantinedWithTheTableCleanersVerdict() throws {
        let bytes = delivery(windows1251Rows: 3, utf8Rows: 1)
        let quarantine = try cleanDelivery(bytes, try source(.lenient))
        XCTAssertEqual(quarantine.map { [String($0.line), $0.column, $0.reason] }, [["5", "note", "UTF-8 text in a windows-1251 file (\"Душанбе\" read as UTF-8)"]])
        XCTAssertEqual(quarantine, try clean(bytes, try source(.lenient)).quarantine)
    }

    func testAStrictSourceStopsAtIt() throws {
        XCTAssertThrowsError(try cleanDelivery(delivery(windows1251Rows: 3, utf8Rows: 1), try source(.strict))) {
            XCTAssertTrue("\($0)".hasPrefix("raw/survey/households.csv:5: column note: "), "\($0)")
            XCTAssertTrue("\($0)".contains("the source declares windows-1251: the file is mislabelled"), "\($0)")
        }
    }

    func testADeliveryOfMostlyUTF8RowsIsMislabelled() throws {
        XCTAssertThrowsError(try cleanDelivery(delivery(windows1251Rows: 1, utf8Rows: 2), try source(.lenient))) {
            XCTAssertTrue("\($0)".hasPrefix("raw/survey/households.csv:3: column note: "), "\($0)")
            XCTAssertTrue("\($0)".contains("the file is mislabelled (2 of its 3 rows with non-ASCII text are UTF-8)"), "\($0)")
        }
    }
}
