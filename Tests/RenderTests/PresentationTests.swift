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
    }

    /// The complement rule: a share shown whose complement 100 − p the relative width would suppress is flagged
    /// `§` (the interval of 100 − p is as wide as p's), never a share whose complement is shown.
    func testAShareBesideASuppressedComplementIsFlagged() {
        XCTAssertEqual(judge(100, 13.1, 90), .complement, "width 13.1 = 131% of the complement 10")
        XCTAssertEqual(judge(100, 13, 90), .shown, "130% of the complement: it is shown, so p is not flagged")
        XCTAssertEqual(judge(100, 5, 98), .shown, "width 5 is not over 5")
        XCTAssertEqual(judge(100, 13.1, 90, df: 7), .review, "one mark per cell: review first")
        // Over a grid of shares and widths: p is flagged exactly where 100 − p is suppressed by its relative width.
        for p in stride(from: 1.0, through: 99, by: 0.5) {
            for width in stride(from: 0.5, through: 29.5, by: 0.5) {
                let own = judge(100, width, p), complement = judge(100, width, 100 - p)
                if own != .suppressed {
                    XCTAssertEqual(own == .complement, complement == .suppressed, "p \(p), width \(width)")
                }
            }
        }
    }

    /// 0 % and 100 % have no relative width (0 has none, 100 % a complement of 0): they are not suppressed by
    /// it but flagged for statistical review (`¶`); the effective size and the absolute width still apply.
    func testZeroAndHundredPercentAreFlaggedForStatisticalReview() {
        XCTAssertEqual(judge(100, 5.1, 0), .extreme)
        XCTAssertEqual(judge(100, 7.6, 100), .extreme)
        XCTAssertEqual(judge(29, 3, 0), .suppressed, "effective size under 30")
        XCTAssertEqual(judge(100, 30, 100), .suppressed, "30 points wide")
        XCTAssertEqual(judge(100, 3, 0, df: 7), .review)
        // Table 4.1's diaspora: 47 of 47 got advice, no variance: the effective size is the base.
        var all = share(100, se: 0, deff: 1, df: 46, baseN: 47, interval: .wilson); all.deff = nil
        XCTAssertEqual(Presentation.of(all, rules: nchs), .extreme)
    }

    /// Worked through as the standard does for a simple random sample, where the Korn–Graubard interval is the
    /// Clopper–Pearson one (R: `binom.test(x, 100)$conf.int`, Parker et al. 2017, "Exact" intervals): 10 of 100
    /// (4.90–17.62, 127% of 10) is shown, 9 of 100 (4.20–16.40, 136% of 9) suppressed, so 91 of 100 beside it
    /// carries the complement flag and 90 does not; 0 of 100 (0–3.62) is flagged for review; 0 of 29 suppressed.
    func testTheStandardsExamplesOfASimpleRandomSample() throws {
        func srs(_ x: Int, _ n: Int) -> Estimate {
            let p = Double(x) / Double(n)
            return share(p * 100, se: (p * (1 - p) / Double(n)).squareRoot() * 100, deff: 1, df: n - 1, baseN: n, interval: .wilson)
        }
        for (x, low, high) in [(10, 0.04900469, 0.17622260), (9, 0.04198360, 0.16398226), (0, 0, 0.03621669)] {
            let kg = try XCTUnwrap(KornGraubard.interval(p: Double(x) / 100, se: (Double(x) / 100 * (1 - Double(x) / 100) / 100).squareRoot(), n: 100, df: 99))
            XCTAssertEqual(kg.low, low, accuracy: 5e-6, "\(x) of 100")
            XCTAssertEqual(kg.high, high, accuracy: 5e-6, "\(x) of 100")
        }
        XCTAssertEqual(Presentation.of(srs(10, 100), rules: nchs), .shown)
        XCTAssertEqual(Presentation.of(srs(9, 100), rules: nchs), .suppressed)
        XCTAssertEqual(Presentation.of(srs(91, 100), rules: nchs), .complement)
        XCTAssertEqual(Presentation.of(srs(90, 100), rules: nchs), .shown)
        XCTAssertEqual(Presentation.of(srs(0, 100), rules: nchs), .extreme)
        XCTAssertEqual(Presentation.of(srs(100, 100), rules: nchs), .extreme)
        XCTAssertEqual(Presentation.of(srs(0, 29), rules: nchs), .suppressed)
    }

    /// Every format's table prints the new marks and their footnotes, and a quota sample's note says its
    /// intervals are model-based (and only a quota sample's).
    func testTheNewMarksAndTheModelBasedNoteArePrinted() throws {
        let json = #"{"id":"e","number":"Table 9","kind":"table","title":"T","from":"x","source_note":"S.","#
            + #""series":[{"id":"a","variable":"v"}],"layout":{"rows":"categories","values":["percent"],"decimals":1}}"#
        var exhibit = try JSONDecoder().decode(ExhibitConfig.self, from: Data(json.utf8))
        var yes = share(91, se: (0.91 * 0.09 / 100).squareRoot() * 100, df: 99, interval: .wilson); yes.series = "a"; yes.category = "yes"; yes.label = "Yes"
        var none = share(0, se: 0, df: 99, interval: .wilson); none.series = "a"; none.category = "none"; none.label = "None"
        let plain = TableModel(exhibit: exhibit, estimates: [yes, none])
        let md = MarkdownTableRenderer.render(plain)
        XCTAssertTrue(md.contains("| Yes | 91.0§ |") && md.contains("| None | 0.0¶ |"), md)
        XCTAssertTrue(md.contains("§ Shown, but its complement") && md.contains("¶ Flagged for statistical review (NCHS 2017): an estimate of 0% or 100%."), md)
        XCTAssertFalse(md.contains("model-based"), md)
        let tex = LaTeXTableRenderer.render(plain)
        XCTAssertTrue(tex.contains("91.0\\rlap{\\textsuperscript{\\S}}") && tex.contains("0.0\\rlap{\\textsuperscript{\\P}}") && tex.contains("§ Shown"), tex)
        XCTAssertTrue(HTMLTableRenderer.fragment(plain).contains("91.0§"))
        XCTAssertFalse(BarChart(exhibit: exhibit, estimates: [yes, none]).svg().contains("model-based"))
        exhibit.modelBasedIntervals = true
        let quota = TableModel(exhibit: exhibit, estimates: [yes, none])
        for text in [MarkdownTableRenderer.render(quota), HTMLTableRenderer.fragment(quota), LaTeXTableRenderer.render(quota)] {
            XCTAssertTrue(text.contains("model-based, not design-based: the source is a quota sample"), text)
        }
        XCTAssertTrue(BarChart(exhibit: exhibit, estimates: [yes, none]).svg().contains("model-based, not design-based"))
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

    /// akf_2008 is declared a quota sample: its exhibits, through a join too, are marked model-based; the others not.
    func testAQuotaSamplesExhibitsAreMarkedModelBased() throws {
        let config = try decode("{}")
        let marked = Set(config.exhibits.filter(\.modelBasedIntervals).map(\.id))
        XCTAssertEqual(marked, ["table_1_1", "table_4_2", "table_a_1", "figure_4_13"])
    }

    func testACensusDeclaredAQuotaSampleIsRefusedWithItsPath() throws {
        let url = ExternalTool.root.appendingPathComponent("pipeline.json")
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var sources = try XCTUnwrap(json["sources"] as? [[String: Any]])
        let index = try XCTUnwrap(sources.firstIndex { $0["id"] as? String == "akf_2008" })
        var tables = try XCTUnwrap(sources[index]["tables"] as? [[String: Any]])
        tables[0]["design"] = ["census": true, "quota": true]
        sources[index]["tables"] = tables
        json["sources"] = sources
        XCTAssertThrowsError(try ConfigLoader.decode(JSONSerialization.data(withJSONObject: json))) { error in
            XCTAssertTrue("\(error)".contains("design.quota") && "\(error)".contains("a census is not a quota sample"), "\(error)")
        }
    }

    func testDeclaredRulesAreRead() throws {
        let config = try decode(#"{"standard":"none","small_count":10,"small_base":50}"#)
        let rules = try XCTUnwrap(config.exhibits.first { $0.id == "table_1_1" }).layout.presentation
        XCTAssertEqual([rules.standard, String(rules.smallCount), String(rules.smallBase)], ["none", "10", "50"])
    }
}
