import MigstatCore

/// A series as estimated: declared, or one of those a `split_by` over a survey variable finds — one per value
/// of the column (its declared codes in order, or the values met, sorted), each a domain of the whole sample.
struct SurveySplit {
    var id: String
    var label: String?
    var config: SeriesConfig

    static func expand(_ series: [SeriesConfig], table: DataTable) throws -> [SurveySplit] {
        try series.flatMap { s -> [SurveySplit] in
            guard let split = s.splitBy else { return [SurveySplit(id: s.id, label: nil, config: s)] }
            guard let i = table.index(of: split.column) else {
                throw MigstatError.config(path: "split_by.column", message: "no column \"\(split.column)\" in \(table.name)")
            }
            let meta = table.meta[split.column]
            let noAnswer = Set(meta?.noAnswer ?? [])
            let values: [(value: String, name: String, label: String?)]
            if let codes = meta?.codes, !codes.isEmpty {
                values = codes.map { ($0.code, $0.name, $0.label) }
            } else {
                let met = Set(table.rows.map { $0[i] }.filter { !$0.isNull && !noAnswer.contains($0.key) })
                values = met.sorted().map { ($0.key, $0.key, nil) }
            }
            return values.map { v in
                var config = s
                config.splitBy = nil
                config.where = (s.where ?? [:]).merging([split.column: FilterValue([v.value])]) { _, new in new }
                return SurveySplit(id: v.name, label: v.label ?? v.name, config: config)
            }
        }
    }
}
