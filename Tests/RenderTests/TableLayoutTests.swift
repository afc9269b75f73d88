import Aggregate
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import MigstatCore
import XCTest
@testable import Render

/// Layouts and the well-formedness of every format; the rendered study outputs themselves are pinned by
/// PipelineTests' comparison of output/ with a fresh run.
final class TableLayoutTests: XCTestCase {
    func exhibit(rows: String, values: String = #"["percent"]"#, series: [String] = ["s1", "s2"]) throws -> ExhibitConfig {
        let s = series.map { #"{"id":"\#($0)","label":"Series <\#($0)>","variable":"v"}"# }.joined(separator: ",")
        let json = """
        {"id":"e","number":"Table 9.9","kind":"table","title":"Title & more","from":"x","source_note":"N=3 (Someone 2009).",
         "series":[\(s)],"layout":{"rows":"\(rows)","values":\(values),"decimals":1,"hide":["h"]}}
        """
        return try JSONDecoder().decode(ExhibitConfig.self, from: Data(json.utf8))
    }

    let estimates: [Estimate] = ["s1", "s2"].flatMap { s in
        ["a", "b", "h"].enumerated().map { i, c in
            Estimate(exhibit: "e", series: s, category: c, label: "Cat \(c)", n: i + (s == "s1" ? 1 : 5), baseN: 10, weighted: 0, baseWeighted: 10,
                     percent: Double(i) * 12.25 + (s == "s1" ? 0 : 50), ciLow: nil, ciHigh: nil, interval: .wilson)
        }
    }

    func testSeriesAsRows() throws {
        let t = TableModel(exhibit: try exhibit(rows: "series"), estimates: estimates)
        XCTAssertEqual(t.columns, ["Cat a", "Cat b"])
        XCTAssertEqual(t.rows.map(\.stub), ["Series <s1>", "Series <s2>"])
        XCTAssertEqual(t.rows.map(\.cells), [["0.0", "12.3"], ["50.0", "62.3"]])
    }

    func testCategoriesAsRowsWithColumnGroupsOfNAndPercent() throws {
        let t = TableModel(exhibit: try exhibit(rows: "categories", values: #"["n","percent"]"#), estimates: estimates)
        XCTAssertEqual(t.spanners.map(\.label), ["Series <s1> (N=10)", "Series <s2> (N=10)"])
        XCTAssertEqual(t.columns, ["n", "%", "n", "%"])
        XCTAssertEqual(t.rows.map(\.cells), [["1", "0.0", "5", "50.0"], ["2", "12.3", "6", "62.3"]])
        let csv = CSVTableRenderer.render(t)
        XCTAssertTrue(csv.hasPrefix("category,Series <s1> (N=10) n,Series <s1> (N=10) %,"), csv)
        let html = HTMLTableRenderer.render(t)
        XCTAssertTrue(html.contains("Series &lt;s1&gt;"))
        XCTAssertTrue(html.contains("Title &amp; more"))
        XCTAssertTrue(MarkdownTableRenderer.render(t).contains("| Cat a | 1 | 0.0 |  | 5 | 50.0 |  |"), "no interval: an empty 95% CI cell")
    }

    func testBarChartIsWellFormedSVGWithValueLabels() throws {
        let svg = BarChart(exhibit: try exhibit(rows: "categories"), estimates: estimates).svg()
        let parser = XMLParser(data: Data(svg.utf8))
        XCTAssertTrue(parser.parse(), "\(String(describing: parser.parserError))")
        XCTAssertTrue(svg.contains(">62.3</text>"))
        XCTAssertTrue(svg.contains("Series &lt;s2&gt;"), "a legend names each series")
        XCTAssertFalse(svg.contains("Cat h"), "hidden categories are not drawn")
        XCTAssertFalse(svg.contains("class=\"ci\""), "no interval, no whisker")
    }

    func testBarChartDrawsEachIntervalAsAWhisker() throws {
        let withIntervals = estimates.map { e -> Estimate in
            var e = e; e.ciLow = e.percent.map { max(0, $0 - 2) }; e.ciHigh = e.percent.map { $0 + 3 }; e.nEff = 100; return e
        }
        let svg = BarChart(exhibit: try exhibit(rows: "categories"), estimates: withIntervals).svg()
        XCTAssertTrue(XMLParser(data: Data(svg.utf8)).parse())
        XCTAssertEqual(svg.components(separatedBy: "<g class=\"ci\"").count - 1, 4, "one whisker per drawn bar")
        XCTAssertTrue(svg.contains("<title>Series &lt;s2&gt;: 95% CI 60.3–65.3</title>"), svg)
        XCTAssertTrue(svg.contains("Whiskers: 95% confidence intervals"))
    }

    /// A share the NCHS standard suppresses is drawn as "*" with its footnote, not as a bar.
    func testBarChartDrawsASuppressedShareAsAStar() throws {
        let wide = estimates.map { e -> Estimate in
            var e = e; e.ciLow = 0; e.ciHigh = e.percent.map { $0 + 31 }; e.nEff = 100
            e.se = 16; e.deff = 1; e.df = 99   // a Korn–Graubard interval over 30 points wide
            return e
        }
        let svg = BarChart(exhibit: try exhibit(rows: "categories"), estimates: wide).svg()
        XCTAssertFalse(svg.contains("<title>Series &lt;s1&gt;: "), "no bar and no whisker for a suppressed share")
        XCTAssertEqual(svg.components(separatedBy: ">*</text>").count - 1, 4)
        XCTAssertTrue(svg.contains("* Suppressed by the NCHS"))
    }

    func testFixedFormattingRoundsHalfAwayFromZero() {
        XCTAssertEqual(formatFixed(10.25, decimals: 1), "10.3")
        XCTAssertEqual(formatFixed(0.05, decimals: 0), "0")
        XCTAssertEqual(formatFixed(-2.5, decimals: 0), "-3")
        XCTAssertEqual(formatFixed(2, decimals: 1), "2.0")
        XCTAssertEqual(formatPlain(27.272727272727273), "27.2727272727")
    }
}
