import Foundation
import MigstatCore
import XCTest

/// A spec is hand-written study material: every mistake must come back as one clear line naming the spec
/// file and the JSON path of the offending value.
final class FigureSpecValidationTests: XCTestCase {
    private func diagram(_ json: String) throws -> FigureSpec {
        try FigureSpecLoader.decode(Data(json.utf8), kind: .diagram, file: "study/figures/test.json")
    }
    private func timeline(_ json: String) throws -> FigureSpec {
        try FigureSpecLoader.decode(Data(json.utf8), kind: .timeline, file: "study/figures/test.json")
    }
    /// The error as printed: `file:line:column: $.path: message`.
    private func located(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return String(describing: error) }
    }
    /// The error without its line and column (checked to be there), for tests of the path and message.
    private func message(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> String {
        let text = located(body)
        guard text != "no error" else { return text }
        guard let r = text.range(of: #"^study/figures/test\.json:[0-9]+:[0-9]+: "#, options: .regularExpression) else {
            XCTFail("no line and column in: \(text)", file: file, line: line)
            return text
        }
        return "study/figures/test.json: " + text[r.upperBound...]
    }

    func testAValidDiagramDecodesWithItsDefaults() throws {
        let spec = try diagram("""
        {"basis": "p. 1", "groups": [{"id": "g", "label": "Group"}],
         "nodes": [{"id": "a", "label": "A", "group": "g"}, {"id": "b", "label": "B", "tone": "outcome"}],
         "edges": [{"from": "g", "to": "b", "label": "leads to"}]}
        """)
        guard case let .diagram(d) = spec else { return XCTFail("expected a diagram") }
        XCTAssertEqual(d.direction, .topDown)
        XCTAssertFalse(d.acyclic)
        XCTAssertEqual(d.nodes.map(\.tone), [.plain, .outcome])
        XCTAssertEqual(d.edges.first?.style, .solid)
    }

    func testAnEdgeToAnUnknownNodeNamesTheFileThePathAndTheKnownNodes() {
        let m = message { try diagram(#"{"basis": "", "nodes": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}], "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}]}"#) }
        XCTAssertEqual(m, #"study/figures/test.json: $.edges[1].to: no node or group "c"; nodes are a, b"#)
    }

    func testACycleInAnAcyclicDiagramIsReportedAtTheEdgeThatClosesIt() {
        let m = message { try diagram("""
        {"basis": "", "acyclic": true, "nodes": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}],
         "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}, {"from": "c", "to": "a"}]}
        """) }
        XCTAssertEqual(m, #"study/figures/test.json: $.edges[2]: closes the cycle c → a → b → c, but the spec declares "acyclic": true"#)
    }

    func testACycleThroughAGroupCounts() {
        let m = message { try diagram("""
        {"basis": "", "acyclic": true, "groups": [{"id": "g", "label": "G"}],
         "nodes": [{"id": "a", "label": "A"}, {"id": "b", "label": "B", "group": "g"}],
         "edges": [{"from": "a", "to": "g"}, {"from": "b", "to": "a"}]}
        """) }
        XCTAssertTrue(m.hasPrefix("study/figures/test.json: $.edges[1]: closes the cycle b → a → b"), m)
    }

    func testACycleIsAllowedWhenTheSpecDoesNotForbidIt() throws {
        XCTAssertNoThrow(try diagram(#"{"basis": "", "nodes": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}], "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "a"}]}"#))
    }

    /// Specs are read by the same strict reader as pipeline.json: a syntax error at its line and column, a key twice.
    func testASyntaxErrorNamesItsLineAndColumnAndADuplicateKeyIsAnError() {
        XCTAssertEqual(located { try diagram("{\"basis\": \"\",\n \"nodes\": [{\"id\": \"a\" \"label\": \"A\"}]}") },
                       #"study/figures/test.json:2:23: $.nodes[0]: expected ',' or '}' after an object member, found '"'"#)
        XCTAssertEqual(located { try diagram(#"{"basis": "", "nodes": [{"id": "a", "label": "A", "label": "B"}]}"#) },
                       #"study/figures/test.json:1:51: $.nodes[0].label: duplicate key "label": also at line 1, column 37"#)
    }

    func testAnErrorNamesTheLineAndColumnOfItsValue() {
        XCTAssertEqual(located { try diagram("{\"basis\": \"\",\n \"nodes\": [{\"id\": \"a\", \"label\": \"A\", \"tone\": \"loud\"}]}") }.prefix(46),
                       "study/figures/test.json:2:46: $.nodes[0].tone:")
        XCTAssertEqual(located { try diagram("{\"basis\": \"\",\n \"nodes\": [{\"id\": \"a\", \"lable\": \"A\"}]}") },
                       #"study/figures/test.json:2:33: $.nodes[0].lable: unknown key; did you mean "label"?"#)
    }

    func testMisspeltKeysUnknownGroupsAndDuplicatesAreErrors() {
        XCTAssertEqual(message { try diagram(#"{"basis": "", "nodes": [{"id": "a", "lable": "A"}]}"#) },
                       #"study/figures/test.json: $.nodes[0].lable: unknown key; did you mean "label"?"#)
        XCTAssertEqual(message { try diagram(#"{"basis": "", "nodes": [{"id": "a", "label": "A", "group": "x"}]}"#) },
                       #"study/figures/test.json: $.nodes[0].group: no group "x" (the spec declares no groups)"#)
        XCTAssertEqual(message { try diagram(#"{"basis": "", "nodes": [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]}"#) },
                       #"study/figures/test.json: $.nodes[1].id: duplicate node id "a""#)
        XCTAssertEqual(message { try diagram(#"{"basis": "", "nodes": [{"id": "a", "label": "A", "tone": "loud"}]}"#) }.prefix(40),
                       "study/figures/test.json: $.nodes[0].tone")
        XCTAssertEqual(message { try diagram(#"{"basis": "", "groups": [{"id": "g", "label": "G"}], "nodes": [{"id": "a", "label": "A"}]}"#) },
                       #"study/figures/test.json: $.groups[0]: group "g" has no node inside it"#)
        XCTAssertEqual(message { try diagram(#"{"nodes": [{"id": "a", "label": "A"}]}"#) },
                       #"study/figures/test.json: $: missing key "basis""#)
    }

    func testAnEdgeBetweenAGroupAndItsOwnMemberIsAnError() {
        let m = message { try diagram(#"{"basis": "", "groups": [{"id": "g", "label": "G"}], "nodes": [{"id": "a", "label": "A", "group": "g"}], "edges": [{"from": "g", "to": "a"}]}"#) }
        XCTAssertEqual(m, #"study/figures/test.json: $.edges[0]: an edge between group and something inside it ("g" and "a")"#)
    }

    func testATimelineChecksItsDates() throws {
        let spec = try timeline(#"{"basis": "", "events": [{"id": "w", "label": "Wave", "from": "1991", "to": "1995-06"}, {"id": "d", "label": "Law", "date": "2002-07-25"}]}"#)
        guard case let .timeline(t) = spec else { return XCTFail("expected a timeline") }
        XCTAssertEqual(t.events[0].dateText, "1991–June 1995")
        XCTAssertEqual(t.events[1].dateText, "25 July 2002")
        XCTAssertEqual(message { try timeline(#"{"basis": "", "events": [{"id": "w", "label": "W", "from": "1999", "to": "1995"}]}"#) },
                       #"study/figures/test.json: $.events[0].to: "1995" is before from "1999""#)
        XCTAssertEqual(message { try timeline(#"{"basis": "", "events": [{"id": "w", "label": "W", "date": "2014-13"}]}"#) },
                       #"study/figures/test.json: $.events[0].date: expected a date "yyyy", "yyyy-mm" or "yyyy-mm-dd", found "2014-13""#)
        XCTAssertEqual(message { try timeline(#"{"basis": "", "events": [{"id": "w", "label": "W", "from": "1999"}]}"#) },
                       #"study/figures/test.json: $.events[0]: a period needs "to" as well as "from""#)
        XCTAssertEqual(message { try timeline(#"{"basis": "", "start": 2000, "events": [{"id": "w", "label": "W", "date": "1999"}]}"#) },
                       #"study/figures/test.json: $.events[0].date: "1999" is before the axis start 2000"#)
    }

    /// The axis draws a band per year: a start or end that is not a four-digit year is an error, not a huge loop.
    func testATimelinesAxisYearsAreFourDigitYears() {
        let events = #""events": [{"id": "w", "label": "W", "date": "1999"}]"#
        XCTAssertEqual(message { try timeline(#"{"basis": "", "start": -1000000000, \#(events)}"#) },
                       "study/figures/test.json: $.start: expected a year of four digits, found -1000000000")
        XCTAssertEqual(message { try timeline(#"{"basis": "", "end": 1000000000000, \#(events)}"#) },
                       "study/figures/test.json: $.end: expected a year of four digits, found 1000000000000")
        XCTAssertEqual(message { try timeline(#"{"basis": "", "start": 1990.5, \#(events)}"#) },
                       "study/figures/test.json: $.start: expected a whole number, found 1990.5")
        XCTAssertEqual(message { try timeline(#"{"basis": "", "start": 1990, "end": 2000, \#(events)}"#) }, "no error")
    }
}
