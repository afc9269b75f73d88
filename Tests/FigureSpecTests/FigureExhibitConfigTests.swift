import Foundation
import MigstatCore
import XCTest

/// Diagrams and timelines are exhibits of pipeline.json like the others: declared there, their spec files
/// read and checked when the configuration loads, before any stage runs.
final class FigureExhibitConfigTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-figure-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("study/figures"), withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func config(exhibit: String) -> String {
        """
        {"version": 1, "study": {"title": "T", "published_values": "p.csv",
           "contents": [{"number": "Figure 1.1", "title": "Flow", "page": 3}]},
         "sources": [], "exhibits": [\(exhibit)]}
        """
    }
    private func load(_ json: String) throws -> PipelineConfig {
        let path = directory.appendingPathComponent("pipeline.json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return try ConfigLoader.load(path: path)
    }
    private func writeSpec(_ json: String) throws {
        try json.write(to: directory.appendingPathComponent("study/figures/f.json"), atomically: true, encoding: .utf8)
    }
    private func message(_ body: () throws -> Any) -> String {
        // The error names the config file given, and the line and column; these tests only look at what follows.
        do { _ = try body(); return "no error" } catch {
            let text = String(describing: error)
            guard let r = text.range(of: #"/pipeline\.json:[0-9]+:[0-9]+: "#, options: .regularExpression) else { return text }
            return "pipeline.json: " + text[r.upperBound...]
        }
    }

    func testADiagramExhibitLoadsItsSpecRelativeToTheConfig() throws {
        try writeSpec(#"{"basis": "p. 3", "nodes": [{"id": "a", "label": "A"}]}"#)
        let c = try load(config(exhibit: #"{"id": "figure_1_1", "number": "Figure 1.1", "kind": "diagram", "title": "Flow", "source_note": "S.", "spec": "study/figures/f.json"}"#))
        XCTAssertEqual(c.exhibits[0].kind, .diagram)
        XCTAssertEqual(c.study.contents, [ContentsEntry(number: "Figure 1.1", title: "Flow", page: 3)])
        guard case let .diagram(d)? = c.exhibits[0].figure else { return XCTFail("spec not attached") }
        XCTAssertEqual(d.nodes.map(\.id), ["a"])
    }

    func testABadSpecStopsLoadingWithItsFileAndPath() throws {
        try writeSpec(#"{"basis": "", "nodes": [{"id": "a", "label": "A"}], "edges": [{"from": "a", "to": "z"}]}"#)
        let m = message { try load(config(exhibit: #"{"id": "figure_1_1", "number": "Figure 1.1", "kind": "diagram", "title": "Flow", "source_note": "S.", "spec": "study/figures/f.json"}"#)) }
        XCTAssertEqual(m, #"study/figures/f.json:1:83: $.edges[0].to: no node or group "z"; nodes are a"#)
    }

    func testAMissingSpecOrDataKeysOnADiagramAreConfigErrors() throws {
        XCTAssertEqual(message { try load(config(exhibit: #"{"id": "f", "number": "Figure 1.1", "kind": "timeline", "title": "T", "source_note": "S."}"#)) },
                       #"pipeline.json: $.exhibits[0].spec: a timeline needs "spec": the path of its spec file"#)
        XCTAssertEqual(message { try load(config(exhibit: #"{"id": "f", "number": "Figure 1.1", "kind": "diagram", "title": "T", "source_note": "S.", "spec": "study/figures/none.json"}"#)) },
                       #"pipeline.json: $.exhibits[0].spec: no such file "study/figures/none.json""#)
        try writeSpec(#"{"basis": "", "nodes": [{"id": "a", "label": "A"}]}"#)
        XCTAssertEqual(message { try load(config(exhibit: #"{"id": "f", "number": "Figure 1.1", "kind": "diagram", "title": "T", "source_note": "S.", "spec": "study/figures/f.json", "from": "x.y"}"#)) },
                       #"pipeline.json: $.exhibits[0].from: a diagram is drawn from its spec, not computed from data"#)
    }

    func testTheStudyListsNoExhibitTwice() {
        let json = #"{"version": 1, "study": {"title": "T", "published_values": "p.csv", "contents": [{"number": "Table 1.1", "title": "A"}, {"number": "Table 1.1", "title": "B"}]}, "sources": [], "exhibits": []}"#
        XCTAssertEqual(message { try load(json) }, #"pipeline.json: $.study.contents[1].number: "Table 1.1" is listed twice"#)
    }
}
