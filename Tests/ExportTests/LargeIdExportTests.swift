import Export
import Foundation
import MigstatCore
import XCTest

/// Issue 19, item 13: an id no double holds exactly (beyond 2^53) is exported as text, so that 9007199254740993
/// and 9007199254740992 stay two different ids in Stata and SPSS; a column whose ids all fit stays a number.
final class LargeIdExportTests: XCTestCase {
    private struct FileSeen: Decodable {
        var columns: [String]
        var labels: [String?]
        var types: [String]
        var rows: [[ReadValue?]]
    }

    func testIdsBeyondTwoToThe53ReadBackExactAndUniqueAsText() throws {
        let python = try PythonReaders.bin("python", needs: "pyreadstat")
        let ids: [Int64] = [9_007_199_254_740_993, 9_007_199_254_740_992, -9_007_199_254_740_995, 1]
        var meta: [String: ColumnConfig] = [:]
        for name in ["person_id", "household_id", "age"] { meta[name] = ColumnConfig(name: name, type: .integer) }
        meta["person_id"]!.labels = ["en": "person"]
        let table = DataTable(name: "t.people", columns: ["person_id", "household_id", "age"],
                              rows: ids.enumerated().map { i, id in [.integer(id), .integer(Int64(9_007_199_254_740_992 - i)), .integer(30 + Int64(i))] },
                              lines: [2, 3, 4, 5], meta: meta)
        let labelled = try LabelledTable(table, name: "t_people", label: "people", identifiers: ["person_id", "household_id"])
        let seen = try PythonReaders.writtenAndReadBack(labelled, with: python, as: FileSeen.self)
        XCTAssertEqual(seen.count, 2)
        for (name, file) in seen {
            XCTAssertEqual(file.columns, ["source_file", "source_line", "person_id", "household_id", "age"], name)
            XCTAssertEqual(file.types.suffix(3), ["string", "double", "double"], "\(name): only the column with an id beyond 2^53 is text")
            XCTAssertEqual(file.labels[2], "person (text: an id beyond 2^53 has no exact double)", name)
            let read = file.rows.map { $0[2] }
            XCTAssertEqual(read, ids.map { .text(String($0)) }, "\(name): every id exact")
            XCTAssertEqual(Set(read.map { "\(String(describing: $0))" }).count, ids.count, "\(name): the key stays unique")
            XCTAssertEqual(file.rows.map { $0[3] }, (0..<4).map { .number(Double(9_007_199_254_740_992 - $0)) }, "\(name): ids up to 2^53 stay exact numbers")
        }
    }
}
