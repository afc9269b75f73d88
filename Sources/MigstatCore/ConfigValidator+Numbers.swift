/// Every number pipeline.json holds, checked before any stage uses it: a negative or huge `decimals` trapped or
/// spun in formatting, and a range whose minimum is above its maximum quarantined every row.
extension ConfigValidator {
    /// Decimals a table or chart prints: more than 10 is past what any estimate here means (and past a double's digits).
    static let decimals = 0...10
    /// A page of the study's lists.
    static let pages = 1...100_000

    func validateNumbers() throws {
        for (i, entry) in config.study.contents.enumerated() {
            if let page = entry.page, !Self.pages.contains(page) {
                throw fail("$.study.contents[\(i)].page", "expected a page number in \(Self.pages.lowerBound)...\(Self.pages.upperBound), found \(page)")
            }
        }
        for (s, source) in config.sources.enumerated() {
            for (t, table) in source.tables.enumerated() {
                for (c, column) in table.columns.enumerated() {
                    guard let range = column.range, range.count == 2 else { continue }   // the shape is checked with the columns
                    try checkBounds(range[0], range[1], path: "$.sources[\(s)].tables[\(t)].columns[\(c)].range", keys: ("[0]", "[1]"))
                }
            }
        }
        for (j, join) in config.joins.enumerated() {
            try checkFilterNumbers(join.count?.where, path: "$.joins[\(j)].count.where")
        }
        for (e, exhibit) in config.exhibits.enumerated() {
            let ep = "$.exhibits[\(e)]"
            if !Self.decimals.contains(exhibit.layout.decimals) {
                throw fail("\(ep).layout.decimals", "expected \(Self.decimals.lowerBound) to \(Self.decimals.upperBound) decimals, found \(exhibit.layout.decimals)")
            }
            try checkFilterNumbers(exhibit.where, path: "\(ep).where")
            for (s, series) in exhibit.series.enumerated() {
                let sp = "\(ep).series[\(s)]"
                try checkFilterNumbers(series.where, path: "\(sp).where")
                try checkFilterNumbers(series.answers?.where, path: "\(sp).answers.where")
                if let bins = series.bins, bins.isEmpty { throw fail("\(sp).bins", "expected at least one bin") }
                for (b, bin) in (series.bins ?? []).enumerated() {
                    try checkBounds(bin.min, bin.max, path: "\(sp).bins[\(b)]", keys: (".min", ".max"))
                }
                for (i, ind) in (series.indicators ?? []).enumerated() where ind.equals.isRange {
                    try checkBounds(ind.equals.min, ind.equals.max, path: "\(sp).indicators[\(i)].equals", keys: (".min", ".max"))
                }
            }
        }
    }

    private func checkFilterNumbers(_ filter: [String: FilterValue]?, path: String) throws {
        for (column, value) in (filter ?? [:]).sorted(by: { $0.key < $1.key }) where value.isRange {
            try checkBounds(value.min, value.max, path: "\(path).\(column)", keys: (".min", ".max"))
        }
    }

    /// Finite bounds, the lower not above the upper (either may be open).
    private func checkBounds(_ low: Double?, _ high: Double?, path: String, keys: (String, String)) throws {
        for (key, v) in [(keys.0, low), (keys.1, high)] {
            if let v, !v.isFinite { throw fail(path + key, "expected a finite number, found \(v)") }
        }
        if let low, let high, low > high {
            throw fail(path, "the minimum \(formatPlain(low)) is above the maximum \(formatPlain(high)): no value could pass")
        }
    }
}
