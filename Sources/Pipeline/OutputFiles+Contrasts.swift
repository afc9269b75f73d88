import Foundation
import MigstatCore

extension OutputFiles {
    /// contrasts.csv, the data contract's columns: one row per declared contrast, unrounded.
    static func contrasts(_ contrasts: [Contrast]) -> String {
        var csv = CSVText(header: ["contrast", "exhibit", "category", "series_a", "series_b", "percent_a", "percent_b", "difference", "se",
                                   "ci_low", "ci_high", "df", "t", "p_value"])
        func num(_ d: Double?) -> String { d.map(formatPlain) ?? "" }
        for c in contrasts {
            csv.append([c.id, c.exhibit, c.category, c.seriesA, c.seriesB, num(c.percentA), num(c.percentB), num(c.difference), num(c.se),
                        num(c.ciLow), num(c.ciHigh), c.df.map(String.init) ?? "", num(c.t), c.p.map(pValue) ?? ""])
        }
        return csv.text
    }

    /// A p-value keeps its 12 significant digits however small (formatPlain's 10 decimals would print 1e-20 as 0).
    static func pValue(_ p: Double) -> String {
        p == 0 || p >= 1e-4 ? formatPlain(p) : String(format: "%.11e", p)
    }
}
