import CXLSXWriter
import Foundation
import MigstatCore
import Render

/// `tables.xlsx`: one worksheet per table and chart with numbers, laid out as printed (title; spanners; headers;
/// body; the source line and footnotes), numbers stored as numbers with the printed decimals as number format.
/// An interval is two numeric columns, "95% CI low" and "95% CI high". Written with libxlsxwriter.
/// An exhibit's contrasts follow its sheet on one of their own (`ContrastSheet`).
/// Deterministic: the document's created date is fixed (libxlsxwriter also dates the zip entries with it).
public enum TablesWorkbook {
    /// 2000-01-01T00:00:00Z: a fixed date, so that two runs give the same bytes.
    static let created: time_t = 946_684_800

    /// Layout rows: the title, the spanners (empty when none), the column headers, then the body.
    public static let headerRow = 2

    /// `contrasts` by exhibit: each exhibit's sheet is followed by its contrasts' (a text exhibit's come alone, in
    /// declaration order among the others).
    public static func write(_ sheets: [(exhibit: String, table: TableModel)], contrasts: [ContrastSheet] = [], to path: String) throws {
        var options = lxw_workbook_options()
        guard let workbook = path.withCString({ workbook_new_opt($0, &options) }) else {
            throw MigstatError.output(path: path, message: "libxlsxwriter could not create the workbook")
        }
        var properties = lxw_doc_properties()
        properties.created = created
        workbook_set_properties(workbook, &properties)
        var formats = Formats(workbook: workbook)
        var names = Set<String>()
        func add(_ title: String) throws -> UnsafeMutablePointer<lxw_worksheet> {
            var name = String(title.filter { !"[]:*?/\\".contains($0) }.prefix(31))
            while names.contains(name) { name = String(name.prefix(29)) + "_" + String(names.count % 10) }
            names.insert(name)
            guard let sheet = workbook_add_worksheet(workbook, name) else {
                throw MigstatError.output(path: path, message: "libxlsxwriter could not add the worksheet \(name)")
            }
            return sheet
        }
        // "<number> contrasts", or the exhibit's id where the number leaves too little of the 31 characters.
        func contrastsSheet(_ c: ContrastSheet) throws -> UnsafeMutablePointer<lxw_worksheet> {
            let named = "\(c.table.number.filter { !"[]:*?/\\".contains($0) }) contrasts"
            return try add(named.count <= 31 ? named : "\(c.table.exhibit) contrasts")
        }
        let withSheet = Set(sheets.map(\.exhibit))
        var pending = contrasts[...]
        for (exhibit, table) in sheets {
            // Contrasts of text exhibits declared before this one.
            while let next = pending.first, !withSheet.contains(next.table.exhibit) {
                next.write(to: try contrastsSheet(next), formats: &formats); pending.removeFirst()
            }
            write(table, exhibit: exhibit, to: try add(table.number), formats: &formats)
            while let next = pending.first, next.table.exhibit == exhibit {
                next.write(to: try contrastsSheet(next), formats: &formats); pending.removeFirst()
            }
        }
        for rest in pending { rest.write(to: try contrastsSheet(rest), formats: &formats) }
        let status = workbook_close(workbook)
        guard status == LXW_NO_ERROR else {
            throw MigstatError.output(path: path, message: "libxlsxwriter: \(String(cString: lxw_strerror(status)))")
        }
    }

    static func write(_ model: TableModel, exhibit: String, to sheet: UnsafeMutablePointer<lxw_worksheet>, formats: inout Formats) {
        let t = model.presented
        worksheet_write_string(sheet, 0, 0, "\(model.number) \(model.title)", formats.bold)
        // An interval takes two columns: where each presented column starts.
        var start: [lxw_col_t] = []
        var col: lxw_col_t = 1
        for c in t.columns { start.append(col); col += c.role == .interval ? 2 : 1 }
        var span: lxw_col_t = 1
        var index = 0
        for s in t.spanners {
            let last = index + s.width - 1
            let end = start[last] + (t.columns[last].role == .interval ? 1 : 0)
            if end > span { worksheet_merge_range(sheet, 1, span, 1, end, s.label, formats.centred) } else { worksheet_write_string(sheet, 1, span, s.label, formats.centred) }
            span = end + 1; index += s.width
        }
        let header = lxw_row_t(headerRow)
        worksheet_write_string(sheet, header, 0, model.stubHeader, formats.header)
        for (i, c) in t.columns.enumerated() {
            if c.role == .interval {
                worksheet_write_string(sheet, header, start[i], "95% CI low", formats.header)
                worksheet_write_string(sheet, header, start[i] + 1, "95% CI high", formats.header)
            } else {
                worksheet_write_string(sheet, header, start[i], c.label, formats.header)
            }
        }
        var row = header + 1
        for r in t.rows {
            worksheet_write_string(sheet, row, 0, r.stub, nil)
            for (i, cell) in r.cells.enumerated() {
                let format = formats.number(cell)
                if cell.role == .interval {
                    if let low = cell.value, let high = cell.high {
                        worksheet_write_number(sheet, row, start[i], low, format)
                        worksheet_write_number(sheet, row, start[i] + 1, high, format)
                    }
                } else if let value = cell.value {
                    worksheet_write_number(sheet, row, start[i], value, format)
                } else if !cell.text.isEmpty {
                    worksheet_write_string(sheet, row, start[i], cell.text, formats.right)
                }
            }
            row += 1
        }
        row += 1
        for note in t.notes where !note.isEmpty {
            worksheet_write_string(sheet, row, 0, note, formats.note); row += 1
        }
        worksheet_write_string(sheet, row, 0, "Numbers: estimates.csv, exhibit \(exhibit)", formats.note)
        worksheet_set_column(sheet, 0, 0, 44, nil)
        if col > 1 { worksheet_set_column(sheet, 1, col - 1, 12, nil) }
        worksheet_freeze_panes(sheet, header + 1, 1)
    }

    /// Cell formats, made once per workbook: a number format per role, decimals and mark.
    struct Formats {
        let workbook: UnsafeMutablePointer<lxw_workbook>
        let bold, header, centred, right, note: UnsafeMutablePointer<lxw_format>?
        var numbers: [String: UnsafeMutablePointer<lxw_format>] = [:]

        init(workbook: UnsafeMutablePointer<lxw_workbook>) {
            self.workbook = workbook
            bold = workbook_add_format(workbook); format_set_bold(bold)
            header = workbook_add_format(workbook); format_set_bold(header); format_set_text_wrap(header); format_set_align(header, UInt8(LXW_ALIGN_RIGHT.rawValue))
            format_set_bottom(header, UInt8(LXW_BORDER_THIN.rawValue))
            centred = workbook_add_format(workbook); format_set_bold(centred); format_set_align(centred, UInt8(LXW_ALIGN_CENTER.rawValue))
            format_set_text_wrap(centred)
            right = workbook_add_format(workbook); format_set_align(right, UInt8(LXW_ALIGN_RIGHT.rawValue))
            note = workbook_add_format(workbook); format_set_italic(note)
        }

        /// Counts and bases "#,##0"; a percentage and its interval with the printed decimals, a mark as a suffix.
        mutating func number(_ cell: TableCell) -> UnsafeMutablePointer<lxw_format>? {
            var code = cell.role == .count || cell.role == .base ? "#,##0" : (cell.decimals > 0 ? "0." + String(repeating: "0", count: cell.decimals) : "0")
            if !cell.mark.isEmpty { code += "\"\(cell.mark)\"" }
            return self.code(code)
        }

        /// The format of a number format code, made once.
        mutating func code(_ code: String) -> UnsafeMutablePointer<lxw_format>? {
            if let made = numbers[code] { return made }
            let format = workbook_add_format(workbook)
            format_set_num_format(format, code)
            numbers[code] = format
            return format
        }
    }
}
