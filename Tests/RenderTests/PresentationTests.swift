import Aggregate
import Foundation
import MigstatCore
import XCTest
@testable import Render

/// The NCHS Data Presentation Standards for Proportions (Parker et al. 2017) and the census small-count rule,
/// criterion by criterion at their boundaries, and what the printed formats show of them.
final class PresentationTests: XCTestCase {
    /// A share with its standard error (points), design effect and df; the interval printed is the logit one.
    func share(_ p: Double, se: Double = 2, deff: Double = 1, df: Int = 99, baseN: Int = 100, interval: IntervalMethod = .logit) -> Estimate {
        var e = Estimate(exhibit: "e", series: "s", category: "c", label: "C", n: Int(p), baseN: baseN, weighted: p, baseWeighted: 100,
                         percent: p, ciLow: interval == .census ? nil : max(0, p - 2 * se), ciHigh: interval == .census ? nil : min(100, p + 2 * se),
                         interval: interval)
        if interval != .census { e.se = se; e.deff = deff; e.nEff = Double(baseN) / deff; e.df = df }
        return e
    }
    let nchs = PresentationConfig()
    func judge(_ n: Double, _ width: Double, _ p: Double = 50, df: Int = 99) -> Presentation {
        Presentation.judge(effectiveSize: n, width: width, percent: p, df: df)
    }

    func testEffectiveSampleSizeUnder30IsSuppressed() {
        XCTAssertEqual(judge(29.9, 4), .suppressed)
        XCTAssertEqual(judge(30, 4), .shown)
        // n / deff, and n itself where the design effect is under 1.
        XCTAssertEqual(Presentation.of(share(50, se: 5, deff: 3.4, baseN: 100), rules: nchs), .suppressed, "100 / 3.4 = 29.4")
        XCTAssertEqual(Presentation.of(share(50, se: 4, deff: 0.5, baseN: 100), rules: nchs), .shown, "deff under 1: n = 100")
    }

    func testAbsoluteWidthOf30PointsIsSuppressed() {
        XCTAssertEqual(judge(100, 30), .suppressed, "width 30")
        XCTAssertEqual(judge(100, 29.9), .shown, "width 29.9, relative 60%")
    }

    func testRelativeWidthOver130PercentBetween5And30PointsIsSuppressed() {
        XCTAssertEqual(judge(100, 13.1, 10), .suppressed, "width 13.1 = 131% of 10")
        XCTAssertEqual(judge(100, 13, 10), .shown, "width 13 = 130% of 10")
        XCTAssertEqual(judge(100, 5, 2), .shown, "width 5 is not over 5: relative width not asked")
        XCTAssertEqual(judge(100, 5.1, 0), .suppressed, "a share of 0 with a width over 5")
    }

    func testFewerThan8DegreesOfFreedomIsFlaggedForReview() {
        XCTAssertEqual(judge(100, 10, df: 7), .review)
        XCTAssertEqual(judge(100, 10, df: 8), .shown)
        XCTAssertEqual(judge(100, 30, df: 7), .suppressed, "suppression comes first")
    }

    /// The widths judged are the Korn–Graubard interval's (R's svyciprop "beta"), not the printed one's: with
    /// few degrees of freedom it is much wider.
    func testTheKornGraubardIntervalIsJudged() throws {
        let kg = try XCTUnwrap(KornGraubard.interval(p: 0.5, se: 0.06, n: 200, df: 3))
        XCTAssertGreaterThanOrEqual((kg.high - kg.low) * 100, 30, "t(3) widens it past 30 points")
        XCTAssertEqual(Presentation.of(share(50, se: 6, baseN: 200, interval: .logit), rules: nchs), .shown, "df 99: narrow")
        XCTAssertEqual(Presentation.of(share(50, se: 6, df: 3, baseN: 200), rules: nchs), .suppressed, "df 3: 30 points or more")
    }

    func testStandardNoneShowsEverySampledShare() {
        var none = PresentationConfig(); none.standard = "none"
        XCTAssertEqual(Presentation.of(share(50, se: 20, deff: 30, df: 2), rules: none), .shown)
    }

    func testCensusSmallCountsAndSmallBases() {
        XCTAssertEqual(Presentation.count(4, census: true, rules: nchs), "<5")
        XCTAssertEqual(Presentation.count(5, census: true, rules: nchs), "5")
        XCTAssertEqual(Presentation.count(0, census: true, rules: nchs), "0")
        XCTAssertEqual(Presentation.count(4, census: false, rules: nchs), "4", "the rule is the census'")
        XCTAssertEqual(Presentation.of(share(100, baseN: 2, interval: .census), rules: nchs), .smallBase)
        XCTAssertEqual(Presentation.of(share(100, baseN: 30, interval: .census), rules: nchs), .shown)
        var off = PresentationConfig(); off.smallCount = 0; off.smallBase = 0
        XCTAssertEqual(Presentation.count(1, census: true, rules: off), "1")
        XCTAssertEqual(Presentation.of(share(100, baseN: 2, interval: .census), rules: off), .shown)
    }

    /// The printed table carries each interval, the bases counted from the data (not the source note's N) and
    /// the footnote of a suppressed cell.
    func testPrintedTableShowsIntervalsComputedBasesAndFootnotes() throws {
        let json = #"{"id":"e","number":"Table 9","kind":"table","title":"T","from":"x","source_note":"N=500 (typed).","#
            + #""series":[{"id":"a","variable":"v"},{"id":"b","variable":"v"}],"layout":{"rows":"series","values":["percent"],"decimals":1}}"#
        let exhibit = try JSONDecoder().decode(ExhibitConfig.self, from: Data(json.utf8))
        var a = share(66, se: 2.1, baseN: 500); a.ciLow = 61.7; a.ciHigh = 70.0; a.series = "a"
        var b = share(10, se: 4, deff: 12, baseN: 495); b.series = "b"   // n / deff = 41, relative width over 130%
        let t = TableModel(exhibit: exhibit, estimates: [a, b])
        let md = MarkdownTableRenderer.render(t)
        XCTAssertTrue(md.contains("| C | 95% CI | N |"), md)
        XCTAssertTrue(md.contains("| a | 66.0 | 61.7–70.0 | 500 |"), md)
        XCTAssertTrue(md.contains("| b | \\* |  | 495 |"), md)
        XCTAssertTrue(md.contains("\\* Suppressed by the NCHS"), md)
        let html = HTMLTableRenderer.fragment(t)
        XCTAssertTrue(html.contains("<td class=\"interval\">61.7–70.0</td>") && html.contains("<td class=\"base\">495</td>"), html)
        XCTAssertEqual(CSVTableRenderer.render(t), "category,C\na,66.0\nb,10.0\n", "the machine-readable table keeps the study's layout")
    }
}

/// `layout.presentation` is checked with the rest of pipeline.json, naming the JSON path of a wrong value.
final class PresentationConfigTests: XCTestCase {
    func decode(_ presentation: String) throws -> PipelineConfig {
        let url = ExternalTool.root.appendingPathComponent("pipeline.json")
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var exhibits = try XCTUnwrap(json["exhibits"] as? [[String: Any]])
        let index = try XCTUnwrap(exhibits.firstIndex { $0["id"] as? String == "table_1_1" })
        var layout = exhibits[index]["layout"] as? [String: Any] ?? [:]
        layout["presentation"] = try JSONSerialization.jsonObject(with: Data(presentation.utf8))
        exhibits[index]["layout"] = layout
        json["exhibits"] = exhibits
        return try ConfigLoader.decode(JSONSerialization.data(withJSONObject: json))
    }

    func testAStandardOtherThanNCHSOrNoneIsRefusedWithItsPath() throws {
        XCTAssertThrowsError(try decode(#"{"standard":"who"}"#)) { error in
            XCTAssertTrue("\(error)".contains("layout.presentation.standard"), "\(error)")
            XCTAssertTrue("\(error)".contains(#"expected "nchs" or "none", found "who""#), "\(error)")
        }
    }

    func testANegativeSmallCountIsRefusedWithItsPath() throws {
        XCTAssertThrowsError(try decode(#"{"small_count":-1}"#)) { error in
            XCTAssertTrue("\(error)".contains("layout.presentation.small_count"), "\(error)")
        }
    }

    func testDeclaredRulesAreRead() throws {
        let config = try decode(#"{"standard":"none","small_count":10,"small_base":50}"#)
        let rules = try XCTUnwrap(config.exhibits.first { $0.id == "table_1_1" }).layout.presentation
        XCTAssertEqual([rules.standard, String(rules.smallCount), String(rules.smallBase)], ["none", "10", "50"])
    }
}
