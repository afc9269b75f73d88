import MigstatCore

/// The look shared by every figure: font, colours, and the frame of title and source line.
public enum SVGStyle {
    public static let font = "DejaVu Sans, Helvetica, Arial, sans-serif"
    public static let ink = "#111111"
    public static let muted = "#555555"
    public static let accent = "#2f5d8a"
    public static let accentLight = "#e8eff6"
    public static let outcome = "#c8742c"
    public static let outcomeLight = "#fbeee2"
    public static let groupFill = "#f5f6f8"
    public static let groupStroke = "#c9d0d8"

    /// Fixed-precision coordinates (0.1 px) so output bytes do not depend on floating-point noise.
    public static func f(_ v: Double) -> String { formatPlain((v * 10).rounded() / 10) }

    /// Wraps a figure body of `bodyHeight` in an `<svg>` with the numbered title above and the source line below.
    /// `idPrefix` keeps element ids unique when several figures share one page.
    public static func frame(width: Double, number: String, title: String, sourceNote: String, idPrefix: String,
                             bodyHeight: Double, body: (_ top: Double) -> String) -> String {
        let titleLines = TextMetrics.wrap("\(number) \(title)", maxWidth: width - 48, size: 15, bold: true)
        let top = 22 + Double(titleLines.count) * 20
        let noteLines = TextMetrics.wrap(sourceNote, maxWidth: width - 48, size: 11)
        let height = top + bodyHeight + 18 + Double(noteLines.count) * 15
        let titleId = escapeHTML("\(idPrefix)-title")   // an attribute: the prefix is an exhibit id from pipeline.json
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-labelledby=\"\(titleId)\" font-family=\"\(font)\">\n"
        s += "<title id=\"\(titleId)\">\(escapeHTML("\(number) \(title)"))</title>\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        for (i, line) in titleLines.enumerated() {
            s += "<text x=\"24\" y=\"\(f(32 + Double(i) * 20))\" font-size=\"15\" font-weight=\"bold\" fill=\"\(ink)\">\(escapeHTML(line))</text>\n"
        }
        s += body(top)
        for (i, line) in noteLines.enumerated() {
            s += "<text x=\"24\" y=\"\(f(top + bodyHeight + 22 + Double(i) * 15))\" font-size=\"11\" font-style=\"italic\" fill=\"#333\">\(escapeHTML(line))</text>\n"
        }
        s += "</svg>\n"
        return s
    }

    /// Lines of text centred or left-aligned at `x`, the first baseline at `y`.
    public static func textLines(_ lines: [String], x: Double, y: Double, size: Double, lineHeight: Double, anchor: String = "middle",
                                 bold: Bool = false, italic: Bool = false, fill: String = ink) -> String {
        var s = ""
        for (i, line) in lines.enumerated() {
            s += "<text x=\"\(f(x))\" y=\"\(f(y + Double(i) * lineHeight))\" font-size=\"\(f(size))\"" + (anchor == "start" ? "" : " text-anchor=\"\(anchor)\"")
                + (bold ? " font-weight=\"bold\"" : "") + (italic ? " font-style=\"italic\"" : "") + " fill=\"\(fill)\">\(escapeHTML(line))</text>\n"
        }
        return s
    }
}
