import Exhibits
import MigstatCore
import Store

/// One SQL statement of a series and how each of its rows adds to the series' counts.
struct ExhibitStatement {
    enum Rows {
        /// `[group,] category, n`: n units in the category (slot: the category's number + 1); with `addsToBase`,
        /// in the base too (rows: the base is the sum of the categories, each row in one).
        case categories(addsToBase: Bool)
        /// `[group,] n, n, …`: counts of these slots (a variable's base, then categories; indicators' base and yes).
        case slots([Int])
    }
    let sql: String
    let grouped: Bool
    let rows: Rows
}

/// The statements of one series over a delivery table: aggregated in the database (GROUP BY, COUNT, SUM of
/// CASE), so that only a row per group and category comes back. The rows a series reads are those the scan's
/// `SeriesCore.classify` admits — the exhibit's and series' `where`, and-ed — and a unit (person) is counted
/// in a category when any of its rows in the group is.
struct ExhibitSQLSeries {
    let plan: ScanSeries
    /// The table as the statements name it (quoted, qualified by its schema if any).
    let from: String
    let referenceKeys: [String: Set<String>]
    let text: ExhibitSQLText

    /// The split value of a row (a month: the first seven characters of the date), or nil without a split.
    /// Values outside the split's domain come back as groups of their own and are dropped on decoding.
    private func groupExpression() throws -> String? {
        guard let split = plan.series.split else { return nil }
        let c = text.dialect.identifier(split.column.name)
        return split.byMonth ? "substr(\(c), 1, 7)" : c
    }

    private func filters() throws -> [String] {
        try plan.series.conditions.map { condition in
            try text.accepts(condition.accepts, condition.column, referenceKeys: referenceKeys)
        }
    }

    private func whereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : " WHERE " + text.conjunction(conditions)
    }

    private func groupBy(_ expressions: [String]) -> String {
        expressions.isEmpty ? "" : " GROUP BY " + expressions.joined(separator: ", ")
    }

    func statements() throws -> [ExhibitStatement] {
        let group = try groupExpression()
        var conditions = try filters()
        let unit = plan.series.unit.column
        if let unit { conditions.append(text.present(unit)) }
        if let variable = plan.series.variable, let domain = plan.variableDomain {
            return try variableStatements(variable, domain, group: group, conditions: conditions, unit: unit)
        }
        // No indicator, no estimate (as the scan): nothing to ask.
        guard !plan.series.indicators.isEmpty else { return [] }
        return [try indicatorStatement(group: group, conditions: conditions, unit: unit)]
    }

    /// A variable: rows or distinct units per category, over the rows whose value is in the domain (declared
    /// codes or the reference's keys, no-answer codes out): the others are outside the base.
    private func variableStatements(_ variable: ColumnConfig, _ domain: ValueDomain, group: String?, conditions: [String],
                                    unit: ColumnConfig?) throws -> [ExhibitStatement] {
        let noAnswer = Set(variable.noAnswer)
        let members = (0..<domain.lookup.set.members).map { domain.lookup.set.member($0) }.filter { !$0.isEmpty && !noAnswer.contains($0) }
        let inBase = conditions + [text.isOneOf(members, variable)]
        let v = text.dialect.identifier(variable.name)
        let keys = group.map { [$0] } ?? []
        guard let unit else {
            let sql = "SELECT \((keys + [v, "COUNT(*)"]).joined(separator: ", ")) FROM \(from)\(whereClause(inBase))\(groupBy(keys + [v]))"
            return [ExhibitStatement(sql: sql, grouped: group != nil, rows: .categories(addsToBase: true))]
        }
        // A unit with rows in several categories is in each, and once in the base.
        let categories = members.compactMap { member -> (literal: String, slot: Int)? in
            guard let literal = text.value(member, in: variable), let n = domain.number(of: member) else { return nil }
            return (literal, n + 1)
        }
        if categories.count <= ExhibitSQLSeries.flaggedCategories {
            let sql = flagged(categories.map { "\(v) = \($0.literal)" }, countingAll: true, group: group, conditions: inBase, unit: unit)
            return [ExhibitStatement(sql: sql, grouped: group != nil, rows: .slots([0] + categories.map(\.slot)))]
        }
        let distinct = "COUNT(DISTINCT \(text.dialect.identifier(unit.name)))"
        return [
            ExhibitStatement(sql: "SELECT \((keys + [v, distinct]).joined(separator: ", ")) FROM \(from)\(whereClause(inBase))\(groupBy(keys + [v]))",
                             grouped: group != nil, rows: .categories(addsToBase: false)),
            ExhibitStatement(sql: "SELECT \((keys + [distinct]).joined(separator: ", ")) FROM \(from)\(whereClause(inBase))\(groupBy(keys))",
                             grouped: group != nil, rows: .slots([0])),
        ]
    }

    /// Up to this many categories, a variable's units are counted by `flagged` (a column per category): one pass
    /// and one grouping by unit instead of two counts of distinct units, in half the time or less (the study's
    /// persons by origin over 1 M records, 737 k persons: PostgreSQL 15 1.6–2.2 s against 4.0–5.6 s, SQLite
    /// 2.3–3.0 s against 5.1–5.7 s). Beyond (a large reference table) the columns would outgrow a row
    /// (PostgreSQL allows 1664).
    static let flaggedCategories = 32

    /// Indicators: per indicator, the units answering (base) and those answering yes. An indicator over several
    /// variables ("any") is answered when one of them is, and yes when one answered passes `equals`.
    private func indicatorStatement(group: String?, conditions: [String], unit: ColumnConfig?) throws -> ExhibitStatement {
        var flags: [String] = []
        for indicator in plan.series.indicators {
            let columns = indicator.variables
            let answered = columns.map { text.answered($0) }
            let yes = try columns.map { c in
                text.conjunction([text.answered(c), try text.accepts(indicator.accepts, c, referenceKeys: referenceKeys)])
            }
            flags.append(anyOf(answered))
            flags.append(anyOf(yes))
        }
        return ExhibitStatement(sql: flagged(flags, countingAll: false, group: group, conditions: conditions, unit: unit),
                                grouped: group != nil, rows: .slots(Array(flags.indices)))
    }

    /// Per group, the rows for which each flag holds (SUM of CASE), after COUNT(*) of all when `countingAll`;
    /// or the units: each unit's rows in a group first folded into one row (MAX of CASE: any of its rows, in a
    /// CTE), then summed.
    private func flagged(_ flags: [String], countingAll: Bool, group: String?, conditions: [String], unit: ColumnConfig?) -> String {
        let keys = group.map { [$0] } ?? []
        let all = countingAll ? ["COUNT(*)"] : []
        guard let unit else {
            let sums = flags.map { "SUM(CASE WHEN \($0) THEN 1 ELSE 0 END)" }
            return "SELECT \((keys + all + sums).joined(separator: ", ")) FROM \(from)\(whereClause(conditions))\(groupBy(keys))"
        }
        let slot = { (i: Int) in text.dialect.identifier("flag_\(i)") }
        let groupColumn = text.dialect.identifier("series_group"), perUnit = text.dialect.identifier("per_unit")
        let folded = flags.enumerated().map { "MAX(CASE WHEN \($0.element) THEN 1 ELSE 0 END) AS \(slot($0.offset))" }
        let fold = "SELECT \((keys.map { "\($0) AS \(groupColumn)" } + folded).joined(separator: ", ")) FROM \(from)\(whereClause(conditions))"
            + groupBy(keys + [text.dialect.identifier(unit.name)])
        let outerKeys = group == nil ? [] : [groupColumn]
        let sums = all + flags.indices.map { "SUM(\(slot($0)))" }
        return "WITH \(perUnit) AS (\(fold)) SELECT \((outerKeys + sums).joined(separator: ", ")) FROM \(perUnit)\(groupBy(outerKeys))"
    }

    private func anyOf(_ conditions: [String]) -> String {
        conditions.count == 1 ? conditions[0] : conditions.map { "(\($0))" }.joined(separator: " OR ")
    }
}
