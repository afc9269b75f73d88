import Aggregate
import MigstatCore

/// A horizontal bar chart of an exhibit's percentages as a self-contained SVG: title, labelled categories,
/// a percent axis with gridlines, value labels, a legend when series are grouped, and the source line.
/// Hand-written because no Swift chart library runs on Linux; all coordinates are rounded so output is stable.
public struct BarChart {
    public var number: String
    public var title: String
    public var axisLabel: String
    public var sourceNote: String
    public var decimals: Int
    /// Category labels in order, and for each series its label and values (nil: no estimate).
    public var categories: [String]
    public var series: [(label: String, values: [Double?])]
    /// Each value's 95% interval (nil for a census or no estimate), drawn as a whisker over its bar.
    public var intervals: [[(low: Double, high: Double)?]] = []
    /// Each value's presentation under the exhibit's rules: a suppressed share is drawn as "*", not as a bar.
    public var shown: [[Presentation]] = []
    var rules = PresentationConfig()
    /// A quota sample's intervals: the note says they are model-based.
    var modelBased = false
    /// Shares the census threshold rule withholds (`Estimate.withheld`): drawn as "x", neither bar nor number.
    public var withheld: [[Bool]] = []

    static let palette = ["#2f5d8a", "#c8742c", "#5b8c3a", "#8a3b6e", "#6b6b6b"]
    static let width = 720.0
    static let font = "DejaVu Sans, Helvetica, Arial, sans-serif"

    public init(exhibit declared: ExhibitConfig, estimates: [Estimate]) {
        let exhibit = declared.expandingSplitSeries(estimates)   // series found in the data (registry exhibits)
        let layout = exhibit.layout
        number = exhibit.number
        title = exhibit.title
        axisLabel = layout.valueHeader ?? "Percent"
        sourceNote = exhibit.sourceNote
        decimals = layout.decimals
        let mine = estimates.filter { $0.exhibit == exhibit.id && !layout.hide.contains($0.category) }
        var ids: [(String, String)] = []
        for e in mine where !ids.contains(where: { $0.0 == e.category }) { ids.append((e.category, e.label)) }
        categories = ids.map(\.1)
        func find(_ s: String, _ c: String) -> Estimate? { mine.first { $0.series == s && $0.category == c } }
        series = exhibit.series.map { s in (s.label ?? s.id, ids.map { c in find(s.id, c.0)?.percent }) }
        rules = layout.presentation
        modelBased = exhibit.modelBasedIntervals
        shown = exhibit.series.map { s in ids.map { c in find(s.id, c.0).map { Presentation.of($0, rules: rules) } ?? .shown } }
        withheld = exhibit.series.map { s in ids.map { c in find(s.id, c.0)?.withheld.contains(.percent) ?? false } }
        intervals = exhibit.series.map { s in
            ids.map { c in find(s.id, c.0).flatMap { e in e.ciLow.flatMap { low in e.ciHigh.map { (low, $0) } } } }
        }
    }

    public func svg() -> String {
        let labelLines = categories.map { wrap($0, width: 34) }
        let longest = labelLines.flatMap { $0 }.map(\.count).max() ?? 0
        let left = 24 + min(260, Double(longest) * 6.6)
        let plotWidth = BarChart.width - left - 64
        let barHeight = series.count > 1 ? 16.0 : 22.0
        let groupGap = 14.0
        let titleLines = wrap("\(number) \(title)", width: 80)
        let top = 28 + Double(titleLines.count) * 20 + (series.count > 1 ? 24 : 0)
        let groupHeights = labelLines.map { max(Double(series.count) * barHeight, Double($0.count) * 15) }
        let plotHeight = groupHeights.reduce(0, +) + groupGap * Double(categories.count)
        let whiskers = intervals.contains { $0.contains { $0 != nil } }
        let marks = Presentation.marked.filter { p in shown.contains { $0.contains(p) } }
        let noteLines = wrap(sourceNote, width: 110) + (whiskers ? wrap("Whiskers: 95% confidence intervals (estimates.csv, ci_low and ci_high)"
                + (modelBased ? Presentation.modelBasedNote : "") + ".", width: 110) : [])
            + marks.flatMap { wrap($0.footnote(rules), width: 110) }
            + (withheld.contains { $0.contains(true) } ? wrap("\(Withheld.mark): withheld, a share of a count from 1 to \(rules.smallCount - 1) or one from which such a count could be worked out.", width: 110) : [])
        let height = top + plotHeight + 56 + Double(noteLines.count) * 16
        let maxValue = (series.flatMap { $0.values.compactMap { $0 } } + intervals.flatMap { $0.compactMap { $0?.high } }).max() ?? 0
        let axisMax = max(10, (maxValue / 10).rounded(.up) * 10)
        let step = axisMax > 50 ? 20.0 : 10.0
        func x(_ v: Double) -> String { f(left + plotWidth * v / axisMax) }

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(BarChart.width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(BarChart.width)) \(f(height))\" role=\"img\" aria-labelledby=\"title\" font-family=\"\(BarChart.font)\">\n"
        s += "<title id=\"title\">\(escapeHTML("\(number) \(title)"))</title>\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        for (i, line) in titleLines.enumerated() {
            s += "<text x=\"24\" y=\"\(f(32 + Double(i) * 20))\" font-size=\"15\" font-weight=\"bold\" fill=\"#111\">\(escapeHTML(line))</text>\n"
        }
        if series.count > 1 {
            var lx = left
            for (k, ser) in series.enumerated() {
                s += "<rect x=\"\(f(lx))\" y=\"\(f(top - 22))\" width=\"12\" height=\"12\" fill=\"\(BarChart.palette[k % BarChart.palette.count])\"/>"
                s += "<text x=\"\(f(lx + 16))\" y=\"\(f(top - 12))\" font-size=\"12\" fill=\"#111\">\(escapeHTML(ser.label))</text>\n"
                lx += 28 + Double(ser.label.count) * 6.8
            }
        }
        var tick = 0.0
        while tick <= axisMax + 0.0001 {
            s += "<line x1=\"\(x(tick))\" y1=\"\(f(top))\" x2=\"\(x(tick))\" y2=\"\(f(top + plotHeight))\" stroke=\"#e2e2e2\" stroke-width=\"1\"/>\n"
            s += "<text x=\"\(x(tick))\" y=\"\(f(top + plotHeight + 16))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#444\">\(formatFixed(tick, decimals: 0))</text>\n"
            tick += step
        }
        var y = top + groupGap / 2
        for (c, lines) in labelLines.enumerated() {
            let groupHeight = groupHeights[c]
            let labelTop = y + groupHeight / 2 - Double(lines.count - 1) * 7.5 + 4
            for (j, line) in lines.enumerated() {
                s += "<text x=\"\(f(left - 8))\" y=\"\(f(labelTop + Double(j) * 15))\" font-size=\"12\" text-anchor=\"end\" fill=\"#111\">\(escapeHTML(line))</text>\n"
            }
            let barsTop = y + (groupHeight - Double(series.count) * barHeight) / 2
            for (k, ser) in series.enumerated() {
                guard let v = ser.values[c] else { continue }
                let by = barsTop + Double(k) * barHeight
                let mark = k < shown.count ? shown[k][c] : .shown
                let isWithheld = k < withheld.count && withheld[k][c]
                if mark == .suppressed || isWithheld {
                    s += "<text x=\"\(f(left + 4))\" y=\"\(f(by + barHeight / 2 + 4))\" font-size=\"11\" fill=\"#111\">\(isWithheld ? Withheld.mark : "*")</text>\n"
                    continue
                }
                s += "<rect x=\"\(f(left))\" y=\"\(f(by + 2))\" width=\"\(f(plotWidth * v / axisMax))\" height=\"\(f(barHeight - 4))\" fill=\"\(BarChart.palette[k % BarChart.palette.count])\"><title>\(escapeHTML(ser.label)): \(formatFixed(v, decimals: decimals))%</title></rect>\n"
                var labelAt = v
                if k < intervals.count, let ci = intervals[k][c] {
                    s += whisker(low: x(ci.low), high: x(ci.high), y: by + barHeight / 2, cap: barHeight / 2 - 3,
                                 title: "\(ser.label): 95% CI \(formatFixed(ci.low, decimals: decimals))–\(formatFixed(ci.high, decimals: decimals))")
                    labelAt = max(v, ci.high)
                }
                s += "<text x=\"\(f(left + plotWidth * labelAt / axisMax + 4))\" y=\"\(f(by + barHeight / 2 + 4))\" font-size=\"11\" fill=\"#111\">\(formatFixed(v, decimals: decimals))\(mark.mark)</text>\n"
            }
            y += groupHeight + groupGap
        }
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" stroke=\"#111\" stroke-width=\"1\"/>\n"
        s += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top + plotHeight + 34))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#111\">\(escapeHTML(axisLabel))</text>\n"
        for (i, line) in noteLines.enumerated() {
            s += "<text x=\"24\" y=\"\(f(top + plotHeight + 58 + Double(i) * 16))\" font-size=\"11\" font-style=\"italic\" fill=\"#333\">\(escapeHTML(line))</text>\n"
        }
        s += "</svg>\n"
        return s
    }

    private func f(_ v: Double) -> String { formatPlain((v * 10).rounded() / 10) }

    /// A 95% interval: a horizontal line with end caps, centred on the bar.
    private func whisker(low: String, high: String, y: Double, cap: Double, title: String) -> String {
        "<g class=\"ci\" stroke=\"#111\" stroke-width=\"1.2\"><title>\(escapeHTML(title))</title>"
            + "<line x1=\"\(low)\" y1=\"\(f(y))\" x2=\"\(high)\" y2=\"\(f(y))\"/>"
            + "<line x1=\"\(low)\" y1=\"\(f(y - cap))\" x2=\"\(low)\" y2=\"\(f(y + cap))\"/>"
            + "<line x1=\"\(high)\" y1=\"\(f(y - cap))\" x2=\"\(high)\" y2=\"\(f(y + cap))\"/></g>\n"
    }
}

/// Greedy word wrap to at most `width` characters per line.
func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
        if current.isEmpty { current = String(word) }
        else if current.count + 1 + word.count <= width { current += " " + word }
        else { lines.append(current); current = String(word) }
    }
    if !current.isEmpty { lines.append(current) }
    return lines.isEmpty ? [""] : lines
}
