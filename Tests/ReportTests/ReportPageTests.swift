import MigstatCore
import Render
@testable import Report
import XCTest

final class ReportPageTests: XCTestCase {
    /// A bar chart as the standalone files write it: its own ids, not unique once several share a page.
    static let standaloneSVG = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\" aria-labelledby=\"title\"><title id=\"title\">Chart</title></svg>\n"

    func input(checks: [ReportCheck] = [], quarantine: [QuarantineRecord] = [], verified: Bool = true) -> ReportInput {
        Self.sampleInput(checks: checks, quarantine: quarantine, verified: verified)
    }

    static func sampleInput(checks: [ReportCheck] = [], quarantine: [QuarantineRecord] = [], verified: Bool = true) -> ReportInput {
        var table = TableModel.placeholder
        table.title = "A <table> & its title"
        return ReportInput(
            studyTitle: "A Study", citation: "Someone 2014",
            contents: [ContentsEntry(number: "Figure 1.1", title: "Drawn", page: 2), ContentsEntry(number: "Table 1.1", title: "Counted", page: 5),
                       ContentsEntry(number: "Figure 2.1", title: "Never made", page: 9)],
            exhibits: [
                ReportExhibit(id: "table_1_1", number: "Table 1.1", title: "Counted", kind: .table, sourceNote: "N=10.", body: .table(table),
                              checks: checks, files: ["tables/table_1_1.csv"]),
                ReportExhibit(id: "figure_1_1", number: "Figure 1.1", title: "Drawn", kind: .diagram, sourceNote: "Text.",
                              body: .figure(svg: standaloneSVG), basis: "What the text says, p. 2."),
                ReportExhibit(id: "figure_3_1", number: "Figure 3.1", title: "Unlisted chart", kind: .figure, sourceNote: "S.",
                              body: .figure(svg: standaloneSVG)),
                ReportExhibit(id: "text_x", number: "Text", title: "Numbers in prose", kind: .text, sourceNote: "", body: .text,
                              checks: [ReportCheck(label: "share", published: "52", computed: "52", status: .match)]),
            ],
            quarantine: quarantine, rowsRead: 100, rowsLoaded: 100 - quarantine.count, verified: verified, generator: "migstat test")
    }

    func sections(_ html: String) -> [String] {
        html.components(separatedBy: "<section class=\"exhibit-section").dropFirst().map { s in
            let start = s.range(of: "data-number=\"")!.upperBound
            return String(s[start...].prefix { $0 != "\"" })
        }
    }

    func testExhibitsFollowTheStudysListsThenTheUnlistedOnes() {
        let html = ReportPage(input()).html()
        XCTAssertEqual(sections(html), ["Figure 1.1", "Table 1.1", "Figure 2.1", "Figure 3.1"])
        XCTAssertTrue(html.contains("data-number=\"Figure 2.1\" data-status=\"missing\""))
        XCTAssertTrue(html.contains("<p class=\"value\">3 of 4</p><p class=\"label\">exhibits regenerated</p>"))
        XCTAssertTrue(html.contains("id=\"text-numbers\""), "prose numbers get their own section")
    }

    func testTheSummaryCountsTheChecksItIsGiven() {
        let checks = [
            ReportCheck(label: "a", published: "10", computed: "10", status: .match),
            ReportCheck(label: "b", published: "20", computed: "21", status: .differs),
            ReportCheck(group: "Men", label: "c", published: "16", computed: "33.6", status: .textDiffers, quote: "only 16 percent did not know"),
        ]
        let html = ReportPage(input(checks: checks)).html()
        // The text exhibit's one match counts too: 4 checked, in parts that add up to 4.
        XCTAssertTrue(html.contains("<p class=\"value\">4</p><p class=\"label\">published numbers checked</p><p class=\"detail\">2 match, 1 is a prose claim the study's own data do not bear out, 1 differs</p>"), html)
        XCTAssertTrue(html.contains("Men · c: published 16, regenerated 33.6 — <strong>prose claim not borne out by the data</strong><br><q>only 16 percent did not know</q>"))
        XCTAssertTrue(html.contains("data-status=\"differs\""))
        XCTAssertTrue(html.contains("<td>20</td><td>21</td>"), "published beside regenerated")
    }

    func testQuarantinedRowsAreCountedLinkedAndListed() {
        let rows = (1...3).map { QuarantineRecord(source: "s", file: "raw/s/f.csv", line: $0 + 1, column: "Q2", value: "<\($0)>", reason: "not in 14...98") }
        let html = ReportPage(input(quarantine: rows)).html()
        XCTAssertTrue(html.contains("<p class=\"value\">3</p><p class=\"label\">rows quarantined</p><p class=\"detail\">of 100 rows read; <a href=\"#quarantine\">see the list</a></p>"))
        XCTAssertTrue(html.contains("<section class=\"quarantine\" id=\"quarantine\">"))
        XCTAssertTrue(html.contains("<td>raw/s/f.csv</td><td>4</td><td>Q2</td><td>not in 14...98</td>"))
        XCTAssertTrue(ReportPage(input()).html().contains("No row was quarantined: all 100 rows read were loaded."))
    }

    /// report.html is a publication file; the quarantine's raw values (a birth date, an employer) stay in
    /// quarantine.csv, which is confidential.
    func testTheReportNeverQuotesAQuarantinedValue() {
        let rows = [QuarantineRecord(source: "registry", file: "registry/registry_20130101.csv", line: 7, column: "birth_date",
                                     value: "1971-03-09 ООО Вектор", reason: "after the delivery's date")]
        let html = ReportPage(input(quarantine: rows)).html()
        XCTAssertTrue(html.contains("<td>7</td><td>birth_date</td><td>after the delivery's date</td>"), html)
        XCTAssertFalse(html.contains("1971-03-09"))
        XCTAssertFalse(html.contains("Вектор"))
    }

    func testALongQuarantineIsCutWithAPointerToTheFullList() {
        let rows = (1...(ReportPage.quarantineShown + 7)).map { QuarantineRecord(source: "s", file: "f", line: $0, column: "c", value: "v", reason: "r") }
        let html = ReportPage(input(quarantine: rows)).html()
        XCTAssertEqual(html.components(separatedBy: "<tr><td>s</td>").count - 1, ReportPage.quarantineShown)
        XCTAssertTrue(html.contains("The first \(ReportPage.quarantineShown) are listed; quarantine.csv lists them all"))
    }

    func testThePageIsSelfContainedDeterministicAndItsIdsUnique() {
        let html = ReportPage(input()).html()
        XCTAssertEqual(html, ReportPage(input()).html())
        for outside in ["<script", "<link", "src=", "@import", "url(http", "href=\"http"] { XCTAssertFalse(html.contains(outside), outside) }
        var ids: [String] = []
        var rest = html[...]
        while let r = rest.range(of: " id=\"") {
            let after = rest[r.upperBound...]
            let close = after.firstIndex(of: "\"")!
            ids.append(String(after[..<close]))
            rest = after[close...]
        }
        XCTAssertEqual(ids.count, Set(ids).count, "duplicate ids: \(ids)")
        XCTAssertTrue(html.contains("aria-labelledby=\"figure_1_1-title\""))
        XCTAssertTrue(html.contains("A &lt;table&gt; &amp; its title"))
        XCTAssertTrue(html.contains("@media print"))
    }

    func testADrawnFigureShowsWhatItIsRebuiltFrom() {
        let html = ReportPage(input()).html()
        XCTAssertTrue(html.contains("<strong>Rebuilt from the thesis text</strong> (the image is lost): What the text says, p. 2."))
        XCTAssertTrue(ReportPage(input(verified: false)).html().contains("<p class=\"value\">not run</p>"))
    }
}

extension TableModel {
    /// A tiny laid-out table; the report only typesets what it is given.
    static var placeholder: TableModel {
        var config = try! JSONDecoder().decode(ExhibitConfig.self, from: Data("""
        {"id": "table_1_1", "number": "Table 1.1", "kind": "table", "title": "T", "source_note": "N=10.", "from": "s.t",
         "series": [{"id": "all", "variable": "Q"}], "layout": {"rows": "categories"}}
        """.utf8))
        config.title = "Counted"
        return TableModel(exhibit: config, estimates: [])
    }
}

/// An exhibit id reaches the report's attributes (section ids, links, the ids of an embedded figure): it must
/// stay inside them whatever it holds, even though pipeline.json's check allows only words.
final class ReportEscapingTests: XCTestCase {
    func testAnExhibitIdCannotAddAnAttributeToTheReport() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" aria-labelledby=\"f-title\"><title id=\"f-title\">Chart</title></svg>\n"
        let id = "f\" onload=\"alert(1)"
        let input = ReportInput(studyTitle: "S", citation: nil, contents: [], exhibits: [
            ReportExhibit(id: id, number: "Figure 1", title: "T", kind: .figure, sourceNote: "S.", body: .figure(svg: svg)),
        ], quarantine: [], rowsRead: 0, rowsLoaded: 0, verified: false, generator: "migstat test")
        let html = ReportPage(input).html()
        XCTAssertFalse(html.contains("onload=\"alert"), html)
        XCTAssertTrue(html.contains("id=\"f&quot; onload=&quot;alert(1)-f-title\""), html)
    }
}

/// The report's own layout and the statistics it shows beside the exhibits.
final class ReportContentTests: XCTestCase {
    func input() -> ReportInput { ReportPageTests.sampleInput() }

    func testATableTitleStandsAboveItsScrollFrameAndNamesTheTable() {
        let html = ReportPage(input()).html()
        let section = html.components(separatedBy: "id=\"table_1_1\"")[1].components(separatedBy: "</section>")[0]
        XCTAssertTrue(section.contains("<h2 class=\"exhibit-title\" id=\"table_1_1-caption\"><span class=\"number\">Table 1.1</span> A &lt;table&gt; &amp; its title</h2>\n<div class=\"scroll-frame\" role=\"region\" tabindex=\"0\""), section)
        XCTAssertTrue(section.contains("<table class=\"exhibit\" aria-labelledby=\"table_1_1-caption\">"), section)
        XCTAssertFalse(section.contains("<caption>"), "the title is outside the table, so that it wraps at the card's width")
        XCTAssertTrue(section.contains("<p class=\"scroll-hint\" aria-hidden=\"true\">"))
    }

    func testAFigureGetsTheWidthItsSmallestTextNeeds() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"100\" viewBox=\"0 0 640 100\"><text font-size=\"15\">T</text><text font-size=\"10.5\">small</text></svg>"
        // 640 × 9 / 10.5 = 548.6: at 549 px the 10.5 text draws at 9.007 px.
        XCTAssertTrue(SVGEmbedding.legible(svg).hasPrefix("<svg style=\"--legible:549px\" xmlns="), SVGEmbedding.legible(svg))
        XCTAssertEqual(SVGEmbedding.legible("<svg width=\"10\"></svg>"), "<svg width=\"10\"></svg>", "no text, no minimum")
    }

    func testNumbersArePrintedAtThePrecisionTheirStandardErrorCarries() {
        XCTAssertEqual(ReportNumber.text(704068.4169999997, decimals: ReportNumber.decimals(se: 25568.2286791012)), "704,000")
        XCTAssertEqual(ReportNumber.text(25568.2286791012, decimals: ReportNumber.decimals(se: 25568.2286791012)), "26,000")
        XCTAssertEqual(ReportNumber.text(1.3733736674, decimals: ReportNumber.decimals(se: 0.0265113484)), "1.373")
        XCTAssertEqual(ReportNumber.text(0.1360882536, decimals: ReportNumber.decimals(se: 0.0042796178)), "0.1361")
        XCTAssertEqual(ReportNumber.text(34.0653118502, decimals: ReportNumber.decimals(se: 0.3763761707)), "34.07")
        XCTAssertEqual(ReportNumber.grouped("-1234567.5"), "-1,234,567.5")
        XCTAssertEqual(ReportNumber.p(0.5594747254), "p = 0.559")
        XCTAssertEqual(ReportNumber.p(0.0002), "p < 0.001")
    }

    func testStatisticsAndTestsAreShown() {
        var input = input()
        input.statistics = [ReportStatistic(Statistic(id: "abroad", label: "Members abroad", kind: .total, from: "hh", variable: "m",
                                                      result: StatisticResult(n: 1580, estimate: 704068.4169999997, se: 25568.2286791012, deff: 1.5889679815,
                                                                              df: 148, ciLow: 653542.4651853679, ciHigh: 754594.3688146315, method: "t")),
                                            source: "ILO household survey")]
        input.tests = [IndependenceTest(exhibit: "table_1_1", rowVariable: "region_code", columnVariable: "remit", n: 732,
                                        test: RaoScottTest(pearson: 1.9034187073, f: 0.6421166386, ndf: 2.4827592896, ddf: 364.9656155657, p: 0.5594747254))]
        let html = ReportPage(input).html()
        XCTAssertTrue(html.contains("<tr id=\"statistic-abroad\"><th scope=\"row\">Members abroad<span class=\"quote\">total, ILO household survey</span></th><td>704,000</td><td>26,000</td><td class=\"interval\">654,000–755,000</td><td>1,580</td><td>1.59</td></tr>"), html)
        XCTAssertTrue(html.contains("<a href=\"#statistics\">Means, totals and ratios</a>"), "the contents lead to them")
        let section = html.components(separatedBy: "id=\"table_1_1\"")[1].components(separatedBy: "</section>")[0]
        XCTAssertTrue(section.contains("F = 0.64 on 2.48 and 364.97 degrees of freedom, <strong>p = 0.559</strong>"), section)
        XCTAssertFalse(ReportPage(self.input()).html().contains("id=\"statistics\""), "no statistics, no section")
    }
}
