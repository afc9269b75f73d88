import MigstatCore
import XCTest
@testable import Join

/// A `count` join honours "no answer" codes as the bases do: such rows are not counted, and a unit whose every
/// row is "no answer" has no count rather than a count of 0.
final class CountJoinNoAnswerTests: XCTestCase {
    func testNoAnswerRowsAreNotCountedAndAllNoAnswerGivesNoCount() throws {
        let households = DataTable(name: "s.h", columns: ["hh"], rows: [[.integer(1)], [.integer(2)], [.integer(3)], [.integer(4)]])
        let abroad = ColumnConfig(name: "abroad", type: .code, codes: [CodeConfig(code: "0", name: "no"), CodeConfig(code: "1", name: "yes")], noAnswer: ["9"])
        // 1: one abroad and one no-answer; 2: every member no answer; 3: none abroad; 4: no members at all.
        let members = DataTable(name: "s.m", columns: ["hh", "abroad"],
                                rows: [[.integer(1), .text("1")], [.integer(1), .text("9")], [.integer(2), .text("9")], [.integer(2), .text("9")],
                                       [.integer(3), .text("0")]], meta: ["abroad": abroad])
        let spec = try JSONDecoder().decode(CountConfig.self, from: Data(#"{"table": "s.m", "on": {"hh": "hh"}, "where": {"abroad": "1"}, "as": "migrants"}"#.utf8))
        let out = try Joiner.count(households, members, spec)
        XCTAssertEqual(out.rows.map { $0[1] }, [.integer(1), .null, .integer(0), .integer(0)])
    }
}
