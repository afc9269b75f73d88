import Join
import MigstatCore

/// Computes every exhibit's estimates from the cleaned and joined tables.
public struct Aggregator {
    public let tables: [String: DataTable]

    public init(tables: [String: DataTable]) { self.tables = tables }

    public func estimates(for exhibits: [ExhibitConfig]) throws -> [Estimate] {
        try exhibits.flatMap { try estimates(for: $0) }
    }

    public func estimates(for exhibit: ExhibitConfig) throws -> [Estimate] {
        if exhibit.kind.isDrawnFromSpec { return [] }   // a diagram or timeline has no numbers
        guard let table = tables[exhibit.from] else {
            throw MigstatError.config(path: "exhibits.\(exhibit.id).from", message: "no table \"\(exhibit.from)\"")
        }
        let exhibitFilter = try RowFilter(exhibit.where, table: table)
        let weightIndex = table.weight.flatMap(table.index(of:))
        var out: [Estimate] = []
        for series in exhibit.series {
            let seriesFilter = try RowFilter(series.where, table: table)
            let rows = table.rows.filter { exhibitFilter.matches($0) && seriesFilter.matches($0) }
            let weight: ([Value]) -> Double = { row in weightIndex.flatMap { row[$0].number } ?? 1 }
            let categories: [(name: String, label: String?, units: [(weight: Double, hit: Bool)])]
            if let variable = series.variable {
                categories = try single(table: table, rows: rows, variable: variable, bins: series.bins, weight: weight)
            } else if let answers = series.answers {
                categories = try multiple(table: table, rows: rows, answers: answers, weight: weight)
            } else {
                categories = try (series.indicators ?? []).map { try indicator($0, table: table, rows: rows, weight: weight) }
            }
            var results = categories.map { (name: $0.name, label: $0.label, result: Proportion.estimate($0.units)) }
            if series.occurringOnly == true {
                // Stable sort: ties keep the declared order.
                results = results.filter { $0.result.n > 0 }.enumerated()
                    .sorted { ($0.element.result.weighted, -$0.offset) > ($1.element.result.weighted, -$1.offset) }.map(\.element)
            }
            for c in results {
                let r = c.result
                out.append(Estimate(exhibit: exhibit.id, series: series.id, category: c.name,
                                    label: exhibit.layout.categoryLabels[c.name] ?? c.label ?? c.name,
                                    n: r.n, baseN: r.baseN, weighted: r.weighted, baseWeighted: r.baseWeighted,
                                    percent: r.percent, ciLow: r.ciLow, ciHigh: r.ciHigh, interval: r.method))
            }
        }
        return out
    }

    /// A yes/no category with its own base: units with an answer to (one of) its variable(s).
    private func indicator(_ ind: IndicatorConfig, table: DataTable, rows: [[Value]],
                           weight: ([Value]) -> Double) throws -> (name: String, label: String?, units: [(weight: Double, hit: Bool)]) {
        let columns = try ind.variables.map { v -> (Int, Set<String>) in
            guard let i = table.index(of: v) else { throw missing(v, table) }
            return (i, Set(table.meta[v]?.noAnswer ?? []))
        }
        let units = rows.compactMap { row -> (weight: Double, hit: Bool)? in
            let answered = columns.filter { !row[$0.0].isNull && !$0.1.contains(row[$0.0].key) }
            if answered.isEmpty { return nil }
            return (weight(row), answered.contains { ind.equals.accepts(row[$0.0]) })
        }
        return (ind.category, ind.label, units)
    }

    /// A single-response variable: each unit with an answer falls in exactly one category; "no answer" leaves the base.
    private func single(table: DataTable, rows: [[Value]], variable: String, bins: [BinConfig]?,
                        weight: ([Value]) -> Double) throws -> [(name: String, label: String?, units: [(weight: Double, hit: Bool)])] {
        guard let i = table.index(of: variable) else { throw missing(variable, table) }
        let meta = table.meta[variable]
        let noAnswer = Set(meta?.noAnswer ?? [])
        if let bins {
            // Units outside every bin are outside the universe the bins define.
            let located = rows.compactMap { row -> (Double, Int)? in
                guard let x = row[i].number, !noAnswer.contains(row[i].key),
                      let b = bins.firstIndex(where: { x >= ($0.min ?? -.infinity) && x <= ($0.max ?? .infinity) }) else { return nil }
                return (weight(row), b)
            }
            return bins.enumerated().map { b, bin in (bin.name, bin.label, located.map { ($0.0, $0.1 == b) }) }
        }
        let codes = meta?.codes ?? []
        let located = rows.compactMap { row -> (Double, String)? in
            let v = row[i]
            if v.isNull || noAnswer.contains(v.key) { return nil }
            return (weight(row), v.key)
        }
        return codes.map { code in (code.name, code.label, located.map { ($0.0, $0.1 == code.code) }) }
    }

    /// A multiple-response question in long form: the base is the distinct respondents with at least one answer
    /// in the series, so categories may sum past 100%.
    private func multiple(table: DataTable, rows: [[Value]], answers: AnswersConfig,
                          weight: ([Value]) -> Double) throws -> [(name: String, label: String?, units: [(weight: Double, hit: Bool)])] {
        guard let long = tables[answers.table] else { throw MigstatError.config(path: "answers.table", message: "no table \"\(answers.table)\"") }
        guard let v = long.index(of: answers.variable) else { throw missing(answers.variable, long) }
        let parent = long.parentColumns.map { long.index(of: $0)! }
        let key = table.key.compactMap(table.index(of:))
        guard !parent.isEmpty, parent.count == key.count else {
            throw MigstatError.config(path: "answers.table", message: "\(answers.table) must name the key of \(table.name) as its parent")
        }
        let filter = try RowFilter(answers.where, table: long)
        let meta = long.meta[answers.variable]
        let noAnswer = Set(meta?.noAnswer ?? [])
        var respondents: [[String]: (weight: Double, order: Int)] = [:]
        for (o, row) in rows.enumerated() { respondents[key.map { row[$0].key }] = (weight(row), o) }
        var mentioned: [[String]: Set<String>] = [:]
        for row in long.rows where filter.matches(row) && !noAnswer.contains(row[v].key) && !row[v].isNull {
            let who = parent.map { row[$0].key }
            guard respondents[who] != nil else { continue }   // outside the exhibit's filter
            mentioned[who, default: []].insert(row[v].key)
        }
        // Sorted by file order so that sums are taken in the same order on every run.
        let base = mentioned.map { ($0.key, $0.value) }.sorted { respondents[$0.0]!.order < respondents[$1.0]!.order }
        return (meta?.codes ?? []).map { code in
            (code.name, code.label, base.map { (respondents[$0.0]!.weight, $0.1.contains(code.code)) })
        }
    }

    private func missing(_ column: String, _ table: DataTable) -> MigstatError {
        .config(path: "variable", message: "no column \"\(column)\" in \(table.name)")
    }
}
