import MigstatCore

/// An exhibit's declared contrasts as printed beside it (tables/<exhibit>_contrasts.csv|md|html|tex and the
/// report): each category's share in two series, their difference in points with its 95% t interval, and the
/// two-sided t test on the design df of the two domains together. Numbers already formatted; pure.
public struct ContrastTable: Sendable, Equatable {
    public var exhibit: String
    public var number: String
    public var title: String
    public var columns: [String]
    public var rows: [[String]]
    public var notes: [String]

    public init(exhibit: ExhibitConfig, contrasts: [Contrast]) {
        self.exhibit = exhibit.id
        number = exhibit.number
        title = "\(exhibit.title): differences between series"
        let decimals = exhibit.layout.decimals
        func fixed(_ x: Double?, _ d: Int = decimals) -> String { x.map { formatFixed($0, decimals: d) } ?? "–" }
        columns = ["Category", "Series a", "% a", "Series b", "% b", "Difference (points)", "95% interval", "t (df)", "p"]
        rows = contrasts.map { c in
            let interval = c.ciLow.flatMap { lo in c.ciHigh.map { hi in "\(fixed(lo)) to \(fixed(hi))" } } ?? "–"
            let t = c.t.map { "\(formatFixed($0, decimals: 2)) (\(c.df.map(String.init) ?? "–"))" } ?? "–"
            return [c.categoryLabel, c.seriesALabel, fixed(c.percentA), c.seriesBLabel, fixed(c.percentB), fixed(c.difference),
                    interval, t, c.p.map(Self.pValue) ?? "–"]
        }
        notes = [exhibit.sourceNote,
                 "Difference = % in series a − % in series b, with the covariance of the two estimates over the whole sampling design "
                 + "(units in both series count in both); 95% interval and two-sided t test on the design degrees of freedom of the two series together."]
        if exhibit.modelBasedIntervals {
            notes.append("Intervals and tests are model-based, not design-based: the source is a quota sample, analysed as a simple random sample.")
        }
    }

    /// p as a reader takes it: three decimals, or "< 0.001".
    public static func pValue(_ p: Double) -> String { p < 0.001 ? "< 0.001" : formatFixed(p, decimals: 3) }

    public func csv() -> String {
        var csv = CSVText(header: FieldNames.unique(columns))
        for r in rows { csv.append(r) }
        return csv.text
    }

    public func markdown() -> String {
        var out = "**\(MarkdownText.inline(number)) \(MarkdownText.inline(title))**\n\n"
        out += "| " + columns.map(MarkdownText.inline).joined(separator: " | ") + " |\n"
        out += "|" + ([":---"] + columns.dropFirst().map { _ in "---:" }).joined(separator: "|") + "|\n"
        for r in rows { out += "| " + r.map(MarkdownText.inline).joined(separator: " | ") + " |\n" }
        return out + "\n" + notes.map(MarkdownText.paragraph).joined(separator: "\n\n") + "\n"
    }

    /// The `<table>` and its notes, for a page or the report.
    public func htmlFragment() -> String {
        var s = "<table class=\"exhibit contrasts\">\n<caption>\(escapeHTML("\(number) \(title)"))</caption>\n<thead><tr>"
        s += columns.map { "<th scope=\"col\">\(escapeHTML($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for r in rows {
            s += "<tr><th scope=\"row\">\(escapeHTML(r[0]))</th>" + r.dropFirst().map { "<td>\(escapeHTML($0))</td>" }.joined() + "</tr>\n"
        }
        return s + "</tbody>\n</table>\n" + notes.map { "<p class=\"note\">\(escapeHTML($0))</p>\n" }.joined()
    }

    public func html() -> String { HTMLTableRenderer.page(title: "\(number) \(title)", body: htmlFragment()) }

    /// A `table` float with `\caption` and `\label{tab:<exhibit>_contrasts}`, in the preamble of the exhibits'
    /// tables; nine columns with the series' labels wrapped: a page of its own, turned, never shrunk.
    public func latex() -> String {
        let text = "p{2.6cm}", spec = "@{}\(text)\(text)r\(text)rr>{\\raggedleft\\arraybackslash}p{2.2cm}rr@{}"
        var s = LaTeXTableRenderer.header(number, needs: "LaTeXTableRenderer.preamble") + "\\begin{landscape}\n\\begin{table}[htbp]\n\\centering\n"
        s += LaTeXTableRenderer.caption(number: number, title: title) + "\\label{tab:\(exhibit)_contrasts}\n"
        s += "\\begin{tabular}{\(spec)}\n\\toprule\n"
        s += columns.enumerated().map { i, c in [0, 1, 3].contains(i) ? escapeLaTeX(c) : LaTeXTableRenderer.columnHeader(c, upright: false) }
            .joined(separator: " & ") + " \\\\\n\\midrule\n"
        for r in rows { s += r.map(escapeLaTeX).joined(separator: " & ") + " \\\\\n" }
        s += "\\bottomrule\n\\end{tabular}\n\\par\\smallskip\\parbox{\\linewidth}{\\footnotesize\n"
        s += notes.filter { !$0.isEmpty }.map { escapeLaTeX($0) + "\\par\n" }.joined() + "}\n\\end{table}\n\\end{landscape}\n"
        return s
    }
}
