import CXLSXWriter
import MigstatCore
import Render

/// An exhibit's declared contrasts as a worksheet of their own, after the exhibit's (a text exhibit has none):
/// the columns of tables/<exhibit>_contrasts.csv, the numbers stored as numbers (contrasts.csv's, unrounded) with
/// the printed decimals as format, the interval as two columns as in the exhibits' sheets.
public struct ContrastSheet: Sendable {
    public let table: ContrastTable
    public let contrasts: [Contrast]
    /// The exhibit's decimals, as its contrast table prints them.
    public let decimals: Int

    public init(exhibit: ExhibitConfig, contrasts: [Contrast]) {
        table = ContrastTable(exhibit: exhibit, contrasts: contrasts)
        self.contrasts = contrasts
        decimals = exhibit.layout.decimals
    }

    static let headers = ["Category", "Series a", "% a", "Series b", "% b", "Difference (points)", "95% CI low", "95% CI high", "t", "df", "p"]

    func write(to sheet: UnsafeMutablePointer<lxw_worksheet>, formats: inout TablesWorkbook.Formats) {
        worksheet_write_string(sheet, 0, 0, "\(table.number) \(table.title)", formats.bold)
        let header = lxw_row_t(TablesWorkbook.headerRow)
        for (i, h) in Self.headers.enumerated() { worksheet_write_string(sheet, header, lxw_col_t(i), h, formats.header) }
        let fixed = formats.code(decimals > 0 ? "0." + String(repeating: "0", count: decimals) : "0")
        let t = formats.code("0.00"), df = formats.code("0"), p = formats.code("[<0.001]\"< 0.001\";0.000")
        var row = header + 1
        for c in contrasts {
            worksheet_write_string(sheet, row, 0, c.categoryLabel, nil)
            worksheet_write_string(sheet, row, 1, c.seriesALabel, nil)
            worksheet_write_string(sheet, row, 3, c.seriesBLabel, nil)
            let numbers: [(lxw_col_t, Double?, UnsafeMutablePointer<lxw_format>?)] = [
                (2, c.percentA, fixed), (4, c.percentB, fixed), (5, c.difference, fixed), (6, c.ciLow, fixed), (7, c.ciHigh, fixed),
                (8, c.t, t), (9, c.df.map(Double.init), df), (10, c.p, p)]
            for (column, value, format) in numbers {
                if let value { worksheet_write_number(sheet, row, column, value, format) } else { worksheet_write_string(sheet, row, column, "–", formats.right) }
            }
            row += 1
        }
        row += 1
        for note in table.notes where !note.isEmpty { worksheet_write_string(sheet, row, 0, note, formats.note); row += 1 }
        worksheet_write_string(sheet, row, 0, "Numbers: contrasts.csv, exhibit \(table.exhibit)", formats.note)
        worksheet_set_column(sheet, 0, 0, 30, nil)
        worksheet_set_column(sheet, 1, 1, 30, nil)
        worksheet_set_column(sheet, 3, 3, 30, nil)
        worksheet_freeze_panes(sheet, header + 1, 1)
    }
}
