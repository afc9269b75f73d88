import MigstatCore

/// A timeline of periods and dated events on one year axis, as a self-contained SVG: one row per event in
/// order of its start, a bar spanning its period (a diamond for a single date) and its label, dates and
/// description beneath. Coordinates are rounded so the output is byte-stable.
public struct TimelineChart {
    public var number: String
    public var title: String
    public var sourceNote: String
    public var idPrefix: String
    public var spec: TimelineSpec

    static let width = 760.0
    static let margin = 24.0
    static let textWidth = 440.0

    public init(number: String, title: String, sourceNote: String, idPrefix: String, spec: TimelineSpec) {
        self.number = number; self.title = title; self.sourceNote = sourceNote; self.idPrefix = idPrefix; self.spec = spec
    }

    /// The axis runs from the start of its first year to the end of its last.
    var axis: (first: Int, last: Int) {
        let starts = spec.events.map { ($0.date ?? $0.from!).year }
        let ends = spec.events.map { ($0.date ?? $0.to!).year }
        return (spec.start ?? starts.min()!, spec.end ?? ends.max()!)
    }

    /// Events in the order drawn: by start, then as declared.
    var ordered: [TimelineEvent] {
        spec.events.enumerated().sorted { a, b in
            let pa = (a.element.date ?? a.element.from!).position, pb = (b.element.date ?? b.element.from!).position
            return pa != pb ? pa < pb : a.offset < b.offset
        }.map(\.element)
    }

    public func svg() -> String {
        let (first, last) = axis
        let left = TimelineChart.margin, right = TimelineChart.width - TimelineChart.margin
        // An open-ended period needs room past the axis for its arrow.
        let axisRight = right - (spec.events.contains { $0.ongoing } ? 18 : 0)
        let perYear = (axisRight - left) / Double(last + 1 - first)
        func x(_ position: Double) -> Double { left + (position - Double(first)) * perYear }
        let labelStep = [1, 2, 5, 10].first { Double($0) * perYear >= 40 } ?? 20

        struct Row { var event: TimelineEvent; var labelLines: [String]; var detailLines: [String]; var height: Double }
        let rows: [Row] = ordered.map { e in
            let labelLines = TextMetrics.wrap(e.label, maxWidth: TimelineChart.textWidth, size: 12.5, bold: true)
            let detailLines = e.detail.map { TextMetrics.wrap($0, maxWidth: TimelineChart.textWidth, size: 11.5) } ?? []
            let height = 22 + Double(labelLines.count) * 16 + 14 + Double(detailLines.count) * 14.5 + 12
            return Row(event: e, labelLines: labelLines, detailLines: detailLines, height: height)
        }
        let axisHeight = 26.0
        let bodyHeight = axisHeight + rows.map(\.height).reduce(0, +) + 6

        return SVGStyle.frame(width: TimelineChart.width, number: number, title: title, sourceNote: sourceNote, idPrefix: idPrefix,
                              bodyHeight: bodyHeight) { top in
            let f = SVGStyle.f
            var s = ""
            let plotTop = top + axisHeight, plotBottom = top + bodyHeight - 6
            for year in first...last {
                let x0 = x(Double(year))
                if (year - first) % 2 == 0 {
                    s += "<rect x=\"\(f(x0))\" y=\"\(f(plotTop))\" width=\"\(f(perYear))\" height=\"\(f(plotBottom - plotTop))\" fill=\"#f4f6f8\"/>\n"
                }
                if (year - first) % labelStep == 0 {
                    s += "<text x=\"\(f(x0 + perYear / 2))\" y=\"\(f(top + 16))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#444\">\(year)</text>\n"
                    s += "<line x1=\"\(f(x0 + perYear / 2))\" y1=\"\(f(top + 20))\" x2=\"\(f(x0 + perYear / 2))\" y2=\"\(f(plotTop))\" stroke=\"#999\" stroke-width=\"1\"/>\n"
                }
            }
            s += "<line x1=\"\(f(left))\" y1=\"\(f(plotTop))\" x2=\"\(f(axisRight))\" y2=\"\(f(plotTop))\" stroke=\"#333\" stroke-width=\"1\"/>\n"
            var y = plotTop + 8
            for row in rows {
                let e = row.event
                let color = TimelineChart.color(e.tone)
                let barY = y + 4
                let start: Double
                if let date = e.date {
                    let cx = x((date.position + date.endPosition) / 2)
                    start = cx - 7
                    s += "<path d=\"M\(f(cx)) \(f(barY - 1))L\(f(cx + 8)) \(f(barY + 7))L\(f(cx)) \(f(barY + 15))L\(f(cx - 8)) \(f(barY + 7))Z\" fill=\"\(color)\"><title>\(escapeHTML(e.label)): \(escapeHTML(e.dateText))</title></path>\n"
                } else {
                    let x0 = x(e.from!.position), x1 = x(e.to!.endPosition)
                    start = x0
                    s += "<rect x=\"\(f(x0))\" y=\"\(f(barY))\" width=\"\(f(max(3, x1 - x0)))\" height=\"14\" rx=\"3\" fill=\"\(color)\"><title>\(escapeHTML(e.label)): \(escapeHTML(e.dateText))</title></rect>\n"
                    if e.ongoing {
                        let tip = x1 + 16
                        s += "<path d=\"M\(f(x1)) \(f(barY - 3))L\(f(tip)) \(f(barY + 7))L\(f(x1)) \(f(barY + 17))Z\" fill=\"\(color)\" opacity=\"0.55\"/>\n"
                    }
                }
                let textX = max(left, min(start, right - TimelineChart.textWidth))
                var ty = barY + 14 + 18
                s += SVGStyle.textLines(row.labelLines, x: textX, y: ty, size: 12.5, lineHeight: 16, anchor: "start", bold: true)
                ty += Double(row.labelLines.count) * 16
                s += SVGStyle.textLines([e.dateText], x: textX, y: ty - 2, size: 11, lineHeight: 14, anchor: "start", fill: color)
                ty += 14.5
                s += SVGStyle.textLines(row.detailLines, x: textX, y: ty, size: 11.5, lineHeight: 14.5, anchor: "start", fill: "#333")
                y += row.height
            }
            return s
        }
    }

    static func color(_ tone: Tone) -> String {
        switch tone {
        case .plain: return SVGStyle.accent
        case .key: return "#1d3c5c"
        case .outcome: return SVGStyle.outcome
        case .muted: return "#8a949e"
        }
    }
}
