import Foundation
import MigstatCore
import XCTest

/// A spec leaves out what it does not need: an absent key, or one given as null, decodes as its default
/// (the synthesized decoding of `DefaultIfAbsent` and `WholeNumberIfPresent`), equal to the code's own defaults.
final class FigureSpecDefaultsTests: XCTestCase {
    private func decode<Spec: Decodable>(_ type: Spec.Type, _ json: String) throws -> Spec {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    func testAMinimalDiagramEqualsTheOneBuiltWithEveryDefault() throws {
        let decoded = try decode(DiagramSpec.self, #"{"basis": "p. 2", "nodes": [{"id": "a", "label": "A"}]}"#)
        XCTAssertEqual(decoded, DiagramSpec(nodes: [DiagramNode(id: "a", label: "A")], basis: "p. 2"))
        XCTAssertEqual([decoded.groups.count, decoded.edges.count, decoded.ranks.count], [0, 0, 0])
    }

    func testANullTakesTheDefaultAsAnAbsentKeyDoes() throws {
        let decoded = try decode(DiagramSpec.self, """
            {"basis": "", "direction": null, "acyclic": null, "groups": null, "ranks": null,
             "nodes": [{"id": "a", "label": "A", "tone": null}, {"id": "b", "label": "B"}],
             "edges": [{"from": "a", "to": "b", "style": null}]}
            """)
        XCTAssertEqual(decoded, DiagramSpec(nodes: [DiagramNode(id: "a", label: "A"), DiagramNode(id: "b", label: "B")],
                                            edges: [DiagramEdge(from: "a", to: "b")]))
    }

    func testGivenValuesAreKept() throws {
        let decoded = try decode(DiagramSpec.self, """
            {"basis": "", "direction": "LR", "acyclic": true, "ranks": [["a"]],
             "nodes": [{"id": "a", "label": "A", "tone": "key"}], "edges": [{"from": "a", "to": "a", "style": "dashed"}]}
            """)
        XCTAssertEqual(decoded.direction, .leftRight)
        XCTAssertTrue(decoded.acyclic)
        XCTAssertEqual(decoded.ranks, [["a"]])
        XCTAssertEqual(decoded.nodes[0].tone, .key)
        XCTAssertEqual(decoded.edges[0].style, .dashed)
    }

    func testAMinimalTimelineEqualsTheOneBuiltWithEveryDefault() throws {
        let decoded = try decode(TimelineSpec.self, #"{"basis": "", "end": null, "events": [{"id": "w", "label": "W", "date": "1999"}]}"#)
        XCTAssertEqual(decoded, TimelineSpec(events: [TimelineEvent(id: "w", label: "W", date: SpecDate("1999"))]))
        let given = try decode(TimelineSpec.self, """
            {"basis": "", "start": 1990, "end": 2000.0,
             "events": [{"id": "w", "label": "W", "from": "1991", "to": "1995", "ongoing": true, "tone": "muted"}]}
            """)
        XCTAssertEqual([given.start, given.end], [1990, 2000])
        XCTAssertTrue(given.events[0].ongoing)
        XCTAssertEqual(given.events[0].tone, .muted)
    }
}
