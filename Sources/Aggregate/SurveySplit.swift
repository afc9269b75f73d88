import Exhibits
import MigstatCore

/// A series as estimated: declared, or one of those a split over a survey code column makes — one per declared
/// code, in order, each a domain of the whole sample.
struct SurveySplit {
    var id: String
    var label: String?
    var series: PlannedSeries
    /// The plan's conditions, with the split's value and-ed to them (RowFilter's meaning, as every engine): a code
    /// the series' own `where` excludes selects no row.
    var conditions: [RowFilter.Condition]

    static func expand(_ series: [PlannedSeries]) -> [SurveySplit] {
        series.flatMap { s -> [SurveySplit] in
            let conditions = s.conditions.map { (column: $0.column.name, accepts: $0.accepts) }
            // A split by month or by a reference's keys is the registry's: grouped by the values met (`RegistryForms`).
            guard let split = s.split, !split.byMonth, split.column.type == .code else {
                return [SurveySplit(id: s.id, label: nil, series: s, conditions: conditions)]
            }
            // A survey's split is by a code column: its declared codes, in order, are the series.
            return split.column.codes.map { code in
                SurveySplit(id: code.name, label: code.label ?? code.name, series: s,
                            conditions: conditions + [(column: split.column.name, accepts: FilterValue([code.code]))])
            }
        }
    }
}
