import Aggregate
import MigstatCore

/// A table laid out as the study prints it, numbers already formatted: the renderers only typeset it.
public struct TableModel: Sendable, Equatable {
    /// The exhibit's id: the file's name and the LaTeX label (`tab:<id>`).
    public var id: String
    public var number: String
    public var title: String
    public var stubHeader: String
    /// Column groups over the value columns (one per series when several series share the table); empty if none.
    public var spanners: [(label: String, width: Int)]
    public var columns: [String]
    public var rows: [(stub: String, cells: [String])]
    public var notes: [String]
    /// The table as printed by Markdown, HTML, LaTeX and the workbook: the layout above plus each percentage's
    /// 95% interval, each base N counted from the data, and the presentation rules' marks and footnotes.
    public var presented = PresentedTable()

    public static func == (a: TableModel, b: TableModel) -> Bool {
        a.id == b.id && a.number == b.number && a.title == b.title && a.columns == b.columns && a.notes == b.notes
            && a.spanners.map(\.label) == b.spanners.map(\.label) && a.rows.map(\.stub) == b.rows.map(\.stub)
            && a.rows.map(\.cells) == b.rows.map(\.cells) && a.presented == b.presented
    }

    /// Lays out an exhibit's estimates under its `layout`.
    public init(exhibit declared: ExhibitConfig, estimates: [Estimate]) {
        let exhibit = declared.expandingSplitSeries(estimates)   // series found in the data (registry exhibits)
        let layout = exhibit.layout
        id = exhibit.id
        number = exhibit.number
        title = exhibit.title
        notes = [exhibit.sourceNote]
        let mine = estimates.filter { $0.exhibit == exhibit.id && !layout.hide.contains($0.category) }
        let seriesIds = exhibit.series.map(\.id)
        var categories: [(id: String, label: String)] = []
        for e in mine where !categories.contains(where: { $0.id == e.category }) { categories.append((e.category, e.label)) }
        func cell(_ e: Estimate?, _ value: String) -> String {
            guard let e else { return "" }
            if value == "n" { return e.withheld.contains(.n) ? Withheld.mark : String(e.n) }
            if e.withheld.contains(.percent) { return Withheld.mark }
            return e.percent.map { formatFixed($0, decimals: layout.decimals) } ?? "–"
        }
        func valueName(_ v: String) -> String { v == "n" ? (layout.countHeader ?? "n") : (layout.valueHeader ?? "%") }
        func find(_ s: String, _ c: String) -> Estimate? { mine.first { $0.series == s && $0.category == c } }
        func seriesLabel(_ id: String) -> String { exhibit.series.first { $0.id == id }?.label ?? id }

        if layout.rows == "series" {
            stubHeader = layout.stubHeader ?? ""
            spanners = []
            columns = categories.flatMap { c in layout.values.count == 1 ? [c.label] : layout.values.map { "\(c.label) \(valueName($0))" } }
            rows = seriesIds.map { s in (seriesLabel(s), categories.flatMap { c in layout.values.map { cell(find(s, c.id), $0) } }) }
        } else {
            stubHeader = layout.stubHeader ?? ""
            let grouped = seriesIds.count > 1
            spanners = grouped ? seriesIds.map { s in
                let first = mine.first { $0.series == s }
                let base = first.map { $0.withheld.contains(.base) ? Withheld.mark : String($0.baseN) }
                return (seriesLabel(s) + (base.map { " (N=\($0))" } ?? ""), layout.values.count)
            } : []
            columns = seriesIds.flatMap { _ in layout.values.map(valueName) }
            rows = categories.map { c in (c.label, seriesIds.flatMap { s in layout.values.map { cell(find(s, c.id), $0) } }) }
        }
        presented = PresentedTable(exhibit: exhibit, estimates: mine, categories: categories, seriesLabel: seriesLabel,
                                   stubHeader: stubHeader, spanners: spanners, valueName: valueName)
    }
}
