import MigstatCore

/// One output format of a table. Renderers are pure: same model, same bytes.
public protocol TableRenderer {
    static var fileExtension: String { get }
    static func render(_ table: TableModel) -> String
}

public enum CSVTableRenderer: TableRenderer {
    public static let fileExtension = "csv"
    /// Machine-readable: one header row (spanner prefixed to its columns), then the body; no notes.
    public static func render(_ t: TableModel) -> String {
        let headers = prefixed(t.columns, by: t.spanners, separator: " ")
        // Labels make the header: names a reader (and datapackage.json) can key columns by, one per column.
        var csv = CSVText(header: FieldNames.unique([t.stubHeader.isEmpty ? "category" : t.stubHeader] + headers))
        for r in t.rows { csv.append([r.stub] + r.cells) }
        return csv.text
    }
}

public enum MarkdownTableRenderer: TableRenderer {
    public static let fileExtension = "md"
    public static func render(_ model: TableModel) -> String {
        let t = model.presented
        let esc = MarkdownText.paragraph
        let headers = prefixed(t.columns.map(\.label), by: t.spanners, separator: ": ")
        var out = "**\(MarkdownText.inline(model.number)) \(MarkdownText.inline(model.title))**\n\n"
        out += "| " + ([model.stubHeader] + headers).map(MarkdownText.inline).joined(separator: " | ") + " |\n"
        out += "|" + ([":---"] + headers.map { _ in "---:" }).joined(separator: "|") + "|\n"
        for r in t.rows { out += "| " + ([r.stub] + r.cells.map(\.text)).map(MarkdownText.inline).joined(separator: " | ") + " |\n" }
        out += "\n" + t.notes.map(esc).joined(separator: "\n\n") + "\n"
        return out
    }
}

/// Column headers with their spanner's label in front, for formats that have a single header row.
func prefixed(_ columns: [String], by spanners: [(label: String, width: Int)], separator: String) -> [String] {
    var headers = columns
    var i = 0
    for s in spanners { for _ in 0..<s.width { headers[i] = s.label + separator + headers[i]; i += 1 } }
    return headers
}

public enum HTMLTableRenderer: TableRenderer {
    public static let fileExtension = "html"
    /// A fragment-ready `<table>` with caption, spanners and notes; `standalone` wraps it in a page.
    public static func render(_ t: TableModel) -> String {
        page(title: "\(t.number) \(t.title)", body: fragment(t))
    }

    public static func fragment(_ model: TableModel) -> String {
        table(model) + notes(model)
    }

    /// The `<table>` alone. With `labelledBy`, the caption is left to the page (the report sets the title above
    /// a table that may scroll, so that the title wraps at the card's width) and the table names it instead.
    public static func table(_ model: TableModel, labelledBy: String? = nil) -> String {
        let t = model.presented
        func th(_ c: (label: String, role: TableCell.Role)) -> String { "<th scope=\"col\" class=\"\(c.role.rawValue)\">\(escapeHTML(c.label))</th>" }
        let wide = t.columns.count > 10 ? " wide" : ""
        var out = "<table class=\"exhibit\(wide)\""
        if let labelledBy {
            out += " aria-labelledby=\"\(escapeHTML(labelledBy))\">\n<thead>\n"
        } else {
            out += ">\n<caption><span class=\"number\">\(escapeHTML(model.number))</span> \(escapeHTML(model.title))</caption>\n<thead>\n"
        }
        if !t.spanners.isEmpty {
            out += "<tr><th rowspan=\"2\" scope=\"col\">\(escapeHTML(model.stubHeader))</th>"
            out += t.spanners.map { "<th colspan=\"\($0.width)\" scope=\"colgroup\">\(escapeHTML($0.label))</th>" }.joined()
            out += "</tr>\n<tr>" + t.columns.map(th).joined() + "</tr>\n"
        } else {
            out += "<tr><th scope=\"col\">\(escapeHTML(model.stubHeader))</th>" + t.columns.map(th).joined() + "</tr>\n"
        }
        out += "</thead>\n<tbody>\n"
        for r in t.rows {
            let isBase = r.cells.allSatisfy { $0.role == .base }   // the row of bases under a table of categories
            out += "<tr\(isBase ? " class=\"base\"" : "")><th scope=\"row\">\(escapeHTML(r.stub))</th>" + r.cells.map { "<td class=\"\($0.role.rawValue)\">\(escapeHTML($0.text))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// The table's source line and notes, as paragraphs.
    public static func notes(_ model: TableModel) -> String {
        model.presented.notes.map { "<p class=\"note\">\(escapeHTML($0))</p>\n" }.joined()
    }

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(escapeHTML(title))</title>
        <style>\(tableCSS)</style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    public static let tableCSS = """
    body{font-family:Georgia,"Times New Roman",serif;margin:2em;color:#111}
    table.exhibit{border-collapse:collapse;margin:1em 0;font-variant-numeric:tabular-nums}
    table.exhibit caption{text-align:left;font-weight:bold;padding-bottom:.5em}
    table.exhibit th,table.exhibit td{padding:.25em .75em;border-bottom:1px solid #ccc}
    table.exhibit thead th{border-bottom:2px solid #111;vertical-align:bottom}
    table.exhibit td{text-align:right;white-space:nowrap}
    table.exhibit td.interval,table.exhibit td.base{color:#444;font-size:.9em}
    table.exhibit tbody th{text-align:left;font-weight:normal}
    p.note{font-size:.9em;color:#333;margin:.25em 0}
    """
}

/// Text for HTML and SVG (XML): safe as element text and inside a double-quoted attribute. Control characters
/// XML forbids would make a standalone SVG unreadable, so they show as U+FFFD.
public func escapeHTML(_ s: String) -> String {
    var out = ""
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "\t", "\n", "\r": out.unicodeScalars.append(c)
        case _ where c.value < 0x20 || c.value == 0x7F || c.value == 0xFFFE || c.value == 0xFFFF: out += "\u{FFFD}"
        default: out.unicodeScalars.append(c)
        }
    }
    return out
}
