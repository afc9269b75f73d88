import Foundation
import MigstatCore
import Render
import XCTest

final class TimelineChartTests: XCTestCase {
    let spec = TimelineSpec(start: 1990, end: 2009, events: [
        TimelineEvent(id: "late", label: "Late period", from: SpecDate("2000"), to: SpecDate("2004")),
        TimelineEvent(id: "early", label: "Early period", detail: "Described at some length so that the text has to wrap onto more than one line of the figure.",
                      from: SpecDate("1990"), to: SpecDate("1994")),
        TimelineEvent(id: "law", label: "A law", date: SpecDate("1997-07-01")),
        TimelineEvent(id: "open", label: "Still going", from: SpecDate("2006"), to: SpecDate("2009"), ongoing: true, when: "since 2006"),
    ])

    func chart() -> TimelineChart {
        TimelineChart(number: "Figure 9.8", title: "A Test Timeline", sourceNote: "Source: a test.", idPrefix: "figure_9_8", spec: spec)
    }

    /// (x, width) of each period bar, in drawing order.
    func bars(_ svg: String) -> [(x: Double, width: Double)] {
        let pattern = try! NSRegularExpression(pattern: #"<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)" height="14" rx="3""#)
        return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { m in
            (Double(svg[Range(m.range(at: 1), in: svg)!])!, Double(svg[Range(m.range(at: 2), in: svg)!])!)
        }
    }

    func testTheSameSpecGivesTheSameBytes() {
        XCTAssertEqual(chart().svg(), chart().svg())
    }

    func testPeriodsAreDrawnInOrderOfStartWithLengthsProportionalToTheirYears() {
        let svg = chart().svg()
        let b = bars(svg)
        XCTAssertEqual(b.count, 3)
        XCTAssertLessThan(b[0].x, b[1].x)   // 1990 before 2000, though declared after it
        XCTAssertLessThan(b[1].x, b[2].x)
        // 1990–1994 and 2000–2004 both span five years; 2006–2009 four.
        XCTAssertEqual(b[0].width, b[1].width, accuracy: 0.11)
        XCTAssertEqual(b[2].width / b[0].width, 4.0 / 5.0, accuracy: 0.01)
        // Ten years apart on the axis: twice the length of a five-year bar.
        XCTAssertEqual(b[1].x - b[0].x, 2 * b[0].width, accuracy: 0.2)
        let early = svg.range(of: "Early period")!.lowerBound, late = svg.range(of: "Late period")!.lowerBound
        XCTAssertLessThan(early, late)
    }

    func testEveryEventShowsItsLabelDatesAndDetailAndTheFigureItsTitleAndSource() {
        let svg = chart().svg()
        for text in ["Figure 9.8 A Test Timeline", "Source: a test.", "1 July 1997", "1990–1994", "since 2006", "A law", "Still going"] {
            XCTAssertTrue(svg.contains(text), "missing \(text)")
        }
        XCTAssertTrue(svg.contains(">Described at some length"), "the detail is wrapped into lines")
        XCTAssertTrue(svg.contains("<title id=\"figure_9_8-title\">"))
        XCTAssertTrue(svg.contains("opacity=\"0.55\""), "an ongoing period ends in an arrow")
        XCTAssertEqual(svg.components(separatedBy: "<path d=\"M").count - 1, 2, "one diamond for the dated law, one arrow")
    }

    func testTheTextMeasureWrapsAtTheGivenWidth() {
        let lines = TextMetrics.wrap("one two three four five six seven eight nine ten", maxWidth: 60, size: 12)
        XCTAssertGreaterThan(lines.count, 1)
        for line in lines where line.contains(" ") { XCTAssertLessThanOrEqual(TextMetrics.width(line, size: 12), 60) }
        XCTAssertEqual(lines.joined(separator: " "), "one two three four five six seven eight nine ten")
        XCTAssertGreaterThan(TextMetrics.width("Mm", size: 12, bold: true), TextMetrics.width("Mm", size: 12))
    }
}
