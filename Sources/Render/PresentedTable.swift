import Aggregate
import MigstatCore

/// One printed cell: its text (marks included) and the number behind it, for formats that store numbers.
public struct TableCell: Sendable, Equatable {
    public enum Role: String, Sendable { case count, percent, interval, base }
    public var role: Role
    public var text: String
    /// The count, the unrounded percent, the interval's lower bound or the base; nil when suppressed or empty.
    public var value: Double?
    /// The interval's upper bound.
    public var high: Double? = nil
    /// Decimals the text shows (0 for counts), so that a spreadsheet can format `value` alike.
    public var decimals: Int = 0
    /// "*", "†", "‡" or "" (see `Presentation`); "<k" counts carry no mark, their text says it.
    public var mark: String = ""
}

/// A table as the human-facing formats print it (see `TableModel.presented`).
public struct PresentedTable: Sendable, Equatable {
    public var columns: [(label: String, role: TableCell.Role)] = []
    public var spanners: [(label: String, width: Int)] = []
    public var rows: [(stub: String, cells: [TableCell])] = []
    /// The source line first, then what the intervals and bases are, then a footnote per mark used.
    public var notes: [String] = []

    public init() {}

    public static func == (a: PresentedTable, b: PresentedTable) -> Bool {
        a.columns.map(\.label) == b.columns.map(\.label) && a.spanners.map(\.label) == b.spanners.map(\.label)
            && a.spanners.map(\.width) == b.spanners.map(\.width) && a.rows.map(\.stub) == b.rows.map(\.stub)
            && a.rows.map(\.cells) == b.rows.map(\.cells) && a.notes == b.notes
    }

    init(exhibit: ExhibitConfig, estimates mine: [Estimate], categories: [(id: String, label: String)],
         seriesLabel: (String) -> String, stubHeader: String, spanners layoutSpanners: [(label: String, width: Int)],
         valueName: (String) -> String) {
        let layout = exhibit.layout
        let rules = layout.presentation
        let seriesIds = exhibit.series.map(\.id)
        let sampled = mine.contains { $0.interval != .census }
        var used: [Presentation] = []
        func find(_ s: String, _ c: String) -> Estimate? { mine.first { $0.series == s && $0.category == c } }

        /// The cells of one value: a count, or a percent followed (for a sample) by its interval.
        func cells(_ e: Estimate?, _ v: String) -> [TableCell] {
            if v == "n" {
                guard let e else { return [TableCell(role: .count, text: "")] }
                if e.withheld.contains(.n) { return [TableCell(role: .count, text: Withheld.mark)] }
                let text = Presentation.count(e.n, census: e.interval == .census, rules: rules)
                return [TableCell(role: .count, text: text, value: text == String(e.n) ? Double(e.n) : nil)]
            }
            var out = [TableCell(role: .percent, text: e == nil ? "" : "–", decimals: layout.decimals)]
            if sampled { out.append(TableCell(role: .interval, text: "", decimals: layout.decimals)) }
            guard let e, let p = e.percent else { return out }
            if e.withheld.contains(.percent) {
                out[0] = TableCell(role: .percent, text: Withheld.mark, decimals: layout.decimals)
                return out
            }
            let shown = Presentation.of(e, rules: rules)
            if shown != .shown, !used.contains(shown) { used.append(shown) }
            if shown == .suppressed {
                out[0] = TableCell(role: .percent, text: "*", decimals: layout.decimals, mark: "*")
                return out
            }
            // A census percentage is stored as printed (rounded): unrounded beside its base it would give the count away.
            let value = e.interval == .census ? Double(formatFixed(p, decimals: layout.decimals)) ?? p : p
            out[0] = TableCell(role: .percent, text: formatFixed(p, decimals: layout.decimals) + shown.mark, value: value,
                               decimals: layout.decimals, mark: shown.mark)
            if sampled, let low = e.ciLow, let high = e.ciHigh {
                out[1] = TableCell(role: .interval, text: formatFixed(low, decimals: layout.decimals) + "–" + formatFixed(high, decimals: layout.decimals),
                                   value: low, high: high, decimals: layout.decimals)
            }
            return out
        }
        func columns(_ v: String, _ name: String) -> [(String, TableCell.Role)] {
            v == "n" ? [(name, .count)] : [(name, .percent)] + (sampled ? [("95% CI", .interval)] : [])
        }
        /// The base of a series counted from the data: one number, or the range when its categories differ.
        func base(_ s: String) -> TableCell {
            if mine.contains(where: { $0.series == s && $0.withheld.contains(.base) }) { return TableCell(role: .base, text: Withheld.mark) }
            let bases = mine.filter { $0.series == s }.map(\.baseN)
            guard let lo = bases.min(), let hi = bases.max() else { return TableCell(role: .base, text: "") }
            return TableCell(role: .base, text: lo == hi ? String(lo) : "\(lo)–\(hi)", value: lo == hi ? Double(lo) : nil)
        }

        if layout.rows == "series" {
            self.columns = categories.flatMap { c in
                layout.values.flatMap { columns($0, layout.values.count == 1 ? c.label : "\(c.label) \(valueName($0))") }
            } + [("N", .base)]
            rows = seriesIds.map { s in (seriesLabel(s), categories.flatMap { c in layout.values.flatMap { cells(find(s, c.id), $0) } } + [base(s)]) }
        } else {
            let perSeries = layout.values.flatMap { columns($0, valueName($0)) }
            self.columns = seriesIds.flatMap { _ in perSeries }
            spanners = layoutSpanners.map { ($0.label, perSeries.count) }
            rows = categories.map { c in (c.label, seriesIds.flatMap { s in layout.values.flatMap { cells(find(s, c.id), $0) } }) }
            rows.append(("N (base)", seriesIds.flatMap { s in
                [base(s)] + Array(repeating: TableCell(role: .base, text: ""), count: perSeries.count - 1)
            }))
        }
        notes = [exhibit.sourceNote]
        notes.append(sampled
            ? "95% CI: 95% confidence interval of the percentage (\(Set(mine.map(\.interval.rawValue)).sorted().joined(separator: ", ")))"
                + (exhibit.modelBasedIntervals ? Presentation.modelBasedNote : "") + ". N: unweighted base counted from the data."
            : "A census: no sampling error, so no interval. N: base counted from the data."
                + (rules.smallCount > 0 ? " \(Withheld.mark): withheld, a count from 1 to \(rules.smallCount - 1) or a number from which one could be worked out." : ""))
        if let calibrated = exhibit.calibrationNote { notes.append(calibrated) }
        notes += Presentation.marked.filter(used.contains).map { $0.footnote(rules) }
    }
}
