/// A series' `where` is and-ed with its exhibit's (`RowFilter`): a series that tests a column its exhibit
/// also tests, with nothing both accept (exhibit `region: GBAO`, series `region: SUG`), selects no row by
/// construction — an error naming the series' JSON path rather than a silently empty series.
extension ConfigValidator {
    func validateWhereAgreement() throws {
        for (e, exhibit) in config.exhibits.enumerated() {
            guard let exhibitWhere = exhibit.where else { continue }
            for (s, series) in exhibit.series.enumerated() {
                for (column, own) in RowFilter.conditions(series.where) {
                    guard let inherited = exhibitWhere[column], own.excludesEverything(with: inherited) else { continue }
                    throw fail("$.exhibits[\(e)].series[\(s)].where.\(column)",
                               "\(describe(own)) contradicts the exhibit's where.\(column) \(describe(inherited)): "
                               + "both must hold, so the series would select no row")
                }
            }
        }
    }

    private func describe(_ filter: FilterValue) -> String {
        guard filter.isRange else { return filter.values.map { "\"\($0)\"" }.joined(separator: ", ") }
        return "\(filter.min.map(formatPlain) ?? "-∞")...\(filter.max.map(formatPlain) ?? "∞")"
    }
}
