import Clean
import Foundation
import Ingest
import MigstatCore
import XCTest

/// Both cleaners ask one rule (`ColumnVerdict`) what a field is: the same tricky values — empty unquoted, empty
/// quoted, spaces, no-answer codes — in required and optional columns of every type give the same rows and
/// the same quarantine through TableCleaner (Strings) and DeliveryCleaner (bytes).
final class ColumnVerdictTests: XCTestCase {
    private let columnsJSON = """
        {"name": "id", "type": "integer"},
        {"name": "note", "type": "text", "required": false},
        {"name": "name", "type": "text"},
        {"name": "place", "type": "text", "required": false, "references": "ref.places.code"},
        {"name": "grade", "type": "code", "required": false, "codes": [{"code": "A", "name": "a"}, {"code": "B", "name": "b"}], "no_answer": ["9"]},
        {"name": "kind", "type": "code", "codes": [{"code": "A", "name": "a"}, {"code": "B", "name": "b"}]},
        {"name": "age", "type": "integer", "required": false, "range": [0, 120]},
        {"name": "count", "type": "integer"},
        {"name": "share", "type": "decimal", "required": false},
        {"name": "born", "type": "date", "required": false},
        {"name": "seen", "type": "timestamp", "required": false},
        {"name": "stamp", "type": "timestamp"}
        """
    private let good = ["1", "x", "Ann", "P1", "A", "B", "30", "2", "0.5", "1990-01-02", "2014-01-01T00:00:00Z", "2014-01-01T00:00:00Z"]
    /// As written in the file: unquoted empty, quoted empty, a space, quoted spaces, a no-answer code, a padded value.
    private let tricky = ["", "\"\"", " ", "\"  \"", "9", " 5", "\"P1\""]

    private func source() throws -> SourceConfig {
        let json = """
        {"id": "s", "title": "t", "mode": "lenient",
         "format": {"encoding": "utf-8", "delimiter": ",", "decimal": ".", "date": "yyyy-mm-dd"},
         "tables": [{"id": "t", "file": "s/t.csv", "grain": "one row per id", "key": ["id"], "columns": [\(columnsJSON)]}]}
        """
        return try JSONDecoder().decode(SourceConfig.self, from: Data(json.utf8))
    }

    private func file() -> (path: String, rows: Int) {
        let names = ["id", "note", "name", "place", "grade", "kind", "age", "count", "share", "born", "seen", "stamp"]
        var lines = [names.joined(separator: ","), good.joined(separator: ",")]
        var id = 1
        for column in 1..<good.count {
            for value in tricky {
                id += 1
                var fields = good
                fields[0] = String(id)
                fields[column] = value
                lines.append(fields.joined(separator: ","))
            }
        }
        return (CleanFiles.write(Array((lines.joined(separator: "\r\n") + "\r\n").utf8)), lines.count - 1)
    }

    func testBothCleanersGiveTheSameVerdictOnEveryTrickyValue() throws {
        let source = try source()
        let table = source.tables[0]
        let (path, rows) = file()
        let keys = ["ref.places.code": Set(["P1", "P2"])]

        var tableCleaner = TableCleaner(source: source, table: table, columns: table.columns, displayPath: "raw/s/t.csv", referenceKeys: keys)
        try CSVReader(path: path, displayPath: "raw/s/t.csv", source: "s", options: CSVOptions(source.format), lenient: true)
            .forEachRecord { try tableCleaner.consume($0) }
        let expected = try tableCleaner.finish()

        let cleaner = DeliveryCleaner(source: source, table: table, columns: table.columns, displayPath: "raw/s/t.csv", file: table.file, referenceKeys: keys)
        let batch = RowBatch(columns: table.columns.count, capacity: 128)
        var quarantine: [QuarantineRecord] = []
        try CSVReader(path: path, displayPath: "raw/s/t.csv", source: "s", options: CSVOptions(source.format)).forEachRawRecord { r in
            guard cleaner.headerSeen else { try cleaner.readHeader(r); return }
            if let q = try cleaner.clean(r, into: batch) { quarantine.append(q) }
        }

        XCTAssertEqual(expected.read, rows)
        XCTAssertEqual(quarantine, expected.quarantine)
        XCTAssertEqual(batch.count, expected.table.rows.count)
        for row in 0..<min(batch.count, expected.table.rows.count) {
            XCTAssertEqual(batch.lines[row], expected.table.lines[row])
            for c in 0..<table.columns.count {
                let value: String?
                switch batch.kind(row, c) {
                case .null: value = nil
                case .integer: value = String(batch.integer(row, c))
                case .real: value = formatNumber(batch.real(row, c))
                case .text: value = String(decoding: batch.text(row, c), as: UTF8.self)
                }
                let want = expected.table.rows[row][c]
                XCTAssertEqual(value, want.isNull ? nil : want.key, "line \(batch.lines[row]), \(table.columns[c].name)")
            }
        }

        // The verdicts themselves, for the cases the two cleaners once disagreed on or that are easy to get wrong.
        func verdict(_ column: String, _ value: String) -> String {
            let c = table.columns.firstIndex { $0.name == column }!
            let line = 2 + 1 + (c - 1) * tricky.count + tricky.firstIndex(of: value)!
            if let q = expected.quarantine.first(where: { $0.line == line }) { return "quarantined: \(q.reason)" }
            let r = expected.table.lines.firstIndex(of: line)!
            let v = expected.table.rows[r][c]
            return v.isNull ? "null" : "\"\(v.key)\""
        }
        XCTAssertEqual(verdict("note", ""), "null")
        XCTAssertEqual(verdict("note", "\"\""), "\"\"")
        XCTAssertEqual(verdict("name", ""), "quarantined: missing value")
        XCTAssertEqual(verdict("name", "\"\""), "quarantined: missing value (an empty quoted string)")
        XCTAssertEqual(verdict("place", ""), "null")
        XCTAssertEqual(verdict("place", "\"\""), "quarantined: not a ref.places.code value")
        XCTAssertEqual(verdict("grade", "\"\""), "null")
        XCTAssertEqual(verdict("grade", "9"), "\"9\"")
        XCTAssertEqual(verdict("age", "\"\""), "null")
        XCTAssertEqual(verdict("count", "\"\""), "quarantined: missing value (an empty quoted string)")
        XCTAssertEqual(verdict("age", " 5"), "quarantined: expected an integer")
        XCTAssertEqual(verdict("stamp", ""), "quarantined: missing value")
    }
}
