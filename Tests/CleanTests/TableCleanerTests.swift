import Clean
import Ingest
import MigstatCore
import XCTest

/// Every bad value is quarantined in a lenient source with source, file, line, column, raw value and reason,
/// fails a strict one with the same words, and read = loaded + quarantined always.
final class TableCleanerTests: XCTestCase {
    let header = "hh_id,region,weight,visited,note,size\n"

    private func assertAccounted(_ r: CleanResult, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.read, r.loaded + r.quarantine.count, "read = loaded + quarantined", file: file, line: line)
    }

    func testUnknownCodesAndOutOfRangeNumbers() throws {
        let r = try clean(header + "1,A,1.5,2008-01-01,,\n2,C,1,2008-01-01,,\n3,9,1,2008-01-01,,\n4,B,101,2008-01-01,,\n5,B,-0.5,2008-01-01,,\n0,A,1,2008-01-01,,\n", surveySource(mode: .lenient))
        XCTAssertEqual(rejected(r), [
            ["3", "region", "C", "unknown code, expected one of A, B, 9"],
            ["5", "weight", "101", "above the range 0...100"],
            ["6", "weight", "-0.5", "below the range 0...100"],
            ["7", "hh_id", "0", "below the range 1..."],
        ])
        XCTAssertEqual(r.table.lines, [2, 4])
        XCTAssertEqual(r.quarantine.first?.source, "survey")
        XCTAssertEqual(r.quarantine.first?.file, "survey/households.csv", "relative to the raw directory")
        assertAccounted(r)
    }

    func testImpossibleDates() throws {
        let source = try surveySource(mode: .lenient, date: "dd.mm.yyyy")
        let r = try clean(header + "1,A,1,29.02.2008,,\n2,A,1,29.02.2007,,\n3,A,1,31.04.2008,,\n4,A,1,2008-01-01,,\n5,A,1,00.01.2008,,\n", source)
        XCTAssertEqual(r.quarantine.map(\.line), [3, 4, 5, 6])
        XCTAssertEqual(Set(r.quarantine.map(\.reason)), ["expected a real date as dd.mm.yyyy"])
        XCTAssertEqual(r.table.rows.first?[3], .text("2008-02-29"))
        assertAccounted(r)
    }

    func testDecimalCommaWherePointIsDeclaredAndTheReverse() throws {
        let point = try clean(header + "1,A,\"1,5\",2008-01-01,,\n2,A,1.5,2008-01-01,,\n", surveySource(mode: .lenient))
        XCTAssertEqual(rejected(point), [["2", "weight", "1,5", "decimal comma where the source declares a decimal point"]])
        let comma = try clean("hh_id;region;weight;visited;note;size\n1;A;1.5;2008-01-01;;\n2;A;1,5;2008-01-01;;\n",
                              surveySource(mode: .lenient, decimal: ",", delimiter: ";"))
        XCTAssertEqual(rejected(comma), [["2", "weight", "1.5", "decimal point where the source declares a decimal comma"]])
        XCTAssertEqual(comma.table.rows.first?[2], .real(1.5))
    }

    func testDuplicateKeysAndExactDuplicateRowsKeepTheFirst() throws {
        let r = try clean(header + "1,A,1,2008-01-01,,\n2,A,1,2008-01-01,,\n1,B,2,2008-01-01,,\n2,A,1,2008-01-01,,\n", surveySource(mode: .lenient))
        XCTAssertEqual(rejected(r), [
            ["4", "hh_id", "1", "duplicate key, first on line 2"],
            ["5", "", "2,A,1,2008-01-01,,", "exact duplicate of line 3"],
        ])
        assertAccounted(r)
    }

    func testOrphansAndDuplicatesOfALongFileAreQuarantinedEvenInAStrictSource() throws {
        let source = try surveySource(mode: .strict)
        let r = try clean("hh_id,line_no,sex\n1,1,M\n1,2,F\n7,1,M\n1,2,F\n1,1,F\n", source, table: 1, parentKeys: [["1"]])
        XCTAssertEqual(rejected(r), [
            ["4", "hh_id", "7", "no such key in survey.households (orphan row)"],
            ["5", "", "1,2,F", "exact duplicate of line 3"],
            ["6", "hh_id+line_no", "1+1", "duplicate key, first on line 2"],
        ])
        assertAccounted(r)
        // Any other defect of the same file still fails a strict source.
        XCTAssertThrowsError(try clean("hh_id,line_no,sex\n1,1,X\n", source, table: 1, parentKeys: [["1"]])) {
            XCTAssertEqual("\($0)", "raw/survey/members.csv:2: column sex: \"X\" unknown code, expected one of M, F (source survey)")
        }
    }

    func testStrictSourceFailsAtTheFirstBadRowWithTheQuarantineWords() throws {
        let text = header + "1,A,1,2008-01-01,,\n2,A,1,2008-13-01,,\n3,Z,1,2008-01-01,,\n"
        XCTAssertThrowsError(try clean(text, surveySource(mode: .strict))) {
            XCTAssertEqual("\($0)", "raw/survey/households.csv:3: column visited: \"2008-13-01\" expected a real date as yyyy-mm-dd (source survey)")
        }
        XCTAssertEqual(try clean(text, surveySource(mode: .lenient)).quarantine.count, 2)
    }

    func testStructurallyBadRecordsAreQuarantinedAndTheRestLoaded() throws {
        let bytes = Array((header + "1,A,1,2008-01-01,\"ok\",\n2,A,1,2008-01-01,bad\"quote,\n3,A\n4,A,1,2008-01-01,x,,extra\n5,A,1,2008-01-01,\"nul ").utf8)
            + [0] + Array("\",\n6,A,1,2008-01-01,\"multi\nline\"x,\n7,A,1,2008-01-01,\"open,\n8,A,1,2008-01-01,,\n".utf8)
        let r = try clean(bytes, surveySource(mode: .lenient))
        // Line 7's quote runs on to line 8: line 7 is quarantined, and line 8 ("line\"x,") is read on its own.
        XCTAssertEqual(r.quarantine.map(\.line), [3, 4, 5, 6, 7, 8, 9])
        XCTAssertEqual(r.quarantine.map(\.column), ["note", "", "", "note", "note", "hh_id", "note"])
        XCTAssertEqual(r.table.lines, [2, 10])
        XCTAssertEqual(r.table.rows.map { $0[0] }, [.integer(1), .integer(8)])
        assertAccounted(r)
        XCTAssertEqual(r.read, 9)
    }

    func testEmptyQuotedStringIsEmptyTextButMissingForOtherTypes() throws {
        let r = try clean(header + "1,A,1,2008-01-01,\"\",\n2,A,1,2008-01-01,,\"\"\n3,A,\"\",2008-01-01,,\n", surveySource(mode: .lenient))
        XCTAssertEqual(r.table.rows[0][4], .text(""))
        XCTAssertEqual(r.table.rows[1][4], .null)
        XCTAssertEqual(r.table.rows[1][5], .null)
        XCTAssertEqual(rejected(r), [["4", "weight", "", "missing value (an empty quoted string)"]])
    }

    func testHeaderProblemsFailTheFileWhateverTheMode() throws {
        let lenient = try surveySource(mode: .lenient)
        let cases = [
            "hh_id,region,weight,visited,note,note\n": "duplicate column \"note\" in the header (columns 5 and 6)",
            "hh_id,region,weight,visited,,size\n": "column 5 of the header has no name",
            "hh_id,region,weight,visited,size\n": "header lacks the declared column \"note\"",
            "hh_id,region,weight,visited,note,size,extra\n": "header has a column \"extra\" that pipeline.json does not declare for survey.households",
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try clean(text + "1,A,1,2008-01-01,,\n", lenient)) {
                XCTAssertTrue("\($0)".hasPrefix("raw/survey/households.csv:1: "), "\($0)")
                XCTAssertTrue("\($0)".contains(expected), "\($0)")
            }
        }
        // A header that splits on another delimiter names it; one that only lacks a column does not guess.
        XCTAssertThrowsError(try clean("hh_id;region;weight;visited;note;size\n1;A;1;2008-01-01;;\n", lenient)) {
            XCTAssertTrue("\($0)".contains("header lacks the declared column \"hh_id\" (expected hh_id,region,weight,visited,note,size); "
                                           + "the header splits into 6 fields on ';' — is the delimiter ';'?"), "\($0)")
        }
        // The case: a comma file declared ";".
        XCTAssertThrowsError(try clean(header + "1,A,1,2008-01-01,,\n", surveySource(mode: .lenient, delimiter: ";"))) {
            XCTAssertTrue("\($0)".hasSuffix("; the header splits into 6 fields on ',' — is the delimiter ','? (source survey)"), "\($0)")
        }
        XCTAssertThrowsError(try clean("hh_id,region,weight,visited,size\n1,A,1,2008-01-01,,\n", lenient)) {
            XCTAssertFalse("\($0)".contains("is the delimiter"), "\($0)")
        }
        // Header names are exact: the BOM of a UTF-8 file is not part of them, spaces are.
        XCTAssertNoThrow(try clean([0xEF, 0xBB, 0xBF] + Array((header + "1,A,1,2008-01-01,,\n").utf8), lenient))
        XCTAssertThrowsError(try clean(" hh_id,region,weight,visited,note,size\n", lenient))
    }

    func testEmptyFileFailsAndAHeaderWithoutRowsLoadsNothing() throws {
        XCTAssertThrowsError(try clean("", surveySource(mode: .lenient))) {
            XCTAssertEqual("\($0)", "raw/survey/households.csv:1: empty file: expected a header with hh_id,region,weight,visited,note,size (source survey)")
        }
        let r = try clean(header, surveySource(mode: .strict))
        XCTAssertEqual([r.read, r.loaded, r.quarantine.count], [0, 0, 0])
    }

    func testNoAnswerCodesAreKeptAsDelivered() throws {
        let r = try clean(header + "1,9,1,2008-01-01,,\n", surveySource(mode: .strict))
        XCTAssertEqual(r.table.rows[0][1], .text("9"))
    }
}
