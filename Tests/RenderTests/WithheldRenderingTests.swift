import Aggregate
import Foundation
import MigstatCore
import XCTest
@testable import Render

/// What the Disclosure module withholds (`Estimate.withheld`) prints as `x` in every format, with no number
/// behind it for the workbook, and a census percentage is stored as printed.
final class WithheldRenderingTests: XCTestCase {
    func exhibit(rows: String) throws -> ExhibitConfig {
        let json = """
        {"id":"e","number":"Registry table 9","kind":"table","title":"T","from":"r.records","source_note":"Registry.",
         "series":[{"id":"m1","variable":"v"},{"id":"m2","variable":"v"}],"layout":{"rows":"\(rows)","values":["n","percent"],"decimals":1}}
        """
        return try JSONDecoder().decode(ExhibitConfig.self, from: Data(json.utf8))
    }

    /// m1: a = 3 of 7 (count, percent and base withheld), b = 4 (count and percent withheld); m2 printed.
    var estimates: [Estimate] {
        ["m1", "m2"].flatMap { s in
            [("a", s == "m1" ? 3 : 20), ("b", s == "m1" ? 4 : 30)].map { c, n in
                var e = Estimate(exhibit: "e", series: s, category: c, label: c.uppercased(), n: n, baseN: s == "m1" ? 7 : 50, weighted: Double(n),
                                 baseWeighted: 7, percent: 100 * Double(n) / (s == "m1" ? 7 : 50), ciLow: nil, ciHigh: nil, interval: .census)
                if s == "m1" { e.withheld = c == "a" ? [.n, .percent, .base] : [.n, .percent] }
                return e
            }
        }
    }

    func testWithheldNumbersPrintAsXInEveryFormatAndTheHeaderBase() throws {
        let model = TableModel(exhibit: try exhibit(rows: "categories"), estimates: estimates)
        XCTAssertEqual(model.spanners.map(\.label), ["m1 (N=x)", "m2 (N=50)"])
        XCTAssertEqual(model.rows.map(\.cells), [["x", "x", "20", "40.0"], ["x", "x", "30", "60.0"]])
        let csv = CSVTableRenderer.render(model), md = MarkdownTableRenderer.render(model)
        let html = HTMLTableRenderer.render(model), tex = LaTeXTableRenderer.render(model)
        for text in [csv, md, html, tex] {
            XCTAssertFalse(text.contains("42.9"), text)
            XCTAssertFalse(text.contains("<5") || text.contains("&lt;5") || text.contains("textless"), text)
        }
        let base = model.presented.rows.last!
        XCTAssertEqual(base.cells.map(\.text), ["x", "", "50", ""])
        XCTAssertNil(base.cells[0].value, "no number behind a withheld base for the workbook")
        XCTAssertTrue(model.presented.rows[0].cells.prefix(2).allSatisfy { $0.text == "x" && $0.value == nil })
        XCTAssertTrue(md.contains("x: withheld, a count from 1 to 4"))
    }

    func testACensusPercentageIsStoredRounded() throws {
        let model = TableModel(exhibit: try exhibit(rows: "series"), estimates: estimates.map { var e = $0; e.withheld = []; return e })
        let percent = model.presented.rows[0].cells[1]
        XCTAssertEqual(percent.text, "42.9‡")
        XCTAssertEqual(percent.value, 42.9, "not 42.857…: beside its base the unrounded value gives the count back")
    }

    func testAWithheldShareIsDrawnAsXWithoutItsBar() throws {
        var figure = try exhibit(rows: "categories")
        figure.series.removeLast()
        let svg = BarChart(exhibit: figure, estimates: estimates).svg()
        XCTAssertFalse(svg.contains("42.9"))
        XCTAssertFalse(svg.contains("57.1"))
        XCTAssertTrue(svg.contains(">x</text>"))
        XCTAssertTrue(svg.contains("x: withheld"))
    }
}
