import MigstatCore

/// The declared columns of the tables an exhibit may read, by "source.table" (or join id), in table order.
public struct PlanSchema: Sendable {
    public let tables: [String: [ColumnConfig]]
    /// The keys of the reference tables, by "source.table.column", where an engine needs them (a registry's).
    public let referenceKeys: [String: Set<String>]

    public init(tables: [String: [ColumnConfig]], referenceKeys: [String: Set<String>] = [:]) {
        self.tables = tables; self.referenceKeys = referenceKeys
    }

    /// One table: a delivery table's declaration, its exhibits' `from`.
    public init(table name: String, columns: [ColumnConfig], referenceKeys: [String: Set<String>] = [:]) {
        tables = [name: columns]; self.referenceKeys = referenceKeys
    }

    /// The cleaned (or joined) tables of a run: a column without a declaration (a join's count) is plain text.
    public init(dataTables: [String: DataTable]) {
        tables = dataTables.mapValues { t in t.columns.map { t.meta[$0] ?? ColumnConfig(name: $0, type: .text) } }
        referenceKeys = [:]
    }
}

extension ExhibitPlan {
    /// Compiles an exhibit against the schema: every column it names is looked up once, and an unknown table or
    /// column is a configuration error naming its path. A diagram or timeline compiles to no series.
    public init(compiling exhibit: ExhibitConfig, schema: PlanSchema) throws {
        let path = "exhibits.\(exhibit.id)"
        id = exhibit.id
        from = exhibit.from
        categoryLabels = exhibit.layout.categoryLabels
        self.path = path
        guard !exhibit.kind.isDrawnFromSpec else { series = []; referenceKeys = [:]; return }
        guard let columns = schema.tables[exhibit.from] else {
            throw MigstatError.config(path: "\(path).from", message: "no table \"\(exhibit.from)\"")
        }
        let compiler = SeriesCompiler(table: exhibit.from, columns: columns, schema: schema)
        let exhibitConditions = try compiler.conditions(exhibit.where, path: "\(path).where")
        let series = try exhibit.series.map { s in
            try compiler.series(s, after: exhibitConditions, path: "\(path).series.\(s.id)")
        }
        self.series = series
        let referenced = Set(series.flatMap(\.columns).compactMap(\.references))
        referenceKeys = schema.referenceKeys.filter { referenced.contains($0.key) }
    }

    /// The plans of the exhibits with numbers whose table the schema has (the others are another engine's).
    public static func compile(_ exhibits: [ExhibitConfig], presentIn schema: PlanSchema) throws -> [ExhibitPlan] {
        try exhibits.filter { !$0.kind.isDrawnFromSpec && schema.tables[$0.from] != nil }.map { try ExhibitPlan(compiling: $0, schema: schema) }
    }

    /// The plans of the exhibits over one delivery table, whose columns reference tables of these keys.
    public static func compile(_ exhibits: [ExhibitConfig], over table: TableConfig,
                               referenceKeys: [String: Set<String>]) throws -> [ExhibitPlan] {
        try exhibits.map { e in
            try ExhibitPlan(compiling: e, schema: PlanSchema(table: e.from, columns: table.columns, referenceKeys: referenceKeys))
        }
    }
}

/// Looks up the columns of one exhibit's table (and of a long file's).
private struct SeriesCompiler {
    let table: String
    let columns: [ColumnConfig]
    let schema: PlanSchema

    func column(_ name: String, path: String, in columns: [ColumnConfig]? = nil, of table: String? = nil) throws -> ColumnConfig {
        guard let c = (columns ?? self.columns).first(where: { $0.name == name }) else {
            throw MigstatError.config(path: path, message: "no column \"\(name)\" in \(table ?? self.table)")
        }
        return c
    }

    /// A `where`'s tests in column order.
    func conditions(_ filter: [String: FilterValue]?, path: String, in columns: [ColumnConfig]? = nil, of table: String? = nil) throws -> [PlanCondition] {
        try RowFilter.conditions(filter).map { name, accepts in
            PlanCondition(column: try column(name, path: "\(path).\(name)", in: columns, of: table), accepts: accepts)
        }
    }

    func series(_ s: SeriesConfig, after exhibitConditions: [PlanCondition], path: String) throws -> PlannedSeries {
        let own = try conditions(s.where, path: "\(path).where")
        let split = try s.splitBy.map { PlannedSplit(column: try column($0.column, path: "\(path).split_by.column"), byMonth: $0.period == "month") }
        let unit = try s.unit.map { PlannedUnit.distinct(try column($0, path: "\(path).unit")) } ?? .rows
        return PlannedSeries(id: s.id, label: s.label, conditions: exhibitConditions + own, split: split, measure: try measure(s, path: path),
                             unit: unit, occurringOnly: s.occurringOnly == true, labelsFrom: s.labelsFrom, path: path)
    }

    private func measure(_ s: SeriesConfig, path: String) throws -> PlannedMeasure {
        if let v = s.variable { return .variable(try column(v, path: "\(path).variable"), bins: s.bins) }
        if let a = s.answers {
            guard let long = schema.tables[a.table] else {
                throw MigstatError.config(path: "\(path).answers.table", message: "no table \"\(a.table)\"")
            }
            return .answers(PlannedAnswers(table: a.table, variable: try column(a.variable, path: "\(path).answers.variable", in: long, of: a.table),
                                           conditions: try conditions(a.where, path: "\(path).answers.where", in: long, of: a.table)))
        }
        return .indicators(try (s.indicators ?? []).enumerated().map { k, ind in
            PlannedIndicator(category: ind.category, label: ind.label,
                             variables: try ind.variables.map { try column($0, path: "\(path).indicators[\(k)].variable") }, accepts: ind.equals)
        })
    }
}

extension RowFilter {
    /// A plan's conditions tested on an in-memory table's rows.
    public init(_ conditions: [PlanCondition], table: DataTable) throws {
        try self.init(conditions: conditions.map { (column: $0.column.name, accepts: $0.accepts) }, table: table)
    }
}
