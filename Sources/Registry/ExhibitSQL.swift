import Aggregate
import Exhibits
import MigstatCore
import Store

/// The exhibits over a delivery table (the registry) computed by SQL in the database that holds it: each
/// series is one or two aggregate statements (GROUP BY, COUNT(*), COUNT(DISTINCT unit), SUM of CASE, a CTE
/// folding each unit's rows), so only a row per group and category leaves the database. The statements use
/// only what SQLite 3.40 and PostgreSQL 15 both read the same way (see `ExhibitSQLText`), and run through
/// `SQLQuerying`, so the same SQL serves either store. The estimates equal `DeliveryExhibits`' (the scan of a
/// SQLite store): the same rows, groups, categories, order and labels (`CensusEstimates`, shared).
public struct ExhibitSQL {
    let plans: [ScanSeries]
    let statementsBySeries: [[ExhibitStatement]]
    let estimates: CensusEstimates

    /// `tableName`: the delivery table in the database, in `schema` if given (PostgreSQL's schema; SQLite's
    /// "main" or an attached database); `tables` as for `DeliveryExhibits`; `dialect`: the database's the
    /// statements run on.
    public init(plans exhibits: [ExhibitPlan], table: TableConfig, tableName: String, schema: String? = nil,
                tables: [String: DataTable], dialect: any SQLDialect = SQLiteDialect()) throws {
        let text = ExhibitSQLText(dialect: dialect)
        let names = table.columns.map(\.name)
        // The scan's series give each series its domains (codes, reference keys, months); their column numbers are unused.
        plans = exhibits.flatMap { e in
            e.series.map { ScanSeries(exhibit: e, series: $0, columnIndex: { names.firstIndex(of: $0) ?? 0 }) }
        }
        let from = (schema.map { text.dialect.identifier($0) + "." } ?? "") + text.dialect.identifier(tableName)
        statementsBySeries = try plans.map {
            try ExhibitSQLSeries(plan: $0, from: from, referenceKeys: $0.exhibit.referenceKeys, text: text).statements()
        }
        estimates = CensusEstimates(tables: tables)
    }

    /// Every statement, in the order `compute` runs them.
    public var statements: [String] { statementsBySeries.flatMap { $0.map(\.sql) } }

    public func compute(on database: some SQLQuerying) throws -> [Estimate] {
        let counts = try zip(plans, statementsBySeries).map { plan, statements in
            let counts = SQLCounts()
            for statement in statements { try counts.add(database.rows(statement.sql), of: statement, plan: plan) }
            return counts
        }
        return estimates.estimates(plans, counts: counts)
    }
}

/// A series' counts from its statements' rows, per group number and slot.
final class SQLCounts: SeriesCounts {
    private(set) var groups: [Int] = []
    private var bySlot: [Int: [Int: Int]] = [:]

    func count(group: Int, slot: Int) -> Int { bySlot[group]?[slot] ?? 0 }

    var slotsUsed: Set<Int> { Set(bySlot.values.flatMap { $0.filter { $0.value > 0 }.keys }) }

    /// As the scan's tally: a group exists once something is counted in it.
    private func add(_ n: Int, group: Int, slot: Int) {
        guard n > 0 else { return }
        if bySlot[group] == nil { groups.append(group) }
        bySlot[group, default: [:]][slot, default: 0] += n
    }

    func add(_ rows: [[String?]], of statement: ExhibitStatement, plan: ScanSeries) throws {
        for row in rows {
            var cells = row[...]
            var group = 0
            if statement.grouped {
                // A split value outside the domain (not a code or key, not a month), like NULL, is no group: the
                // scan skips its rows.
                guard let text = cells.popFirst() ?? nil, !text.isEmpty, let g = plan.groupDomain?.number(of: text) else { continue }
                group = g
            }
            switch statement.rows {
            case .categories(let addsToBase):
                guard cells.count == 2, let domain = plan.variableDomain, let text = cells.first ?? nil, let c = domain.number(of: text) else {
                    throw ExhibitSQLError.unexpectedRow(statement.sql, row)
                }
                let n = try count(cells.last!, statement, row)
                add(n, group: group, slot: c + 1)
                if addsToBase { add(n, group: group, slot: 0) }
            case .slots(let slots):
                guard cells.count == slots.count else { throw ExhibitSQLError.unexpectedRow(statement.sql, row) }
                for (slot, cell) in zip(slots, cells) { add(try count(cell, statement, row), group: group, slot: slot) }
            }
        }
    }

    /// A count as the database gives it (an empty SUM is NULL).
    private func count(_ cell: String?, _ statement: ExhibitStatement, _ row: [String?]) throws -> Int {
        guard let cell else { return 0 }
        guard let n = Int(cell) else { throw ExhibitSQLError.unexpectedRow(statement.sql, row) }
        return n
    }
}

extension ValueDomain {
    /// The number of a value the database returned as text (nil: outside the domain), as the scan finds it from bytes.
    func number(of text: String) -> Int? {
        var text = text
        return text.withUTF8 { lookup.number(UnsafeRawBufferPointer($0)) }
    }
}

public enum ExhibitSQLError: Error, CustomStringConvertible {
    case unexpectedRow(String, [String?])

    public var description: String {
        switch self {
        case .unexpectedRow(let sql, let row):
            return "unexpected row (\(row.map { $0.map { "\"\($0)\"" } ?? "NULL" }.joined(separator: ", "))) from `\(sql)`"
        }
    }
}
