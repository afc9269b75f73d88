import Foundation
import MigstatCore
import Store

/// A random delivery table and random exhibits over it, for the property test of the exhibit plan's evaluators
/// (ExhibitsTests, and PostgresTests for SQL in PostgreSQL): the same seed, the same table and exhibits.
///
/// The table holds what the engines must agree on: codes with a no-answer code, NULLs everywhere but the key,
/// person ids short and long (over 8 bytes), empty and missing, a column referencing a reference table, dates.
/// The exhibits and-ed `where`s (lists and ranges, a column filtered by both exhibit and series), variables,
/// indicators (one variable or `any` of two, lists and ranges), splits (by a code, a reference key, the month
/// of a date) and units (rows or distinct persons).
public struct RandomExhibits {
    public static let from = "s.t"
    public static let tableName = "stg_s_t"
    public static let regions = "ref.regions.code"

    public let table: TableConfig
    /// In the table's column order.
    public let rows: [[Value]]
    public let referenceKeys: [String: Set<String>]
    public let exhibits: [ExhibitConfig]
    /// Of `exhibits`, those in the forms the survey aggregator computes: rows as units, no split or a split by a
    /// code column, code variables (no reference keys, no months, no persons).
    public let surveyForms: Set<String>

    public init(seed: UInt64, rows count: Int = 400, exhibits exhibitCount: Int = 40) throws {
        var random = SplitMix64(seed: seed)
        table = try JSONDecoder().decode(TableConfig.self, from: Data("""
            {"id": "t", "file": "t_*.csv", "grain": "one row per record", "key": ["id"], "deliveries": "t_*.csv",
             "upsert": {"key": "id", "version": "version"}, "columns": [
              {"name": "id", "type": "integer"}, {"name": "version", "type": "integer"}, {"name": "person", "type": "text"},
              {"name": "sex", "type": "code", "codes": [{"code": "M", "name": "male"}, {"code": "F", "name": "female"}], "no_answer": ["X"]},
              {"name": "status", "type": "code", "codes": [{"code": "1", "name": "a"}, {"code": "2", "name": "b"}, {"code": "3", "name": "c"}], "no_answer": ["9"]},
              {"name": "age", "type": "integer"}, {"name": "region", "type": "text", "references": "\(Self.regions)"},
              {"name": "day", "type": "date"}]}
            """.utf8))
        referenceKeys = [Self.regions: ["R1", "R2", "R3", "R4", "R5"]]
        func pick<T>(_ options: [T], _ random: inout SplitMix64) -> T { options[random.next(options.count)] }
        rows = (1...count).map { id in
            let p = random.next(20)
            let person: Value = p == 0 ? .null : p == 1 ? .text("") : p < 5 ? .text("person-with-a-long-id-\(random.next(15))") : .text("p\(random.next(60))")
            let day: Value = random.next(8) == 0 ? .null : .text(String(format: "201%d-%02d-%02d", 3 + random.next(2), 1 + random.next(12), 1 + random.next(28)))
            return [.integer(Int64(id)), .integer(1), person,
                    pick([.text("M"), .text("F"), .text("X"), .null, .text("M")], &random),
                    pick([.text("1"), .text("2"), .text("3"), .text("9"), .null], &random),
                    random.next(10) == 0 ? .null : .integer(Int64(random.next(90))),
                    pick([.text("R1"), .text("R2"), .text("R3"), .text("R4"), .null], &random), day]
        }
        var surveyForms = Set<String>()
        var exhibits: [ExhibitConfig] = []
        for e in 0..<exhibitCount {
            var generator = ExhibitGenerator(random: random)
            let (json, survey) = generator.exhibit(id: "e\(e)")
            random = generator.random
            exhibits.append(try JSONDecoder().decode(ExhibitConfig.self, from: Data(json.utf8)))
            if survey { surveyForms.insert("e\(e)") }
        }
        self.exhibits = exhibits
        self.surveyForms = surveyForms
    }

    /// The rows as an in-memory table, as the survey aggregator reads a cleaned table.
    public var dataTable: DataTable {
        var t = DataTable(name: Self.from, columns: table.columns.map(\.name), rows: rows, lines: Array(rows.indices),
                          meta: Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0) }))
        t.key = ["id"]
        return t
    }

    /// INSERT statements of the rows into a delivery table with the store's bookkeeping columns.
    public func inserts(into quotedTable: String, bookkeeping: [String]) -> [String] {
        let names = (table.columns.map { "\"\($0.name)\"" } + bookkeeping).joined(separator: ", ")
        return stride(from: 0, to: rows.count, by: 200).map { start in
            let values = rows[start..<min(start + 200, rows.count)].enumerated().map { i, row in
                "(" + (row.map(Self.literal) + bookkeeping.map { _ in String(start + i + 1) }).joined(separator: ", ") + ")"
            }
            return "INSERT INTO \(quotedTable) (\(names)) VALUES " + values.joined(separator: ", ")
        }
    }

    /// The rows loaded into a SQLite delivery table made as a run makes it (`DeliveryStore`'s schema).
    public func sqliteStore(at path: String) throws -> Database {
        _ = try DeliveryStore(path: path, source: "s", tableName: Self.tableName, columns: table.columns, upsert: table.upsert!)
        let database = try Database(path: path)
        for insert in inserts(into: "\"\(Self.tableName)\"", bookkeeping: [UpsertRule.versionColumn, "delivery_id", "source_line"]) {
            try database.execute(insert)
        }
        return database
    }

    static func literal(_ value: Value) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .real(let d): return "\(d)"
        case .text(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        }
    }
}

/// One random exhibit as pipeline.json would declare it, and whether the survey aggregator computes its form.
private struct ExhibitGenerator {
    var random: SplitMix64
    var survey = true

    mutating func chance(_ inN: Int) -> Bool { random.next(inN) == 0 }

    mutating func filterValue(for column: String) -> String {
        switch column {
        case "sex": return chance(2) ? #"["M"]"# : #"["F", "X"]"#
        case "status": return chance(2) ? #"["1", "9"]"# : (chance(2) ? #"{"min": 2}"# : #"{"min": 1, "max": 2}"#)
        case "age": return chance(2) ? "{\"min\": \(random.next(60))}" : "{\"min\": \(random.next(30)), \"max\": \(30 + random.next(60))}"
        default: return chance(2) ? #"["R1", "R3"]"# : #"["R2"]"#
        }
    }

    mutating func filter() -> String? {
        let n = random.next(3)
        guard n > 0 else { return nil }
        var columns: [String] = []
        for _ in 0..<n { let c = ["sex", "status", "age", "region"][random.next(4)]; if !columns.contains(c) { columns.append(c) } }
        return "{" + columns.map { "\"\($0)\": \(filterValue(for: $0))" }.joined(separator: ", ") + "}"
    }

    mutating func measure() -> String {
        switch random.next(4) {
        case 0: return #""variable": "sex""#
        case 1: return #""variable": "status""#
        case 2:
            survey = false   // a reference's keys as categories: the registry's engines only
            return #""variable": "region""#
        default:
            let indicators = (0..<(1 + random.next(3))).map { k -> String in
                let variables = chance(2) ? #""variable": "\#(["sex", "status", "age", "region"][random.next(4)])""# : #""any": ["sex", "status"]"#
                let equals = [#"["M", "2"]"#, #"["F"]"#, #"{"min": 2}"#, #"{"max": 40}"#, #"["R2", "1"]"#][random.next(5)]
                return "{\"category\": \"k\(k)\", \(variables), \"equals\": \(equals)}"
            }
            return "\"indicators\": [" + indicators.joined(separator: ", ") + "]"
        }
    }

    mutating func split() -> String? {
        switch random.next(6) {
        case 0: return #"{"column": "sex"}"#
        case 1: return #"{"column": "status"}"#
        case 2: survey = false; return #"{"column": "region"}"#
        case 3: survey = false; return #"{"column": "day", "period": "month"}"#
        default: return nil
        }
    }

    mutating func exhibit(id: String) -> (String, Bool) {
        let count = chance(3) ? 2 : 1
        let series = (0..<count).map { s -> String in
            var fields = ["\"id\": \"s\(s)\"", measure()]
            if let w = filter() { fields.append("\"where\": \(w)") }
            if count == 1, let split = split() { fields.append("\"split_by\": \(split)") }
            if chance(2) { survey = false; fields.append(#""unit": "person""#) }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        let exhibitWhere = filter().map { ", \"where\": \($0)" } ?? ""
        let json = """
            {"id": "\(id)", "number": "Table \(id)", "kind": "table", "title": "t", "from": "\(RandomExhibits.from)", "source_note": "n"\(exhibitWhere),
             "series": [\(series.joined(separator: ", "))], "layout": {}}
            """
        return (json, survey)
    }
}
