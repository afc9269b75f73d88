import MigstatCore

/// A series as estimated: declared, or one of those a `split_by` over a survey code column makes — one per
/// declared code, in order, each a domain of the whole sample.
struct SurveySplit {
    var id: String
    var label: String?
    var config: SeriesConfig

    static func expand(_ series: [SeriesConfig], table: DataTable) throws -> [SurveySplit] {
        try series.flatMap { s -> [SurveySplit] in
            guard let split = s.splitBy else { return [SurveySplit(id: s.id, label: nil, config: s)] }
            guard table.index(of: split.column) != nil else {
                throw MigstatError.config(path: "split_by.column", message: "no column \"\(split.column)\" in \(table.name)")
            }
            // The validator admits code columns only: their declared codes, in order, are the series.
            let values = (table.meta[split.column]?.codes ?? []).map { (value: $0.code, name: $0.name, label: $0.label) }
            return values.map { v in
                var config = s
                config.splitBy = nil
                // And-ed with the series' own `where` on the split column (RowFilter's meaning, as the registry's
                // scan does): a code that filter excludes selects no row.
                let accepted = s.where?[split.column].map { $0.accepts(.text(v.value)) } ?? true
                config.where = (s.where ?? [:]).merging([split.column: FilterValue(accepted ? [v.value] : [])]) { _, new in new }
                return SurveySplit(id: v.name, label: v.label ?? v.name, config: config)
            }
        }
    }
}
