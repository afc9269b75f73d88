import Export
import Foundation
import MigstatCore
import XCTest

/// A text code (region `KHT`) with a "no answer" code: SPSS keeps the strings, labelled, the no-answer string
/// labelled and noted (ReadStat cannot declare it missing); Stata holds the codebook position, labelled, the no-answer code as `.a`, and the code as
/// delivered in `<name>_code`.
final class TextCodeExportTests: XCTestCase {
    private struct FileSeen: Decodable {
        var columns: [String]
        var types: [String]
        var value_labels: [String: [[ReadValue]]]
        var missing: [String: [ReadValue]]
        var notes: [String]
        var rows: [[ReadValue?]]
    }

    func testATextCodeIsLabelledInSPSSAndEncodedWithItsCodeBesideItInStata() throws {
        let python = try PythonReaders.bin("python", needs: "pyreadstat")
        var region = ColumnConfig(name: "region", type: .code, codes: [CodeConfig(code: "DUS", name: "dus", label: "Dushanbe"),
                                                                       CodeConfig(code: "KHT", name: "kht", label: "Khatlon")], noAnswer: ["XX"])
        region.required = false
        let table = DataTable(name: "t.households", columns: ["region"], rows: [[.text("KHT")], [.text("DUS")], [.text("XX")], [.null]],
                              lines: [2, 3, 4, 5], meta: ["region": region])
        let labelled = try LabelledTable(table, name: "t_households", label: "households")
        let seen = try PythonReaders.writtenAndReadBack(labelled, with: python, as: FileSeen.self)

        let sav = try XCTUnwrap(seen["t_households.sav"])
        XCTAssertEqual(sav.columns.last, "region")
        XCTAssertEqual(sav.types.last, "string")
        XCTAssertEqual(Set(sav.value_labels["region"] ?? []), [[.text("DUS"), .text("Dushanbe")], [.text("KHT"), .text("Khatlon")], [.text("XX"), .text("no answer")]])
        // ReadStat cannot write a string's user-missing values that a reader gets back: the note says it instead.
        XCTAssertNil(sav.missing["region"])
        XCTAssertTrue(sav.notes.contains("region: XX = no answer (a text code: not declared missing)"), "\(sav.notes)")
        XCTAssertEqual(sav.rows.map { $0.last! }, [.text("KHT"), .text("DUS"), .text("XX"), .text("")])

        let dta = try XCTUnwrap(seen["t_households.dta"])
        XCTAssertEqual(dta.columns.suffix(2), ["region", "region_code"])
        XCTAssertEqual(dta.types.suffix(2), ["double", "string"])
        XCTAssertEqual(Set(dta.value_labels["region"] ?? []), [[.number(1), .text("Dushanbe")], [.number(2), .text("Khatlon")], [.text("a"), .text("no answer")]])
        XCTAssertEqual(dta.rows.map { $0[2] }, [.number(2), .number(1), .text("a"), nil], "codebook positions; no answer is .a")
        XCTAssertEqual(dta.rows.map { $0[3] }, [.text("KHT"), .text("DUS"), .text("XX"), .text("")], "the code as delivered")
    }
}
