import MigstatCore
import XCTest
@testable import Clean
@testable import Ingest

/// Typed values, codes, ranges, references, parents and duplicates; strict sources fail, lenient ones quarantine.
final class CleaningRulesTests: XCTestCase {
    func source(_ mode: SourceMode, decimal: String = ",", date: String = "dd.mm.yyyy") -> SourceConfig {
        let json = """
        {"id":"s","title":"t","mode":"\(mode.rawValue)","format":{"encoding":"utf-8","delimiter":";","decimal":"\(decimal)","date":"\(date)"},"tables":[]}
        """
        return try! JSONDecoder().decode(SourceConfig.self, from: Data(json.utf8))
    }

    func table(parent: ParentConfig? = nil) -> TableConfig {
        let json = #"{"id":"r","file":"r.csv","grain":"one row per respondent","key":["id"],"columns":[]}"#
        var t = try! JSONDecoder().decode(TableConfig.self, from: Data(json.utf8))
        t.parent = parent
        t.columns = columns
        return t
    }

    let columns = [
        ColumnConfig(name: "id", type: .integer),
        ColumnConfig(name: "q", type: .code, codes: [CodeConfig(code: "1", name: "yes"), CodeConfig(code: "2", name: "no")], noAnswer: ["9"]),
        ColumnConfig(name: "age", type: .integer, noAnswer: ["99"], range: [14, 98]),
        ColumnConfig(name: "w", type: .decimal),
        ColumnConfig(name: "d", type: .date),
        ColumnConfig(name: "district", type: .text, references: "ref.d.code"),
    ]

    func clean(_ lines: [String], mode: SourceMode = .lenient, parentKeys: Set<[String]>? = nil, parent: ParentConfig? = nil) throws -> CleanResult {
        var cleaner = TableCleaner(source: source(mode), table: table(parent: parent), columns: columns, displayPath: "raw/s/r.csv",
                                   referenceKeys: ["ref.d.code": ["A", "B"]], parentKeys: parentKeys)
        for (i, l) in lines.enumerated() {
            try cleaner.consume(CSVRecord(line: i + 1, fields: l.split(separator: ";", omittingEmptySubsequences: false).map { $0.isEmpty ? nil : String($0) }))
        }
        return try cleaner.finish()
    }

    let header = "id;q;age;w;d;district"

    func testGoodRowsAreTypedAndNoAnswerCodesKept() throws {
        let r = try clean([header, "1;1;30;1,5;31.12.2008;A", "2;9;99;0,94;01.02.2008;B"])
        XCTAssertEqual(r.read, 2)
        XCTAssertEqual(r.loaded, 2)
        XCTAssertEqual(r.table.rows[0], [.integer(1), .text("1"), .integer(30), .real(1.5), .text("2008-12-31"), .text("A")])
        XCTAssertEqual(r.table.rows[1][2], .integer(99), "a no-answer code is not range-checked and is kept")
    }

    func testEachBadValueIsQuarantinedWithLineColumnValueAndReason() throws {
        let r = try clean([header,
                           "1;3;30;1,0;01.01.2008;A",      // unknown code
                           "2;1;12;1,0;01.01.2008;A",      // below range
                           "3;1;30;1.0;01.01.2008;A",      // decimal point where comma declared
                           "4;1;30;1,0;30.02.2008;A",      // impossible date
                           "5;1;30;1,0;01.01.2008;Z",      // unknown reference
                           "6;1;30;1,0;01.01.2008",        // too few fields
                           "6;1;30;1,0;01.01.2008;A",
                           "6;2;30;1,0;01.01.2008;A",      // duplicate key
                           "6;1;30;1,0;01.01.2008;A"])     // exact duplicate
        XCTAssertEqual(r.read, 9)
        XCTAssertEqual(r.loaded + r.quarantine.count, r.read)
        XCTAssertEqual(r.loaded, 1)
        XCTAssertEqual(r.quarantine.map(\.line), [2, 3, 4, 5, 6, 7, 9, 10])
        XCTAssertEqual(r.quarantine.map(\.column), ["q", "age", "w", "d", "district", "", "id", ""])
        XCTAssertEqual(r.quarantine[0].value, "3")
        XCTAssertTrue(r.quarantine[0].reason.contains("unknown code"))
        XCTAssertTrue(r.quarantine[2].reason.contains("decimal point"))
        XCTAssertTrue(r.quarantine[7].reason.contains("exact duplicate of line 8"), r.quarantine[7].reason)
        XCTAssertTrue(r.quarantine.allSatisfy { $0.file == "r.csv" && $0.source == "s" })
    }

    func testStrictSourceFailsAtTheFirstBadRowWithAClearMessage() {
        XCTAssertThrowsError(try clean([header, "1;1;30;1,0;01.01.2008;A", "2;1;-3;1,0;01.01.2008;A"], mode: .strict)) { error in
            XCTAssertEqual("\(error)", #"raw/s/r.csv:3: column age: "-3" below the range 14...98 (source s)"#)
        }
    }

    func testOrphansOfAChildFileAreQuarantined() throws {
        let r = try clean([header, "1;1;30;1,0;01.01.2008;A", "7;1;30;1,0;01.01.2008;A"],
                          parentKeys: [["1"]], parent: ParentConfig(table: "p", columns: ["id"]))
        XCTAssertEqual(r.loaded, 1)
        XCTAssertTrue(r.quarantine[0].reason.contains("orphan"))
    }

    func testHeaderMustDeclareEveryColumn() {
        XCTAssertThrowsError(try clean(["id;q;age;w;d"])) { XCTAssertTrue("\($0)".contains("lacks the declared column \"district\""), "\($0)") }
        XCTAssertThrowsError(try clean([])) { XCTAssertTrue("\($0)".contains("empty file")) }
    }

    func testDatePatterns() {
        XCTAssertEqual(DatePattern("yyyy-mm-dd")!.iso("2012-02-29"), "2012-02-29")
        XCTAssertNil(DatePattern("yyyy-mm-dd")!.iso("2013-02-29"))
        XCTAssertNil(DatePattern("dd.mm.yyyy")!.iso("1.02.2008"))
        XCTAssertNil(DatePattern("dd/qq/yyyy"))
    }
}
