import Clean
import Foundation
import Generate
import Ingest
import MigstatCore
import XCTest

/// The delivery cleaner reads bytes, not Strings, but gives every verdict TableCleaner gives: the same rows
/// loaded with the same values, the same rows quarantined with the same column, value and reason.
final class DeliveryCleanerTests: RegistryTestCase {
    func testSameVerdictsAsTheTableCleaner() throws {
        let study = try RegistryStudy()
        let good = "R1,P1,TJK,M,1990-01-02,SUG,RU-MOW,2013-05-01,2013-05-03,work,patent,\"ООО \"\"Стройка\"\", Москва\",registered,2014-01-01T00:00:00Z"
        func variant(_ column: Int, _ value: String) -> String {
            var fields = good.replacingOccurrences(of: "\"ООО \"\"Стройка\"\", Москва\"", with: "EMPLOYER").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[column] = value
            return fields.joined(separator: ",").replacingOccurrences(of: "EMPLOYER", with: "\"ООО \"\"Стройка\"\", Москва\"")
        }
        var rows = [RegistryStudy.header, good]
        rows.append(variant(0, "R2").replacingOccurrences(of: ",M,", with: ",X,"))                        // unknown code
        rows.append(variant(0, "R3").replacingOccurrences(of: "2013-05-03", with: "2014-02-30"))          // impossible date
        rows.append(variant(0, "R4").replacingOccurrences(of: "2014-01-01T00:00:00Z", with: "2014-13-01T00:00:00Z"))
        rows.append(variant(0, "R5").replacingOccurrences(of: ",P1,", with: ",,"))                        // missing value
        rows.append(variant(0, "R6").replacingOccurrences(of: ",P1,", with: ",\"\","))                    // empty quoted string
        rows.append(variant(0, "R7").replacingOccurrences(of: "RU-MOW", with: "RU-XXX"))                  // not a reference value
        rows.append(variant(0, "R8") + ",extra")                                                          // a field too many
        rows.append(variant(0, "R9").replacingOccurrences(of: ",work,patent,\"ООО \"\"Стройка\"\", Москва\",", with: ",private,none,\"\","))
        rows.append(variant(0, "R10").replacingOccurrences(of: "2014-01-01T00:00:00Z", with: "2014-01-01 03:00:00+03:00"))
        rows.append(variant(0, "R11").replacingOccurrences(of: ",TJK,", with: ",RUS,"))                   // not in countries
        var bytes = Data((rows.joined(separator: "\r\n") + "\r\n").utf8)
        bytes += Data("R12,P1,TJK,F,1990-01-02,SUG,RU-MOW,2013-05-01,2013-05-03,work,patent,\"bad \u{FF}".utf8) + Data([0xFF]) + Data("\",registered,2014-01-01T00:00:00Z\r\n".utf8)
        let file = study.raw.appendingPathComponent("registry/registry_20140101.csv")
        try bytes.write(to: file)

        let config = try ConfigLoader.load(path: study.config.path)
        let source = config.sources.first { $0.id == "registry" }!
        var table = source.tables[0]
        table.file = "registry/registry_20140101.csv"
        let keys = ["reference.ru_regions.code": Set(RussianRegions.all.map(\.code)), "reference.countries.iso3": Set(["TJK", "UZB"])]

        // The String path: CSVReader and TableCleaner, as for any source.
        var tableCleaner = TableCleaner(source: source, table: table, columns: table.columns, displayPath: "raw/" + table.file, referenceKeys: keys)
        try CSVReader(path: file.path, displayPath: "raw/" + table.file, source: source.id, options: CSVOptions(source.format), lenient: true)
            .forEachRecord { try tableCleaner.consume($0) }
        let expected = try tableCleaner.finish()

        // The byte path.
        let cleaner = DeliveryCleaner(source: source, table: table, columns: table.columns, displayPath: "raw/" + table.file, file: table.file, referenceKeys: keys)
        let batch = RowBatch(columns: table.columns.count, capacity: 64)
        var quarantine: [QuarantineRecord] = []
        try CSVReader(path: file.path, displayPath: "raw/" + table.file, source: source.id, options: CSVOptions(source.format)).forEachRawRecord { r in
            guard cleaner.headerSeen else { try cleaner.readHeader(r); return }
            if let q = try cleaner.clean(r, into: batch) { quarantine.append(q) }
        }
        XCTAssertEqual(quarantine, expected.quarantine)
        XCTAssertEqual(quarantine.count, 9)
        XCTAssertEqual(batch.count, expected.table.rows.count)
        for row in 0..<batch.count {
            XCTAssertEqual(batch.lines[row], expected.table.lines[row])
            for c in 0..<table.columns.count {
                let value: String
                switch batch.kind(row, c) {
                case .null: value = ""
                case .integer: value = String(batch.integer(row, c))
                case .real: value = formatNumber(batch.real(row, c))
                case .text: value = String(decoding: batch.text(row, c), as: UTF8.self)
                }
                XCTAssertEqual(value, expected.table.rows[row][c].key, "line \(batch.lines[row]), \(table.columns[c].name)")
            }
        }
        XCTAssertEqual(cleaner.read, expected.read)
    }
}
