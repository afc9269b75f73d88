import Exhibits
import MigstatCore

/// The registry's forms of a plan evaluated in memory, as the byte scan (`SeriesCore.classify`) and SQL evaluate
/// them, so that every evaluator can be checked against every other on any plan: a split by month or by a
/// reference's keys (a series per value met), a reference's keys as categories (those met in the series), and
/// distinct units (a unit is in a category when any of its rows is). A survey's plan takes none of these paths.
extension Aggregator {
    /// A unit's cell holds one: not NULL, not empty.
    static func present(_ v: Value) -> Bool { !v.isNull && !v.key.isEmpty }

    /// The series a split by month or by reference keys makes: one per value met, months in time, keys in
    /// byte order (the scan's numbering); a row whose value is none (empty, not a month, not a key) is in none.
    /// Any other series is one group of all its rows.
    func registryGroups(_ split: SurveySplit, rows: [Int], table: DataTable,
                        referenceKeys: [String: Set<String>]) throws -> [(split: SurveySplit, rows: [Int])] {
        guard let by = split.series.split, by.byMonth || by.column.type != .code else { return [(split, rows)] }
        guard let column = table.index(of: by.column.name) else { throw missing(by.column.name, table) }
        let keys = by.column.references.flatMap { referenceKeys[$0] } ?? []
        var grouped: [String: [Int]] = [:]
        for r in rows {
            let v = table.rows[r][column], text = v.isNull ? "" : v.key
            guard let value = by.byMonth ? Self.month(text) : keys.contains(text) ? text : nil else { continue }
            grouped[value, default: []].append(r)
        }
        return grouped.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { value in
            var group = split
            group.id = value
            group.label = value
            return (group, grouped[value]!)
        }
    }

    /// `yyyy-mm` of a date's text as the scan reads it (four digits, a dash, a month 01–12), else nil.
    static func month(_ text: String) -> String? {
        let b = Array(text.utf8)
        guard b.count >= 7, b[4] == UInt8(ascii: "-"), (b[0..<4] + b[5..<7]).allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let m = Int(String(decoding: b[5..<7], as: UTF8.self)), (1...12).contains(m) else { return nil }
        return String(decoding: b[0..<7], as: UTF8.self)
    }

    /// For a variable holding a reference's keys: the keys answered in any group of the series, in byte order
    /// (each group lists them all, as the scan does, so the groups align); nil for any other series.
    func metKeys(_ series: PlannedSeries, rows: [Int], table: DataTable, referenceKeys: [String: Set<String>]) throws -> (all: Set<String>, met: [String])? {
        guard case .variable(let variable, nil) = series.measure, variable.type != .code, let ref = variable.references else { return nil }
        guard let column = table.index(of: variable.name) else { throw missing(variable.name, table) }
        let all = referenceKeys[ref] ?? [], noAnswer = Set(variable.noAnswer)
        var met = Set<String>()
        for r in rows {
            let v = table.rows[r][column]
            if !v.isNull, all.contains(v.key), !noAnswer.contains(v.key) { met.insert(v.key) }
        }
        return (all, met.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    /// A variable of reference keys: a unit with a key (not a no-answer code) is in the base and in its key's
    /// category; any other value leaves the base.
    func referenceCategories(table: DataTable, rows: [Int], variable: ColumnConfig, keys: (all: Set<String>, met: [String])) throws -> [Category] {
        guard let column = table.index(of: variable.name) else { throw missing(variable.name, table) }
        let noAnswer = Set(variable.noAnswer)
        var base: [Int] = [], value: [String] = []
        for r in rows {
            let v = table.rows[r][column]
            guard !v.isNull, keys.all.contains(v.key), !noAnswer.contains(v.key) else { continue }
            base.append(r); value.append(v.key)
        }
        return keys.met.map { key in (key, nil, base, value.map { $0 == key }) }
    }

    /// A category counted by distinct units: each unit with a row in the base, once (by its first row), in the
    /// category when any of its rows is.
    static func byUnit(_ category: Category, unit: Int, table: DataTable) -> Category {
        var first: [String: Int] = [:], hit: [String: Bool] = [:], order: [String] = []
        for (r, h) in zip(category.rows, category.hits) {
            let u = table.rows[r][unit].key
            if first[u] == nil { first[u] = r; order.append(u) }
            hit[u] = (hit[u] ?? false) || h
        }
        return (category.name, category.label, order.map { first[$0]! }, order.map { hit[$0]! })
    }
}
