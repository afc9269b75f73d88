import MigstatCore

/// `tables/<id>.tex`: a `table` float to `\input` into a paper, numbered by LaTeX (`\caption`, `\label{tab:<id>}`,
/// the study's own number in the caption). Booktabs rules; every value column set flush right, so that counts,
/// percentages (all with the table's decimals), bases and the marks that stand for a number (`<5`, `*`, `–`) end
/// on one edge, and a `†` or `‡` hangs past it; intervals beside their percentages; the source line and footnotes
/// as notes under it. A table too wide for the page turns its page (pdflscape) instead of shrinking, and one too
/// wide for that (Registry table 1's 17 months) sets its headers upright too. The preamble it needs is
/// `LaTeXTableRenderer.preamble` (all in texlive-latex-recommended, -extra and -lang-cyrillic); Russian text is
/// set in T2A through babel.
public enum LaTeXTableRenderer: TableRenderer {
    public static let fileExtension = "tex"

    public static let preamble = """
    \\usepackage[T2A,T1]{fontenc}
    \\usepackage[utf8]{inputenc}
    \\usepackage[russian,english]{babel}
    \\usepackage{booktabs,array,caption,graphicx,pdflscape}

    """

    /// Where the header comment sends a reader for the preamble and the files' use (a test checks it exists).
    public static let guide = (file: "docs/report.md", heading: "LaTeX and the workbook")
    /// The text block of an A4 article at 10 pt, in cm: 345 pt upright, 598 pt turned.
    static let textWidth = (portrait: 12.1, landscape: 21.0)

    public static func render(_ model: TableModel) -> String {
        let t = model.presented
        let natural = estimatedWidth(t)
        let wide = natural > textWidth.portrait, upright = natural > textWidth.landscape
        let spec = "@{}>{\\raggedright\\arraybackslash}p{\(wide ? "4.5" : "3.6")cm}" + String(repeating: "r", count: t.columns.count) + "@{}"
        var s = header(model.number, needs: "LaTeXTableRenderer.preamble")
        if wide { s += "\\begin{landscape}\n" }
        s += "\\begin{table}[htbp]\n\\centering\n"
        s += caption(number: model.number, title: model.title) + "\\label{tab:\(model.id)}\n"
        s += "\\begin{tabular}{\(spec)}\n\\toprule\n"
        if !t.spanners.isEmpty {
            s += "& " + t.spanners.map { "\\multicolumn{\($0.width)}{\(upright ? "c" : ">{\\centering\\arraybackslash}p{\(formatPlain(Double($0.width) * 1.7))cm}")}{\(label($0.label, upright: upright))}" }
                .joined(separator: " & ") + " \\\\\n"
            var first = 2
            s += t.spanners.map { sp in defer { first += sp.width }; return "\\cmidrule(lr){\(first)-\(first + sp.width - 1)}" }.joined() + "\n"
        }
        s += escapeLaTeX(model.stubHeader) + " & " + t.columns.map { columnHeader($0.label, upright: upright) }.joined(separator: " & ") + " \\\\\n\\midrule\n"
        for (i, r) in t.rows.enumerated() {
            if r.cells.allSatisfy({ $0.role == .base }) && i > 0 { s += "\\addlinespace\n" }
            s += escapeLaTeX(r.stub) + " & " + r.cells.map(cell).joined(separator: " & ") + " \\\\\n"
        }
        s += "\\bottomrule\n\\end{tabular}\n"
        // The source line and footnotes as the table's notes, at the width of the text.
        s += "\\par\\smallskip\\parbox{\\linewidth}{\\footnotesize\n" + t.notes.filter { !$0.isEmpty }.map { escapeLaTeX($0) + "\\par\n" }.joined() + "}\n"
        s += "\\end{table}\n"
        if wide { s += "\\end{landscape}\n" }
        return s
    }

    /// The table's width in cm at 10 pt with its headers across, roughly (a digit 0.18 cm, a letter about 0.19, a
    /// long header wrapped at 1.8 cm, a spanner 1.7 cm a column): enough to tell a table that fits the upright
    /// page from one that needs it turned, or its headers upright too. LaTeXTableTests compiles the study's tables
    /// and fails on any line wider than the text.
    static func estimatedWidth(_ t: PresentedTable) -> Double {
        let spanned = t.spanners.flatMap { Array(repeating: 1.7, count: $0.width) }
        let columns = t.columns.enumerated().map { i, c in
            let header = c.label.count <= 8 ? Double(c.label.count) * 0.19 : 1.8
            let cells = t.rows.map { i < $0.cells.count ? Double($0.cells[i].text.count) * 0.18 : 0 }.max() ?? 0
            return max(header, cells, i < spanned.count ? spanned[i] : 0) + 0.42   // and \tabcolsep each side
        }
        return 3.6 + columns.reduce(0, +)
    }

    /// The first line of every `.tex` migstat writes: what it is and where its use is explained.
    static func header(_ number: String, needs: String) -> String {
        "% \(number): written by migstat; needs \(needs) (see \(guide.file) \"\(guide.heading)\").\n"
    }

    /// LaTeX numbers the float; the study's number stays in the caption, the list of tables gets the title alone.
    static func caption(number: String, title: String) -> String {
        "\\caption[\(escapeLaTeX(title))]{\(escapeLaTeX(title)) (\(escapeLaTeX(number)))}\n"
    }

    /// A header read bottom to top in a wide table; otherwise as text.
    static func label(_ text: String, upright: Bool) -> String {
        upright ? "\\rotatebox{90}{\(escapeLaTeX(text))}" : escapeLaTeX(text)
    }

    /// A short header on one line; a long one wrapped in a paragraph 1.8 cm wide, or upright in a wide table.
    static func columnHeader(_ text: String, upright: Bool) -> String {
        if text.count <= 8 { return "\\multicolumn{1}{r}{\(escapeLaTeX(text))}" }
        return upright ? "\\multicolumn{1}{c}{\(label(text, upright: true))}"
            : "\\multicolumn{1}{>{\\raggedleft\\arraybackslash}p{1.8cm}}{\(escapeLaTeX(text))}"
    }

    /// A cell as printed, flush right; a review or small-base mark hangs past the column's edge (no width), so
    /// that the digits of marked and unmarked numbers stay in line.
    static func cell(_ c: TableCell) -> String {
        guard let hanging = ["†": "\\textdagger", "‡": "\\textdaggerdbl", "§": "\\S", "¶": "\\P"][c.mark], c.text.hasSuffix(c.mark) else { return escapeLaTeX(c.text) }
        return escapeLaTeX(String(c.text.dropLast(c.mark.count))) + "\\rlap{\\textsuperscript{\(hanging)}}"
    }
}

/// Escapes LaTeX's special characters, sets Cyrillic runs in Russian (T2A) and every other character in a form
/// pdflatex compiles with the preamble (`LaTeXText`).
public func escapeLaTeX(_ s: String) -> String { LaTeXText.escape(s) }
