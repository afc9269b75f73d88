@testable import Diagram
import MigstatCore
import XCTest

final class DiagramChartTests: XCTestCase {
    /// A small spec with everything a diagram can hold: a group, a group edge, a labelled and a dashed edge, tones.
    let spec = DiagramSpec(acyclic: true, groups: [DiagramGroup(id: "causes", label: "Causes of the thing")], nodes: [
        DiagramNode(id: "a", label: "First cause with a rather long label", group: "causes"),
        DiagramNode(id: "b", label: "Second cause", detail: "with a smaller second paragraph", group: "causes"),
        DiagramNode(id: "c", label: "The thing", tone: .key),
        DiagramNode(id: "d", label: "What follows", tone: .outcome),
        DiagramNode(id: "e", label: "A side note", tone: .muted),
    ], edges: [
        DiagramEdge(from: "causes", to: "c"),
        DiagramEdge(from: "c", to: "d", label: "leads to"),
        DiagramEdge(from: "c", to: "e", style: .dashed),
    ])

    func chart(_ spec: DiagramSpec) -> DiagramChart {
        DiagramChart(number: "Figure 9.9", title: "A Test Diagram", sourceNote: "Source: a test.", idPrefix: "figure_9_9", spec: spec)
    }

    func testTheSameSpecGivesTheSameBytes() throws {
        XCTAssertEqual(try chart(spec).svg(), try chart(spec).svg())
    }

    func testGraphvizGetsFixedSizesAndNoText() {
        let dot = DiagramGraph(spec: spec).dot()
        XCTAssertTrue(dot.contains("fixedsize=true, label=\"\""))
        XCTAssertTrue(dot.contains("subgraph cluster_0"))
        XCTAssertTrue(dot.contains("lhead=") == false && dot.contains("ltail=cluster_0"))
        for n in spec.nodes { XCTAssertFalse(dot.contains(n.label), "Graphviz must not measure \(n.label)") }
    }

    func testEveryLabelTitleAndSourceLineIsDrawn() throws {
        let svg = try SVGElements(try chart(spec).svg())
        let text = svg.texts.joined(separator: " ")
        for n in spec.nodes { for word in n.label.split(separator: " ") { XCTAssertTrue(text.contains(word), "missing \(word)") } }
        XCTAssertTrue(text.contains("Causes of the thing"))
        XCTAssertTrue(text.contains("leads to"))
        XCTAssertTrue(text.contains("Figure 9.9 A Test Diagram"))
        XCTAssertTrue(text.contains("Source: a test."))
        XCTAssertEqual(svg.named("title").first?.attributes["id"], "figure_9_9-title")
    }

    func testBoxesLieInsideTheFigureWithoutOverlapping() throws {
        let svg = try SVGElements(try chart(spec).svg())
        let root = svg.named("svg")[0]
        let width = svg.number(root, "width"), height = svg.number(root, "height")
        // Node boxes are the rounded rects with rx=6, one per node.
        let boxes = svg.named("rect").filter { $0.attributes["rx"] == "6" }.map { r in
            (x: svg.number(r, "x"), y: svg.number(r, "y"), w: svg.number(r, "width"), h: svg.number(r, "height"))
        }
        XCTAssertEqual(boxes.count, spec.nodes.count)
        for b in boxes {
            XCTAssertTrue(b.x >= 0 && b.y >= 0 && b.x + b.w <= width && b.y + b.h <= height, "\(b) outside \(width)x\(height)")
        }
        for (i, p) in boxes.enumerated() {
            for q in boxes[(i + 1)...] {
                let apart = p.x + p.w <= q.x || q.x + q.w <= p.x || p.y + p.h <= q.y || q.y + q.h <= p.y
                XCTAssertTrue(apart, "\(p) overlaps \(q)")
            }
        }
    }

    func testTheGroupFrameHoldsItsMembersAndTheFlowRunsDown() throws {
        let svg = try SVGElements(try chart(spec).svg())
        let frame = svg.named("rect").first { $0.attributes["rx"] == "8" }!
        let members = svg.named("rect").filter { $0.attributes["rx"] == "6" }
        func top(_ e: SVGElements.Element) -> Double { svg.number(e, "y") }
        let fy = top(frame), fh = svg.number(frame, "height")
        for m in members.prefix(2) {   // a and b, drawn in declaration order
            XCTAssertTrue(top(m) > fy && top(m) + svg.number(m, "height") < fy + fh)
        }
        // Top to bottom: the group above the key node, the key node above what follows.
        XCTAssertLessThan(fy + fh, top(members[2]))
        XCTAssertLessThan(top(members[2]), top(members[3]))
    }

    func testOneArrowheadPerEdgeAndDashedEdgesAreDashed() throws {
        let svg = try SVGElements(try chart(spec).svg())
        let paths = svg.named("path")
        let heads = paths.filter { $0.attributes["fill"] == "#59636e" }
        XCTAssertEqual(heads.count, spec.edges.count)
        XCTAssertEqual(paths.filter { $0.attributes["stroke-dasharray"] != nil }.count, 1)
    }

    func testLeftToRightPutsTheFlowAcross() throws {
        var lr = spec
        lr.direction = .leftRight
        let svg = try SVGElements(try chart(lr).svg())
        let boxes = svg.named("rect").filter { $0.attributes["rx"] == "6" }
        XCTAssertLessThan(svg.number(boxes[2], "x") + svg.number(boxes[2], "width"), svg.number(boxes[3], "x"))
    }
}
