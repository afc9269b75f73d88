import Exhibits
import MigstatCore

/// Computes every exhibit's estimates from the cleaned and joined tables. Every base is a domain of the whole
/// sample of its table: units are picked by row, never by cutting the table, so the variance of each share is
/// that of the domain estimator over the full design.
public struct Aggregator {
    public let tables: [String: DataTable]

    public init(tables: [String: DataTable]) { self.tables = tables }

    public func estimates(for exhibits: [ExhibitConfig]) throws -> [Estimate] {
        try exhibits.flatMap { try estimates(for: $0) }
    }

    /// One category of a series: the base's rows and whether each is in the category.
    typealias Category = (name: String, label: String?, rows: [Int], hits: [Bool])

    /// One category of one series of an exhibit as the estimate counts it: the rows of the exhibit's table in
    /// the base (for a multiple-response series, the respondents' rows) and whether each is in the category —
    /// so `hits` counts `n` and `rows` counts `base_n`. `migstat explain` shows these.
    public struct CategoryBase: Sendable {
        public var series: String
        public var category: String
        public var rows: [Int]
        public var hits: [Bool]
    }

    /// The table an exhibit's rows (its units) come from.
    public func table(of exhibit: ExhibitConfig) throws -> DataTable { try table(of: plan(exhibit)) }

    func table(of plan: ExhibitPlan) throws -> DataTable {
        guard let table = tables[plan.from] else {
            throw MigstatError.config(path: "\(plan.path).from", message: "no table \"\(plan.from)\"")
        }
        return table
    }

    /// The exhibit compiled against these tables: what the aggregator evaluates.
    public func plan(_ exhibit: ExhibitConfig) throws -> ExhibitPlan {
        try ExhibitPlan(compiling: exhibit, schema: PlanSchema(dataTables: tables))
    }

    /// Every category of every series of an exhibit, in declared order, with the rows of its base.
    public func bases(for exhibit: ExhibitConfig) throws -> [CategoryBase] { try bases(for: plan(exhibit)) }

    public func bases(for plan: ExhibitPlan) throws -> [CategoryBase] {
        Self.bases(try seriesCategories(plan, table: table(of: plan)))
    }

    static func bases(_ counted: [(split: SurveySplit, categories: [Category])]) -> [CategoryBase] {
        counted.flatMap { series in series.categories.map { CategoryBase(series: series.split.id, category: $0.name, rows: $0.rows, hits: $0.hits) } }
    }

    /// The one place that decides, per series, which rows form each category's base and which are in it.
    func seriesCategories(_ plan: ExhibitPlan, table: DataTable) throws -> [(split: SurveySplit, categories: [Category])] {
        try SurveySplit.expand(plan.series).flatMap { split in
            let filter = try RowFilter(conditions: split.conditions, table: table)
            var rows = table.rows.indices.filter { filter.matches(table.rows[$0]) }
            // Distinct units: a row without one is no unit's (the scan skips it).
            let unit = try split.series.unit.column.map { c in try table.index(of: c.name) ?? { throw missing(c.name, table) }() }
            if let unit { rows = rows.filter { Self.present(table.rows[$0][unit]) } }
            let groups = try registryGroups(split, rows: rows, table: table, referenceKeys: plan.referenceKeys)
            let keys = try metKeys(split.series, rows: groups.flatMap(\.rows), table: table, referenceKeys: plan.referenceKeys)
            return try groups.map { group in
                var categories: [Category]
                switch split.series.measure {
                case .variable(let variable, let bins):
                    categories = try keys.map { try referenceCategories(table: table, rows: group.rows, variable: variable, keys: $0) }
                        ?? single(table: table, rows: group.rows, variable: variable, bins: bins)
                case .answers(let answers): categories = try multiple(table: table, rows: group.rows, answers: answers)
                case .indicators(let list): categories = try list.map { try indicator($0, table: table, rows: group.rows) }
                }
                if let unit { categories = categories.map { Self.byUnit($0, unit: unit, table: table) } }
                return (group.split, categories)
            }
        }
    }

    public func estimates(for exhibit: ExhibitConfig) throws -> [Estimate] {
        if exhibit.kind.isDrawnFromSpec { return [] }   // a diagram or timeline has no numbers
        return try estimates(for: plan(exhibit))
    }

    public func estimates(for plan: ExhibitPlan) throws -> [Estimate] {
        let table = try table(of: plan)
        return estimates(for: plan, design: table.sampleDesign, counted: try seriesCategories(plan, table: table))
    }

    /// The estimates of categories already counted (`seriesCategories`).
    func estimates(for plan: ExhibitPlan, design: SampleDesign, counted: [(split: SurveySplit, categories: [Category])]) -> [Estimate] {
        var out: [Estimate] = []
        for (series, categories) in counted {
            var results = categories.map { c in (name: c.name, label: c.label, estimate: DesignedProportion.estimate(design: design, rows: c.rows, hits: c.hits)) }
            if series.series.occurringOnly {
                // Stable sort: ties keep the declared order.
                results = results.filter { $0.estimate.0.n > 0 }.enumerated()
                    .sorted { ($0.element.estimate.0.weighted, -$0.offset) > ($1.element.estimate.0.weighted, -$1.offset) }.map(\.element)
            }
            for c in results {
                let (r, uncertainty) = c.estimate
                var e = Estimate(exhibit: plan.id, series: series.id, category: c.name,
                                 label: plan.categoryLabels[c.name] ?? c.label ?? c.name,
                                 n: r.n, baseN: r.baseN, weighted: r.weighted, baseWeighted: r.baseWeighted,
                                 percent: r.percent, ciLow: nil, ciHigh: nil, interval: uncertainty.method)
                e.setUncertainty(uncertainty)
                e.seriesLabel = series.label
                out.append(e)
            }
        }
        return out
    }

    /// A yes/no category with its own base: units with an answer to (one of) its variable(s); a unit whose every
    /// item is "no answer" (or missing) is not in the base, so it is never counted as a "no".
    private func indicator(_ ind: PlannedIndicator, table: DataTable, rows: [Int]) throws -> Category {
        let columns = try ind.variables.map { v -> (Int, Set<String>) in
            guard let i = table.index(of: v.name) else { throw missing(v.name, table) }
            return (i, Set(v.noAnswer))
        }
        var base: [Int] = [], hits: [Bool] = []
        for r in rows {
            let row = table.rows[r]
            let answered = columns.filter { !row[$0.0].isNull && !$0.1.contains(row[$0.0].key) }
            if answered.isEmpty { continue }
            base.append(r); hits.append(answered.contains { ind.accepts.accepts(row[$0.0]) })
        }
        return (ind.category, ind.label, base, hits)
    }

    /// A single-response variable: each unit with an answer falls in exactly one category; "no answer" leaves the base.
    private func single(table: DataTable, rows: [Int], variable: ColumnConfig, bins: [BinConfig]?) throws -> [Category] {
        guard let i = table.index(of: variable.name) else { throw missing(variable.name, table) }
        let noAnswer = Set(variable.noAnswer)
        if let bins {
            // Units outside every bin are outside the universe the bins define.
            var base: [Int] = [], bin: [Int] = []
            for r in rows {
                let v = table.rows[r][i]
                guard let x = v.number, !noAnswer.contains(v.key),
                      let b = bins.firstIndex(where: { x >= ($0.min ?? -.infinity) && x <= ($0.max ?? .infinity) }) else { continue }
                base.append(r); bin.append(b)
            }
            return bins.enumerated().map { b, config in (config.name, config.label, base, bin.map { $0 == b }) }
        }
        var base: [Int] = [], value: [String] = []
        for r in rows {
            let v = table.rows[r][i]
            if v.isNull || noAnswer.contains(v.key) { continue }
            base.append(r); value.append(v.key)
        }
        return variable.codes.map { code in (code.name, code.label, base, value.map { $0 == code.code }) }
    }

    /// A multiple-response question in long form: the base is the distinct respondents with at least one answer
    /// in the series, so categories may sum past 100%.
    private func multiple(table: DataTable, rows: [Int], answers: PlannedAnswers) throws -> [Category] {
        guard let long = tables[answers.table] else { throw MigstatError.config(path: "answers.table", message: "no table \"\(answers.table)\"") }
        guard let v = long.index(of: answers.variable.name) else { throw missing(answers.variable.name, long) }
        let parent = long.parentColumns.map { long.index(of: $0)! }
        let key = table.key.compactMap(table.index(of:))
        guard !parent.isEmpty, parent.count == key.count else {
            throw MigstatError.config(path: "answers.table", message: "\(answers.table) must name the key of \(table.name) as its parent")
        }
        let filter = try RowFilter(answers.conditions, table: long)
        let noAnswer = Set(answers.variable.noAnswer)
        var respondent: [[String]: Int] = [:]
        for r in rows { respondent[key.map { table.rows[r][$0].key }] = r }
        var mentioned: [Int: Set<String>] = [:]
        for row in long.rows where filter.matches(row) && !noAnswer.contains(row[v].key) && !row[v].isNull {
            guard let r = respondent[parent.map { row[$0].key }] else { continue }   // outside the exhibit's filter
            mentioned[r, default: []].insert(row[v].key)
        }
        // In file order, so that sums are taken in the same order on every run.
        let base = mentioned.keys.sorted()
        return answers.variable.codes.map { code in (code.name, code.label, base, base.map { mentioned[$0]!.contains(code.code) }) }
    }

    func missing(_ column: String, _ table: DataTable) -> MigstatError {
        .config(path: "variable", message: "no column \"\(column)\" in \(table.name)")
    }
}
