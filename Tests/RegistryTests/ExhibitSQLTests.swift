import Aggregate
import Exhibits
import Foundation
import MigstatCore
import Registry
import Store
import XCTest

/// The registry exhibits computed by SQL in the database (`ExhibitSQL`) equal those of the scan
/// (`DeliveryExhibits`): the same estimates in the same order, with the same labels, counts and percents.
final class ExhibitSQLTests: RegistryTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func scratch(_ name: String = #function) -> URL {
        RegistryStudy.scratchRoot.appendingPathComponent("sql-\(name.filter { $0.isLetter })-\(UUID().uuidString.prefix(8))")
    }

    private func varied(numericIds: Bool, _ name: String = #function) throws -> LoadedRegistry {
        let root = scratch(name)
        let registry = try VariedRegistry(root: root, numericIds: numericIds)
        return try LoadedRegistry(configPath: registry.config.path, raw: registry.raw.path, work: root.appendingPathComponent("work"))
    }

    func testTheStudysRegistryExhibitsEqualTheScans() throws {
        let registry = try LoadedRegistry(configPath: Self.repository.appendingPathComponent("pipeline.json").path,
                                          raw: Self.repository.appendingPathComponent("raw").path, work: scratch())
        XCTAssertEqual(registry.exhibits.count, 4)
        let scanned = try registry.scanned()
        XCTAssertEqual(Set(scanned.map(\.exhibit)), Set(registry.exhibits.map(\.id)), "every exhibit has estimates")
        assertSame(try registry.computedBySQL(), scanned)
    }

    /// Text ids, some longer than 8 bytes, some empty strings.
    func testVariedRegistryWithTextIdsEqualsTheScan() throws { try checkVaried(numericIds: false) }
    func testVariedRegistryWithIntegerIdsEqualsTheScan() throws { try checkVaried(numericIds: true) }

    private func checkVaried(numericIds: Bool) throws {
        let registry = try varied(numericIds: numericIds)
        let scanned = try registry.scanned()
        let bySQL = try registry.computedBySQL()
        assertSame(bySQL, scanned)

        // The data meet the rules the exhibits must get right (else the equality above would prove little).
        func count(_ sql: String) throws -> Int { Int(try registry.rows(sql)[0][0] ?? "") ?? -1 }
        let t = "\"\(registry.tableName)\""
        XCTAssertGreaterThan(try count("SELECT COUNT(*) FROM \(t) WHERE sex = 'X'"), 0, "no-answer codes")
        XCTAssertGreaterThan(try count("SELECT COUNT(*) FROM \(t) WHERE person_id IS NULL"), 0, "rows without a person")
        if !numericIds {
            XCTAssertGreaterThan(try count("SELECT COUNT(*) FROM \(t) WHERE person_id = ''"), 0, "an empty person id")
            XCTAssertGreaterThan(try count("SELECT COUNT(*) FROM \(t) WHERE employer_name = 'O''Neil Ltd'"), 0)
        }
        XCTAssertGreaterThan(try count("SELECT COUNT(*) FROM \(t) WHERE fee = 3.0"), 0, "a real printed 3.0, not 3")
        XCTAssertGreaterThan(try count("SELECT COUNT(*) FROM (SELECT person_id FROM \(t) GROUP BY person_id HAVING COUNT(DISTINCT host_region) > 1) x"), 0,
                             "persons in several groups")
        XCTAssertGreaterThan(try count("SELECT COUNT(*) FROM deliveries WHERE complete = 1"), 2)
        // Persons in several categories: some series' categories add up to more than its base.
        let series = Dictionary(grouping: bySQL.filter { $0.exhibit == "origin_by_host" }, by: \.series)
        XCTAssertTrue(series.values.contains { $0.map(\.n).reduce(0, +) > $0[0].baseN })
        // Every exhibit has estimates with counts, and splits have several series.
        for exhibit in registry.exhibits {
            XCTAssertGreaterThan(bySQL.filter { $0.exhibit == exhibit.id }.map(\.n).reduce(0, +), 0, exhibit.id)
        }
        for split in ["origin_by_month", "permits_by_host", "sex_by_update_month", "origin_by_host"] {
            XCTAssertGreaterThan(Set(bySQL.filter { $0.exhibit == split }.map(\.series)).count, 2, split)
        }
    }

    /// Change the data and the counts change with it, in both engines alike.
    func testTheCountsFollowTheData() throws {
        let registry = try varied(numericIds: false)
        let before = try registry.computedBySQL()
        func registered(_ estimates: [Estimate]) throws -> Estimate {
            try XCTUnwrap(estimates.first { $0.exhibit == "persons_registered" && $0.category == "registered" })
        }
        let t = "\"\(registry.tableName)\""
        // A person none of whose records is registered gets one registered record.
        let person = try XCTUnwrap(try registry.rows("""
            SELECT person_id FROM \(t) WHERE person_id <> '' GROUP BY person_id HAVING SUM(CASE WHEN status = 'registered' THEN 1 ELSE 0 END) = 0 ORDER BY person_id
            """).first?[0] ?? nil)
        try registry.execute("UPDATE \(t) SET status = 'registered' WHERE record_id = (SELECT MIN(record_id) FROM \(t) WHERE person_id = '\(person)')")
        // A registered record of the first SUG/KHT person with education 3 drops out of the origin filter.
        let record = try XCTUnwrap(try registry.rows("SELECT MIN(record_id) FROM \(t) WHERE origin_region = 'SUG' AND education = '3'")[0][0])
        try registry.execute("UPDATE \(t) SET origin_region = 'RRP' WHERE record_id = '\(record)'")

        let after = try registry.computedBySQL()
        XCTAssertEqual(try registered(after).n, try registered(before).n + 1)
        XCTAssertEqual(try registered(after).baseN, try registered(before).baseN)
        func secondary(_ e: [Estimate]) -> Int? { e.first { $0.exhibit == "education_rows" && $0.series == "all" && $0.category == "secondary" }?.n }
        XCTAssertEqual(secondary(after), secondary(before).map { $0 - 1 })
        assertSame(after, try registry.scanned())

        // An empty table: nothing counted, the declared categories still listed with empty bases, as the scan lists them.
        try registry.execute("DELETE FROM \(t)")
        let empty = try registry.computedBySQL()
        XCTAssertFalse(empty.isEmpty)
        XCTAssertEqual(empty.map(\.n).reduce(0, +), 0)
        assertSame(empty, try registry.scanned())
    }

    /// Estimate by estimate, so that a difference names the one that differs.
    private func assertSame(_ bySQL: [Estimate], _ scanned: [Estimate], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(bySQL.count, scanned.count, "estimates", file: file, line: line)
        for (a, b) in zip(bySQL, scanned) { XCTAssertEqual(a, b, file: file, line: line) }
    }

    /// Every statement uses only words and signs that SQLite 3.40 and PostgreSQL 15 both read the same way:
    /// no SQLite-only function (strftime, ifnull, iif, printf, instr, typeof, glob) or operator (||, ==).
    func testEveryStatementUsesOnlySQLBothDatabasesRead() throws {
        let statements = try varied(numericIds: false).sql().statements + varied(numericIds: true).sql().statements
        // Every shape of statement is among them: rows by category, distinct units, units folded per group, sums.
        for shape in ["COUNT(*) FROM", "COUNT(DISTINCT", "WITH \"per_unit\"", "SUM(CASE WHEN", "substr("] {
            XCTAssertTrue(statements.contains { $0.contains(shape) }, shape)
        }
        let words: Set<String> = ["SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "NULL", "CASE", "WHEN", "THEN", "ELSE", "END",
                                  "COUNT", "SUM", "MAX", "DISTINCT", "GROUP", "BY", "WITH", "AS", "SUBSTR"]
        let signs: Set<String> = ["(", ")", ",", "=", "<>", ">=", "<=", "*"]
        for sql in statements {
            for token in try PortableSQLTokens.tokens(sql) {
                switch token {
                case .word(let w): XCTAssertTrue(words.contains(w.uppercased()), "\(w) in \(sql)")
                case .sign(let s): XCTAssertTrue(signs.contains(s), "\(s) in \(sql)")
                case .number, .literal, .identifier: break
                }
            }
        }
    }

    /// The table named in a schema ("main" is SQLite's own; PostgreSQL's store may keep its tables in one).
    func testTheTableMayBeNamedInASchema() throws {
        let registry = try varied(numericIds: true)
        let sql = try registry.sql(schema: "main")
        XCTAssertTrue(sql.statements.allSatisfy { $0.contains("FROM \"main\".\"\(registry.tableName)\"") })
        assertSame(try sql.compute(on: Database(path: registry.storePath)), try registry.scanned())
        XCTAssertThrowsError(try registry.sql(schema: "elsewhere").compute(on: Database(path: registry.storePath)))
    }

    /// A series with an empty list of indicators (the validator lets it pass) has no estimate, in both engines,
    /// and the SQL asks nothing for it.
    func testASeriesWithoutIndicatorsHasNoEstimates() throws {
        var registry = try varied(numericIds: false)
        registry.exhibits = registry.exhibits.filter { ["permits_by_host", "persons_registered"].contains($0.id) }
        for i in registry.exhibits.indices { registry.exhibits[i].series[0].indicators = [] }
        XCTAssertEqual(try registry.sql().statements, [])
        XCTAssertEqual(try registry.computedBySQL(), [])
        XCTAssertEqual(try registry.scanned(), [])
    }

    /// A range over free text is refused: SQLite, PostgreSQL and the scan read text as a number differently.
    func testARangeOverFreeTextIsRefused() throws {
        let registry = try varied(numericIds: false)
        var exhibit = registry.exhibits[0]
        exhibit.where = ["employer_name": FilterValue(min: 1)]
        XCTAssertThrowsError(try ExhibitSQL(plans: ExhibitPlan.compile([exhibit], over: registry.table, referenceKeys: registry.referenceKeys), table: registry.table, tableName: registry.tableName,
                                            tables: registry.tables)) { error in
            XCTAssertTrue("\(error)".contains("employer_name"), "\(error)")
        }
    }
}

/// The tokens of a statement: words (keywords, functions), signs, numbers, 'literals' and "identifiers".
enum PortableSQLTokens {
    enum Token { case word(String), sign(String), number, literal, identifier }
    struct Unreadable: Error { let sql: String }

    static func tokens(_ sql: String) throws -> [Token] {
        let s = Array(sql.unicodeScalars)
        var out: [Token] = []
        var i = 0
        func quoted(_ q: Unicode.Scalar) throws {
            i += 1
            while true {
                guard i < s.count else { throw Unreadable(sql: sql) }
                if s[i] == q { if i + 1 < s.count && s[i + 1] == q { i += 2; continue }; i += 1; return }
                i += 1
            }
        }
        while i < s.count {
            let c = s[i]
            if c == " " { i += 1 }
            else if c == "'" { try quoted(c); out.append(.literal) }
            else if c == "\"" { try quoted(c); out.append(.identifier) }
            else if c.properties.isAlphabetic || c == "_" {
                var w = ""
                while i < s.count && (s[i].properties.isAlphabetic || s[i] == "_" || ("0"..."9").contains(s[i])) { w.unicodeScalars.append(s[i]); i += 1 }
                out.append(.word(w))
            } else if ("0"..."9").contains(c) || (c == "-" && i + 1 < s.count && ("0"..."9").contains(s[i + 1])) {
                // A number: digits, a point, an exponent (1e+20).
                i += 1
                while i < s.count && (("0"..."9").contains(s[i]) || s[i] == "." || s[i] == "e" || ((s[i] == "+" || s[i] == "-") && s[i - 1] == "e")) { i += 1 }
                out.append(.number)
            } else {
                var sign = String(c)
                if i + 1 < s.count, ["<>", ">=", "<=", "||", "==", "!="].contains(sign + String(s[i + 1])) { sign += String(s[i + 1]) }
                i += sign.unicodeScalars.count
                out.append(.sign(sign))
            }
        }
        return out
    }
}
