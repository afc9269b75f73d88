import Aggregate
import Foundation
import MigstatCore
import XCTest
@testable import Render

/// The NCHS Data Presentation Standards for Proportions (Parker et al. 2017) and the census small-count rule,
/// criterion by criterion at their boundaries, and what the printed formats show of them.
final class PresentationTests: XCTestCase {
    func share(_ p: Double, _ low: Double, _ high: Double, nEff: Double = 100, df: Int = 99, baseN: Int = 100,
               interval: IntervalMethod = .logit) -> Estimate {
        var e = Estimate(exhibit: "e", series: "s", category: "c", label: "C", n: Int(p), baseN: baseN, weighted: p, baseWeighted: 100,
                         percent: p, ciLow: interval == .census ? nil : low, ciHigh: interval == .census ? nil : high, interval: interval)
        e.nEff = interval == .census ? nil : nEff; e.df = interval == .census ? nil : df
        return e
    }
    let nchs = PresentationConfig()

    func testEffectiveSampleSizeUnder30IsSuppressed() {
        XCTAssertEqual(Presentation.of(share(50, 48, 52, nEff: 29.9), rules: nchs), .suppressed)
        XCTAssertEqual(Presentation.of(share(50, 48, 52, nEff: 30), rules: nchs), .shown)
    }

    func testAbsoluteWidthOf30PointsIsSuppressed() {
        XCTAssertEqual(Presentation.of(share(50, 35, 65), rules: nchs), .suppressed, "width 30")
        XCTAssertEqual(Presentation.of(share(50, 35, 64.9), rules: nchs), .shown, "width 29.9, relative 60%")
    }

    func testRelativeWidthOver130PercentBetween5And30PointsIsSuppressed() {
        XCTAssertEqual(Presentation.of(share(10, 3, 16.1), rules: nchs), .suppressed, "width 13.1 = 131% of 10")
        XCTAssertEqual(Presentation.of(share(10, 3, 16), rules: nchs), .shown, "width 13 = 130% of 10")
        XCTAssertEqual(Presentation.of(share(2, 0.5, 5.5), rules: nchs), .shown, "width 5 is not over 5: relative width not asked")
        XCTAssertEqual(Presentation.of(share(0, 0, 5.1), rules: nchs), .suppressed, "a share of 0 with a width over 5")
    }

    func testFewerThan8DegreesOfFreedomIsFlaggedForReview() {
        XCTAssertEqual(Presentation.of(share(50, 45, 55, df: 7), rules: nchs), .review)
        XCTAssertEqual(Presentation.of(share(50, 45, 55, df: 8), rules: nchs), .shown)
        XCTAssertEqual(Presentation.of(share(50, 35, 65, df: 7), rules: nchs), .suppressed, "suppression comes first")
    }

    func testStandardNoneShowsEverySampledShare() {
        var none = PresentationConfig(); none.standard = "none"
        XCTAssertEqual(Presentation.of(share(50, 10, 90, nEff: 3, df: 2), rules: none), .shown)
    }

    func testCensusSmallCountsAndSmallBases() {
        XCTAssertEqual(Presentation.count(4, census: true, rules: nchs), "<5")
        XCTAssertEqual(Presentation.count(5, census: true, rules: nchs), "5")
        XCTAssertEqual(Presentation.count(0, census: true, rules: nchs), "0")
        XCTAssertEqual(Presentation.count(4, census: false, rules: nchs), "4", "the rule is the census'")
        XCTAssertEqual(Presentation.of(share(100, 0, 0, baseN: 2, interval: .census), rules: nchs), .smallBase)
        XCTAssertEqual(Presentation.of(share(100, 0, 0, baseN: 30, interval: .census), rules: nchs), .shown)
        var off = PresentationConfig(); off.smallCount = 0; off.smallBase = 0
        XCTAssertEqual(Presentation.count(1, census: true, rules: off), "1")
        XCTAssertEqual(Presentation.of(share(100, 0, 0, baseN: 2, interval: .census), rules: off), .shown)
    }

    /// The printed table carries each interval, the bases counted from the data (not the source note's N) and
    /// the footnote of a suppressed cell.
    func testPrintedTableShowsIntervalsComputedBasesAndFootnotes() throws {
        let json = #"{"id":"e","number":"Table 9","kind":"table","title":"T","from":"x","source_note":"N=500 (typed).","#
            + #""series":[{"id":"a","variable":"v"},{"id":"b","variable":"v"}],"layout":{"rows":"series","values":["percent"],"decimals":1}}"#
        let exhibit = try JSONDecoder().decode(ExhibitConfig.self, from: Data(json.utf8))
        var a = share(66, 61.7, 70.0, baseN: 500); a.series = "a"
        var b = share(10, 3, 17, nEff: 40, baseN: 495); b.series = "b"
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
