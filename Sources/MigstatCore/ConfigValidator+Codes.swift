/// Every value a filter compares with a code column, and every category `hide` and `category_labels` name, must
/// exist: `"where": {"Q1": "male"}` on a column coded 1 and 2 selected nothing and printed a table of zeros.
/// Codes are those pipeline.json declares (a code column must declare them; a codebook file may only agree,
/// which the clean stage checks). Values of text, number and reference columns are found in raw/ and are not
/// checked here, nor the categories of an exhibit over free text or a reference table.
extension ConfigValidator {
    func validateCodes() throws {
        for (j, join) in config.joins.enumerated() {
            if let count = join.count { try checkFilterCodes(count.where, from: count.table, path: "$.joins[\(j)].count.where") }
        }
        for (i, statistic) in config.statistics.enumerated() {
            try checkFilterCodes(statistic.where, from: statistic.from, path: "$.statistics[\(i)].where")
        }
        for (e, exhibit) in config.exhibits.enumerated() where !exhibit.kind.isDrawnFromSpec {
            let ep = "$.exhibits[\(e)]"
            try checkFilterCodes(exhibit.where, from: exhibit.from, path: "\(ep).where")
            for (s, series) in exhibit.series.enumerated() {
                let sp = "\(ep).series[\(s)]"
                try checkFilterCodes(series.where, from: exhibit.from, path: "\(sp).where")
                if let a = series.answers { try checkFilterCodes(a.where, from: a.table, path: "\(sp).answers.where") }
                for (i, ind) in (series.indicators ?? []).enumerated() {
                    for v in ind.variables { try checkCodes(ind.equals, column: v, from: exhibit.from, path: "\(sp).indicators[\(i)].equals") }
                }
            }
            try checkCategories(of: exhibit, path: "\(ep).layout")
        }
    }

    private func checkFilterCodes(_ filter: [String: FilterValue]?, from: String, path: String) throws {
        for (column, value) in (filter ?? [:]).sorted(by: { $0.key < $1.key }) {
            try checkCodes(value, column: column, from: from, path: "\(path).\(column)")
        }
    }

    /// The values of a filter on a code column are among its codes (a "no answer" code included).
    private func checkCodes(_ value: FilterValue, column name: String, from: String, path: String) throws {
        guard !value.isRange, let column = declaredColumn(of: from, name), column.type == .code else { return }
        let codes = column.codes.map(\.code) + column.noAnswer
        for (i, v) in value.values.enumerated() where !codes.contains(v) {
            let at = value.values.count > 1 ? "\(path)[\(i)]" : path
            throw fail(at, "\(quoted(v)) is not a code of \(name) (expected \(codes.joined(separator: ", ")))")
        }
    }

    /// `hide` and the keys of `category_labels` name categories the exhibit has: code names, bin names or
    /// indicator categories. Skipped when a series' categories are only known from the data.
    private func checkCategories(of exhibit: ExhibitConfig, path: String) throws {
        guard !exhibit.layout.hide.isEmpty || !exhibit.layout.categoryLabels.isEmpty else { return }
        var known: [String] = []
        for series in exhibit.series {
            guard let names = categories(of: series, from: exhibit.from) else { return }
            known += names.filter { !known.contains($0) }
        }
        for (i, name) in exhibit.layout.hide.enumerated() where !known.contains(name) {
            throw fail("\(path).hide[\(i)]", "\(quoted(name)) is not a category of \(exhibit.id) (expected \(known.joined(separator: ", ")))")
        }
        for name in exhibit.layout.categoryLabels.keys.sorted() where !known.contains(name) {
            throw fail("\(path).category_labels.\(name)", "\(quoted(name)) is not a category of \(exhibit.id) (expected \(known.joined(separator: ", ")))")
        }
    }

    /// The category names a series estimates, or nil when they come from the data (free text, a reference table).
    func categories(of series: SeriesConfig, from: String) -> [String]? {
        if let indicators = series.indicators { return indicators.map(\.category) }
        if let bins = series.bins { return bins.map(\.name) }
        if series.occurringOnly == true { return nil }
        let column = series.variable.flatMap { declaredColumn(of: from, $0) }
            ?? series.answers.flatMap { declaredColumn(of: $0.table, $0.variable) }
        guard let column, column.type == .code else { return nil }
        return column.codes.map(\.name)
    }
}
