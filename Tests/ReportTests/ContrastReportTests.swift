import Foundation
import MigstatCore
import Render
@testable import Report
import XCTest

/// A declared contrast is shown beside its exhibit: in tables/<exhibit>_contrasts.* (ContrastTable) and in the
/// report's panel of the exhibit, a table's or a text's, with its interval and the test's p-value.
final class ContrastReportTests: XCTestCase {
    static func exhibit() throws -> ExhibitConfig {
        try JSONDecoder().decode(ExhibitConfig.self, from: Data(#"""
            {"id": "t", "number": "Table 9.1", "kind": "table", "title": "Help", "from": "s.r", "source_note": "Survey, 2010.",
             "series": [{"id": "a", "label": "Formal", "variable": "x"}, {"id": "b", "label": "Informal", "variable": "x"}],
             "layout": {"rows": "categories", "values": ["percent"], "decimals": 1}}
            """#.utf8))
    }

    static func contrasts() -> [Contrast] {
        var small = Contrast(id: "c1", exhibit: "t", category: "legal", seriesA: "a", seriesB: "b", categoryLabel: "Legal <support>",
                             seriesALabel: "Formal", seriesBLabel: "Informal")
        (small.percentA, small.percentB, small.difference, small.se) = (76.5957, 5.5156, 71.0802, 6.2512)
        (small.ciLow, small.ciHigh, small.df, small.t, small.p) = (58.8103, 83.3501, 833, 11.3707, 6e-28)
        var large = small
        large.id = "c2"; large.category = "other"; large.categoryLabel = "Other"
        (large.difference, large.ciLow, large.ciHigh, large.t, large.p) = (2.04, -0.02, 4.1, 1.98, 0.0482)
        return [small, large]
    }

    func testTheTableFilesShowDifferenceIntervalAndP() throws {
        let table = ContrastTable(exhibit: try Self.exhibit(), contrasts: Self.contrasts())
        XCTAssertEqual(table.rows[0], ["Legal <support>", "Formal", "76.6", "Informal", "5.5", "71.1", "58.8 to 83.4", "11.37 (833)", "< 0.001"])
        XCTAssertEqual(table.rows[1].suffix(3), ["0.0 to 4.1", "1.98 (833)", "0.048"])
        XCTAssertTrue(table.csv().hasPrefix("Category,Series a,% a,Series b,% b,Difference (points),95% interval,t (df),p\n"), table.csv())
        XCTAssertTrue(table.markdown().contains("| Legal \\<support\\> | Formal | 76.6 | Informal | 5.5 | 71.1 | 58.8 to 83.4 | 11.37 (833) | \\< 0.001 |"), table.markdown())
        XCTAssertTrue(table.htmlFragment().contains("<th scope=\"row\">Legal &lt;support&gt;</th>"))
        let tex = table.latex()
        XCTAssertTrue(tex.contains("\\label{tab:t_contrasts}") && tex.contains("\\caption[") && tex.contains("\\begin{landscape}"), tex)
    }

    func testTheReportShowsThemBesideATableAndAText() throws {
        var input = ReportPageTests.sampleInput()
        let table = ContrastTable(exhibit: try Self.exhibit(), contrasts: Self.contrasts())
        input.exhibits[0].contrasts = table
        input.exhibits[3].contrasts = table
        let html = ReportPage(input).html()
        let panels = html.components(separatedBy: "<div class=\"contrast\" data-exhibit=").count - 1
        XCTAssertEqual(panels, 2, "beside the table and beside the numbers in prose")
        XCTAssertTrue(html.contains("a difference of <strong>71.1 points</strong> (95% interval 58.8 to 83.4; t = 11.37 (833), <strong>p &lt; 0.001</strong>)"), html)
        XCTAssertTrue(html.contains("<strong>p = 0.048</strong>"))
    }
}
