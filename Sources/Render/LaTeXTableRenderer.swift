import MigstatCore

/// `tables/<id>.tex`: a `table` float to `\input` into a paper. Booktabs rules, numbers aligned on the decimal
/// mark (dcolumn), intervals beside their percentages, the source line and footnotes as notes under it.
/// The preamble it needs is `LaTeXTableRenderer.preamble` (all in texlive-latex-recommended, -extra and
/// -lang-cyrillic); Russian text is set in T2A through babel.
public enum LaTeXTableRenderer: TableRenderer {
    public static let fileExtension = "tex"

    public static let preamble = """
    \\usepackage[T2A,T1]{fontenc}
    \\usepackage[utf8]{inputenc}
    \\usepackage[russian,english]{babel}
    \\usepackage{booktabs,dcolumn,array,adjustbox,caption}
    \\newcolumntype{d}[1]{D{.}{.}{#1}}

    """

    public static func render(_ model: TableModel) -> String {
        let t = model.presented
        let decimals = t.rows.flatMap(\.cells).filter { $0.role == .percent }.map(\.decimals).max() ?? 0
        let spec = "@{}>{\\raggedright\\arraybackslash}p{3.6cm}" + t.columns.map { column($0.role, decimals: decimals) }.joined() + "@{}"
        var s = "% \(model.number): written by migstat; needs LaTeXTableRenderer.preamble (see README \"LaTeX\").\n"
        // Scaled down to the text width only when wider (adjustbox's max width): Registry table 1 has 17 months.
        s += "\\begin{table}[htbp]\n\\centering\n"
        s += "\\caption*{\\textbf{\(escapeLaTeX(model.number))} \(escapeLaTeX(model.title))}\n"
        s += "\\begin{adjustbox}{max width=\\linewidth}\n"
        s += "\\begin{tabular}{\(spec)}\n\\toprule\n"
        if !t.spanners.isEmpty {
            s += "& " + t.spanners.map { "\\multicolumn{\($0.width)}{>{\\centering\\arraybackslash}p{\(formatPlain(Double($0.width) * 1.7))cm}}{\(escapeLaTeX($0.label))}" }
                .joined(separator: " & ") + " \\\\\n"
            var first = 2
            s += t.spanners.map { sp in defer { first += sp.width }; return "\\cmidrule(lr){\(first)-\(first + sp.width - 1)}" }.joined() + "\n"
        }
        s += escapeLaTeX(model.stubHeader) + " & "
            + t.columns.map(header)
                .joined(separator: " & ") + " \\\\\n\\midrule\n"
        for (i, r) in t.rows.enumerated() {
            if r.cells.allSatisfy({ $0.role == .base }) && i > 0 { s += "\\addlinespace\n" }
            s += escapeLaTeX(r.stub) + " & " + r.cells.map(cell).joined(separator: " & ") + " \\\\\n"
        }
        s += "\\bottomrule\n\\end{tabular}\n"
        s += "\\end{adjustbox}\n"
        // The source line and footnotes as the table's notes, at the width of the text.
        s += "\\par\\smallskip\\parbox{\\linewidth}{\\footnotesize\n" + t.notes.filter { !$0.isEmpty }.map { escapeLaTeX($0) + "\\par\n" }.joined() + "}\n"
        s += "\\end{table}\n"
        return s
    }

    /// A short header on one line; a long one wrapped in a paragraph 1.8 cm wide.
    static func header(_ c: (label: String, role: TableCell.Role)) -> String {
        c.label.count <= 8 ? "\\multicolumn{1}{r}{\(escapeLaTeX(c.label))}"
            : "\\multicolumn{1}{>{\\raggedleft\\arraybackslash}p{1.8cm}}{\(escapeLaTeX(c.label))}"
    }

    /// Counts, percentages and bases align on the decimal mark; an interval is text, right-aligned.
    static func column(_ role: TableCell.Role, decimals: Int) -> String {
        switch role {
        case .count, .base: return "d{-1}"
        case .percent: return "d{\(decimals + 1)}"
        case .interval: return "r"
        }
    }

    /// A number goes into the math-mode `D` column as digits (with its mark raised); anything else in a text box.
    static func cell(_ c: TableCell) -> String {
        guard c.value != nil, c.role != .interval else {
            if c.role == .interval { return escapeLaTeX(c.text) }
            return c.text.isEmpty ? "" : "\\multicolumn{1}{r}{\(escapeLaTeX(c.text))}"
        }
        let digits = String(c.text.dropLast(c.mark.count))
        let mark = ["†": "^{\\dagger}", "‡": "^{\\ddagger}"][c.mark] ?? ""
        return digits + mark
    }
}

/// Escapes LaTeX's special characters, sets Cyrillic runs in Russian (T2A) and every other character in a form
/// pdflatex compiles with the preamble (`LaTeXText`).
public func escapeLaTeX(_ s: String) -> String { LaTeXText.escape(s) }
