import Foundation
import Join
import MigstatCore
import XCTest

/// Joiner's two joins on small tables written out by hand: a lookup (many rows to one parent, by one or more
/// key columns, a missing parent left null) and a count (rows per key passing a filter, "no answer" rows not
/// counted), and the order of joins (a join may build on an earlier one).
final class JoinerTests: XCTestCase {
    static func joins(_ json: String) throws -> [JoinConfig] { try JSONDecoder().decode([JoinConfig].self, from: Data(json.utf8)) }

    static let households = DataTable(name: "survey.households", columns: ["hh", "region", "size"], rows: [
        [.text("H1"), .text("north"), .integer(3)],
        [.text("H2"), .text("south"), .integer(1)],
        // A duplicate key: the first row is the one looked up.
        [.text("H1"), .text("west"), .integer(9)],
    ])
    static let persons = DataTable(name: "survey.persons", columns: ["id", "household", "works"], rows: [
        [.integer(1), .text("H1"), .text("yes")],
        [.integer(2), .text("H2"), .text("no")],
        [.integer(3), .text("H1"), .text("no answer")],
        [.integer(4), .text("H9"), .text("yes")],
        [.integer(5), .text("H1"), .text("yes")],
    ], lines: [2, 3, 4, 5, 6])

    func testALookupAddsTheParentsColumnsToEveryChildRowManyToOne() throws {
        let joined = try Joiner.run(try Self.joins("""
            [{"id": "int_persons", "from": "survey.persons", "grain": "one row per person",
              "lookup": {"table": "survey.households", "on": {"household": "hh"}, "add": ["region", "size"]}}]
            """), tables: ["survey.persons": Self.persons, "survey.households": Self.households])["int_persons"]!
        XCTAssertEqual(joined.name, "int_persons")
        XCTAssertEqual(joined.columns, ["id", "household", "works", "region", "size"])
        XCTAssertEqual(joined.rows.map { Array($0[3...]) }, [
            [.text("north"), .integer(3)], [.text("south"), .integer(1)], [.text("north"), .integer(3)],
            [.null, .null],  // H9 has no household: the child is kept, the parent's columns are null
            [.text("north"), .integer(3)],
        ])
        XCTAssertEqual(joined.lines, Self.persons.lines, "rows keep their order and lines")
    }

    func testALookupMatchesOnEveryKeyColumn() throws {
        let left = DataTable(name: "a", columns: ["x", "y"], rows: [[.text("1"), .text("a")], [.text("1"), .text("b")]])
        let right = DataTable(name: "b", columns: ["k1", "k2", "v"], rows: [[.text("1"), .text("b"), .integer(7)], [.text("1"), .text("a"), .integer(5)]])
        let joined = try Joiner.run(try Self.joins("""
            [{"id": "j", "from": "a", "grain": "g", "lookup": {"table": "b", "on": {"y": "k2", "x": "k1"}, "add": ["v"]}}]
            """), tables: ["a": left, "b": right])["j"]!
        XCTAssertEqual(joined.rows.map(\.last), [.integer(5), .integer(7)])
    }

    func testACountCountsTheRowsPerKeyThatPassTheFilter() throws {
        var persons = Self.persons
        persons.meta["works"] = try JSONDecoder().decode(ColumnConfig.self, from: Data(#"{"name": "works", "type": "text", "no_answer": ["no answer"]}"#.utf8))
        let joined = try Joiner.run(try Self.joins("""
            [{"id": "int_households", "from": "survey.households", "grain": "one row per household",
              "count": {"table": "survey.persons", "on": {"hh": "household"}, "where": {"works": "yes"}, "as": "workers"}}]
            """), tables: ["survey.persons": persons, "survey.households": Self.households])["int_households"]!
        XCTAssertEqual(joined.columns.last, "workers")
        XCTAssertEqual(joined.meta["workers"]?.type, .integer)
        // H1: persons 1 and 5 work (3 gave no answer, not counted); H2: none works; the second H1 row counts alike.
        XCTAssertEqual(joined.rows.map(\.last), [.integer(2), .integer(0), .integer(2)])
    }

    func testAKeyWhoseEveryRowIsNoAnswerGetsNoCount() throws {
        var persons = DataTable(name: "p", columns: ["household", "works"], rows: [[.text("H1"), .text("no answer")], [.text("H2"), .text("yes")]])
        persons.meta["works"] = try JSONDecoder().decode(ColumnConfig.self, from: Data(#"{"name": "works", "type": "text", "no_answer": ["no answer"]}"#.utf8))
        let households = DataTable(name: "h", columns: ["hh"], rows: [[.text("H1")], [.text("H2")], [.text("H3")]])
        let joined = try Joiner.run(try Self.joins("""
            [{"id": "j", "from": "h", "grain": "g", "count": {"table": "p", "on": {"hh": "household"}, "where": {"works": "yes"}, "as": "n"}}]
            """), tables: ["p": persons, "h": households])["j"]!
        XCTAssertEqual(joined.rows.map(\.last), [.null, .integer(1), .integer(0)])
    }

    func testAJoinMayBuildOnAnEarlierOneAndAMissingTableIsAConfigurationError() throws {
        let tables = ["survey.persons": Self.persons, "survey.households": Self.households]
        let chained = try Joiner.run(try Self.joins("""
            [{"id": "first", "from": "survey.persons", "grain": "g", "lookup": {"table": "survey.households", "on": {"household": "hh"}, "add": ["region"]}},
             {"id": "second", "from": "first", "grain": "g", "lookup": {"table": "survey.households", "on": {"household": "hh"}, "add": ["size"]}}]
            """), tables: tables)
        XCTAssertEqual(chained["second"]?.columns, ["id", "household", "works", "region", "size"])
        XCTAssertThrowsError(try Joiner.run(try Self.joins("""
            [{"id": "j", "from": "survey.nothing", "grain": "g", "lookup": {"table": "survey.households", "on": {"household": "hh"}, "add": ["size"]}}]
            """), tables: tables)) { error in
            XCTAssertEqual(error as? MigstatError, .config(path: "joins.j.from", message: "no table \"survey.nothing\""))
        }
    }
}
