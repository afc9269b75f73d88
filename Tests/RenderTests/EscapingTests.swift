import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import MigstatCore
import Render
import Aggregate
import XCTest

/// Text from a delivery or pipeline.json lands in CSV, Markdown, HTML and SVG: in each it must show as itself and
/// never act (a spreadsheet formula, raw HTML, an attribute of its own).
final class EscapingTests: XCTestCase {
    // MARK: CSV: the one cell rule

    func testACSVCellThatASpreadsheetWouldRunGetsALeadingQuote() {
        XCTAssertEqual(CSVText.escape("=HYPERLINK(\"http://x/\",\"y\")"), "\"'=HYPERLINK(\"\"http://x/\"\",\"\"y\"\")\"")
        XCTAssertEqual(CSVText.escape("+cmd"), "'+cmd")
        XCTAssertEqual(CSVText.escape("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0")
        XCTAssertEqual(CSVText.escape("@SUM(A1)"), "'@SUM(A1)")
        XCTAssertEqual(CSVText.escape("-"), "'-")
        XCTAssertEqual(CSVText.escape("-3e"), "'-3e")
    }

    func testNumbersAndOrdinaryTextAreWrittenAsTheyAre() {
        for number in ["-3", "+1.5", "-0.25", "-1,5", "-.5", "-1e-05", "+2E10", "0", "12"] {
            XCTAssertEqual(CSVText.escape(number), number.contains(",") ? "\"\(number)\"" : number, number)
        }
        XCTAssertEqual(CSVText.escape("Owned"), "Owned")
        XCTAssertEqual(CSVText.escape("a=b"), "a=b", "only the first character makes a formula")
        XCTAssertEqual(CSVText.escape(""), "")
        var csv = CSVText(header: ["label", "n"])
        csv.append(["=1+1", "-7"])
        XCTAssertEqual(csv.text, "label,n\n'=1+1,-7\n")
    }

    // MARK: Markdown

    func testMarkdownShowsMarkupAsText() {
        XCTAssertEqual(MarkdownText.inline("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>")
        XCTAssertEqual(MarkdownText.inline("a | b"), "a \\| b")
        XCTAssertEqual(MarkdownText.inline("C:\\dir"), "C:\\\\dir")
        XCTAssertEqual(MarkdownText.inline("`code` & *bold* [x](javascript:alert(1))"),
                       "\\`code\\` \\& \\*bold\\* \\[x\\](javascript:alert(1))")
        XCTAssertEqual(MarkdownText.inline("two\nlines\r\nhere"), "two lines here", "a line end would end the table row")
        XCTAssertEqual(MarkdownText.inline("record_id _emphasis_ a_"), "record_id \\_emphasis\\_ a\\_")
        XCTAssertEqual(MarkdownText.paragraph("# not a heading"), "\\# not a heading")
        XCTAssertEqual(MarkdownText.paragraph("- not a list"), "\\- not a list")
        XCTAssertEqual(MarkdownText.paragraph("1986. Not a list either"), "1986\\. Not a list either")
        XCTAssertEqual(MarkdownText.paragraph("    not code"), "not code")
        XCTAssertEqual(MarkdownText.paragraph("> not a quote"), "\\> not a quote")
        XCTAssertEqual(MarkdownText.paragraph("Source: a survey, 2008."), "Source: a survey, 2008.")
    }

    func testAMarkdownTableKeepsItsCellsAndShowsNoRawHTML() throws {
        let exhibit = try JSONDecoder().decode(ExhibitConfig.self, from: Data("""
            {"id": "t", "number": "Table 1", "kind": "table", "title": "Title | with <b>markup</b>",
             "source_note": "# Source <img src=x onerror=alert(1)>", "from": "s.t",
             "series": [{"id": "all", "variable": "Q"}], "layout": {"rows": "categories", "values": ["n"]}}
            """.utf8))
        func estimate(_ category: String, _ label: String, _ n: Int) -> Estimate {
            Estimate(exhibit: "t", series: "all", category: category, label: label, n: n, baseN: 16, weighted: Double(n), baseWeighted: 16,
                     percent: nil, ciLow: nil, ciHigh: nil, interval: .census)
        }
        let t = TableModel(exhibit: exhibit, estimates: [estimate("a", "<script>alert(1)</script>", 7), estimate("b", "a|b\nc", 9)])
        let md = MarkdownTableRenderer.render(t)
        XCTAssertFalse(md.contains("<script>"), md)
        let bare = zip(md.dropLast(), md.dropFirst()).filter { $0.1 == "<" && $0.0 != "\\" }
        XCTAssertTrue(bare.isEmpty && !md.hasPrefix("<"), "every < is escaped, so no tag opens: \(md)")
        XCTAssertTrue(md.contains("**Table 1 Title \\| with \\<b\\>markup\\</b\\>**"), md)
        XCTAssertTrue(md.contains("| \\<script\\>alert(1)\\</script\\> | 7 |"), md)
        XCTAssertTrue(md.contains("| a\\|b c | 9 |"), md)
        XCTAssertTrue(md.contains("\n\\# Source"), md)
        // Every row still has its cells: no escaped pipe splits one.
        let widths = Set(md.split(separator: "\n").filter { $0.hasPrefix("|") }.map { $0.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count })
        XCTAssertEqual(widths.count, 1, md)
    }

    // MARK: HTML and SVG

    func testHTMLTextDropsControlCharactersXMLForbids() {
        XCTAssertEqual(escapeHTML("a\u{1}b\u{7F}c\td\n"), "a\u{FFFD}b\u{FFFD}c\td\n")
        XCTAssertEqual(escapeHTML("\" onload=\"x\" <a> & b"), "&quot; onload=&quot;x&quot; &lt;a&gt; &amp; b")
    }

    /// An exhibit id is the figure's id prefix: it lands in `id` and `aria-labelledby` attributes.
    func testAnIdPrefixCannotAddAnAttributeToAFigure() throws {
        let spec = TimelineSpec(events: [TimelineEvent(id: "e", label: "Event \u{1} <b>", date: SpecDate("2001"))])
        let svg = TimelineChart(number: "Figure 1", title: "T", sourceNote: "S", idPrefix: "x\" onload=\"alert(1)", spec: spec).svg()
        XCTAssertFalse(svg.contains("onload=\"alert"), svg)
        let parser = XMLParser(data: Data(svg.utf8))
        let attributes = AttributeCollector()
        parser.delegate = attributes
        XCTAssertTrue(parser.parse(), "well-formed: \(String(describing: parser.parserError))")
        XCTAssertFalse(attributes.names.contains("onload"), "\(attributes.names)")
        XCTAssertTrue(attributes.values.contains("x\" onload=\"alert(1)-title"), "the id reads back as it was given")
    }
}

final class AttributeCollector: NSObject, XMLParserDelegate {
    var names: Set<String> = []
    var values: [String] = []
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        names.formUnion(attributeDict.keys)
        values += attributeDict.values
    }
}
