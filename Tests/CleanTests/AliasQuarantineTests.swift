import Clean
import Foundation
import Ingest
import MigstatCore
import XCTest

/// A spelling the reference table does not know is quarantined by a lenient source, with its line, column and
/// raw value; a strict source fails once, naming every line of every unknown spelling.
final class AliasQuarantineTests: XCTestCase {
    private func cleanDestinations(_ mode: SourceMode) throws -> CleanResult {
        let countries = DataTable(name: "ref.countries", columns: ["iso3", "name_en", "aliases"],
                                  rows: [[.text("RUS"), .text("Russia"), .text("Россия|Moscow")], [.text("KAZ"), .text("Kazakhstan"), .text("Алматы")]])
        let resolve = try JSONDecoder().decode(ResolveConfig.self, from: Data("""
            {"table": "ref.countries", "key": "iso3", "names": ["name_en"], "aliases": "aliases", "as": "country"}
            """.utf8))
        var column = ColumnConfig(name: "destination", type: .text)
        column.resolve = resolve
        let source = try JSONDecoder().decode(SourceConfig.self, from: Data("""
            {"id": "adb", "title": "t", "mode": "\(mode.rawValue)", "format": {"encoding": "utf-8", "delimiter": ","},
             "tables": [{"id": "migrants", "file": "adb/migrants.csv", "grain": "one row per migrant", "key": ["id"],
                         "columns": [{"name": "id", "type": "integer"}, {"name": "destination", "type": "text"}]}]}
            """.utf8))
        let table = source.tables[0]
        var cleaner = TableCleaner(source: source, table: table, columns: [table.columns[0], column], displayPath: "raw/adb/migrants.csv",
                                   resolvers: ["destination": try AliasResolver(resolve, reference: countries)])
        let reader = CSVReader(path: CleanFiles.write(Array("id,destination\n1,  россия \n2,Atlantis\n3,MOSCOW\n4,atlantis\n5,Mars\n".utf8)),
                               displayPath: "raw/adb/migrants.csv", source: "adb", options: CSVOptions(), lenient: mode == .lenient)
        try reader.forEachRecord { try cleaner.consume($0) }
        return try cleaner.finish()
    }

    func testUnknownSpellingsAreQuarantinedInALenientSource() throws {
        let r = try cleanDestinations(.lenient)
        XCTAssertEqual(rejected(r), [
            ["3", "destination", "Atlantis", "spelling not in ref.countries"],
            ["5", "destination", "atlantis", "spelling not in ref.countries"],
            ["6", "destination", "Mars", "spelling not in ref.countries"],
        ])
        XCTAssertEqual(r.table.rows.map { $0.last }, [.text("RUS"), .text("RUS")])
        XCTAssertEqual(r.read, r.loaded + r.quarantine.count)
    }

    func testUnknownSpellingsFailAStrictSourceNamingEveryLine() {
        XCTAssertThrowsError(try cleanDestinations(.strict)) {
            XCTAssertEqual("\($0)", "raw/adb/migrants.csv:3: column destination: spelling(s) not in ref.countries: \"Atlantis\" (line 3); \"atlantis\" (line 5); \"Mars\" (line 6) (source adb)")
        }
    }
}
