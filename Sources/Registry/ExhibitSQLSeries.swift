import MigstatCore

/// One SQL statement of a series and how each of its rows adds to the series' counts.
struct ExhibitStatement {
    enum Rows {
        /// `[group,] category, n`: n units in the category (slot: the category's number + 1); with `addsToBase`,
        /// in the base too (rows: the base is the sum of the categories, each row in one).
        case categories(addsToBase: Bool)
        /// `[group,] n0, n1, …`: counts of slots 0, 1, … (a variable's base; indicators' base and yes).
        case slots
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
    let plan: SeriesPlan
    let table: TableConfig
    let tableName: String
    let referenceKeys: [String: Set<String>]

    private func column(_ name: String) throws -> ColumnConfig {
        guard let c = table.column(name) else {
            throw MigstatError.config(path: "exhibits.\(plan.exhibit.id).series.\(plan.series.id)", message: "no column \"\(name)\" in \(table.id)")
        }
        return c
    }

    /// The split value of a row (a month: the first seven characters of the date), or nil without a split.
    /// Values outside the split's domain come back as groups of their own and are dropped on decoding.
    private func groupExpression() throws -> String? {
        guard let split = plan.series.splitBy else { return nil }
        let c = ExhibitSQLText.identifier(try column(split.column).name)
        return split.period == "month" ? "substr(\(c), 1, 7)" : c
    }

    private func filters() throws -> [String] {
        try RowFilter.conditions(exhibit: plan.exhibit.where, series: plan.series.where).map { condition in
            try ExhibitSQLText.accepts(condition.accepts, column(condition.column), referenceKeys: referenceKeys)
        }
    }

    private var from: String { ExhibitSQLText.identifier(tableName) }

    private func whereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : " WHERE " + ExhibitSQLText.conjunction(conditions)
    }

    private func groupBy(_ expressions: [String]) -> String {
        expressions.isEmpty ? "" : " GROUP BY " + expressions.joined(separator: ", ")
    }

    func statements() throws -> [ExhibitStatement] {
        let group = try groupExpression()
        var conditions = try filters()
        let unit = try plan.series.unit.map(column)
        if let unit { conditions.append(ExhibitSQLText.present(unit)) }
        if let variable = plan.series.variable, let domain = plan.variableDomain {
            return try variableStatements(column(variable), domain, group: group, conditions: conditions, unit: unit)
        }
        return [try indicatorStatement(group: group, conditions: conditions, unit: unit)]
    }

    /// A variable: rows or distinct units per category, over the rows whose value is in the domain (declared
    /// codes or the reference's keys, no-answer codes out): the others are outside the base.
    private func variableStatements(_ variable: ColumnConfig, _ domain: ValueDomain, group: String?, conditions: [String],
                                    unit: ColumnConfig?) throws -> [ExhibitStatement] {
        let noAnswer = Set(variable.noAnswer)
        let members = (0..<domain.lookup.set.members).map { domain.lookup.set.member($0) }.filter { !$0.isEmpty && !noAnswer.contains($0) }
        let inBase = whereClause(conditions + [ExhibitSQLText.isOneOf(members, variable)])
        let v = ExhibitSQLText.identifier(variable.name)
        let keys = group.map { [$0] } ?? []
        let select = keys.map { $0 + ", " }.joined()
        guard let unit else {
            return [ExhibitStatement(sql: "SELECT \(select)\(v), COUNT(*) FROM \(from)\(inBase)\(groupBy(keys + [v]))",
                                     grouped: group != nil, rows: .categories(addsToBase: true))]
        }
        // A unit with rows in several categories is in each, and once in the base: two counts of distinct units.
        let distinct = "COUNT(DISTINCT \(ExhibitSQLText.identifier(unit.name)))"
        return [
            ExhibitStatement(sql: "SELECT \(select)\(v), \(distinct) FROM \(from)\(inBase)\(groupBy(keys + [v]))",
                             grouped: group != nil, rows: .categories(addsToBase: false)),
            ExhibitStatement(sql: "SELECT \(select)\(distinct) FROM \(from)\(inBase)\(groupBy(keys))", grouped: group != nil, rows: .slots),
        ]
    }

    /// Indicators: per indicator, the units answering (base) and those answering yes. An indicator over several
    /// variables ("any") is answered when one of them is, and yes when one answered passes `equals`. Units:
    /// each unit's rows in a group are first folded into one row (MAX: any of them), then summed.
    private func indicatorStatement(group: String?, conditions: [String], unit: ColumnConfig?) throws -> ExhibitStatement {
        var flags: [String] = []
        for indicator in plan.series.indicators ?? [] {
            let columns = try indicator.variables.map(column)
            let answered = columns.map { ExhibitSQLText.answered($0) }
            let yes = try columns.map { c in
                ExhibitSQLText.conjunction([ExhibitSQLText.answered(c), try ExhibitSQLText.accepts(indicator.equals, c, referenceKeys: referenceKeys)])
            }
            flags.append(anyOf(answered))
            flags.append(anyOf(yes))
        }
        let keys = group.map { [$0] } ?? []
        guard let unit else {
            let sums = flags.map { "SUM(CASE WHEN \($0) THEN 1 ELSE 0 END)" }
            let sql = "SELECT \((keys + sums).joined(separator: ", ")) FROM \(from)\(whereClause(conditions))\(groupBy(keys))"
            return ExhibitStatement(sql: sql, grouped: group != nil, rows: .slots)
        }
        let folded = flags.enumerated().map { "MAX(CASE WHEN \($0.element) THEN 1 ELSE 0 END) AS \(ExhibitSQLText.identifier("slot_\($0.offset)"))" }
        let groupColumn = ExhibitSQLText.identifier("series_group")
        let perUnit = "SELECT \((keys.map { "\($0) AS \(groupColumn)" } + folded).joined(separator: ", ")) FROM \(from)\(whereClause(conditions))"
            + groupBy(keys + [ExhibitSQLText.identifier(unit.name)])
        let outerKeys = group == nil ? [] : [groupColumn]
        let sums = flags.indices.map { "SUM(\(ExhibitSQLText.identifier("slot_\($0)")))" }
        let sql = "WITH \(ExhibitSQLText.identifier("per_unit")) AS (\(perUnit)) SELECT \((outerKeys + sums).joined(separator: ", ")) FROM "
            + ExhibitSQLText.identifier("per_unit") + groupBy(outerKeys)
        return ExhibitStatement(sql: sql, grouped: group != nil, rows: .slots)
    }

    private func anyOf(_ conditions: [String]) -> String {
        conditions.count == 1 ? conditions[0] : conditions.map { "(\($0))" }.joined(separator: " OR ")
    }
}
