import CGraphviz
import Foundation

/// Positions Graphviz's `dot` engine computed for a graph, in its coordinates (points, y pointing up).
struct GraphLayout {
    struct Point: Equatable { var x: Double; var y: Double }
    struct Rect: Equatable { var minX: Double; var minY: Double; var maxX: Double; var maxY: Double }
    struct Edge: Equatable {
        /// Cubic Bézier control points: the first point, then three per segment.
        var spline: [Point]
        /// Where the arrowhead at the head ends, when there is one.
        var arrowTip: Point?
        var labelCenter: Point?
    }
    struct Cluster: Equatable { var bounds: Rect; var labelCenter: Point? }

    var bounds: Rect
    /// By node name.
    var nodes: [String: Point]
    /// By the edge's `id` attribute.
    var edges: [String: Edge]
    /// By subgraph name (`cluster_…`).
    var clusters: [String: Cluster]
}

struct GraphvizError: Error, CustomStringConvertible {
    var description: String
}

/// The only user of Graphviz's C library: parses a DOT graph, lays it out with `dot`, and reads back the
/// positions. The caller sizes every node and label itself (fixed sizes, no text for Graphviz to measure),
/// so the layout does not depend on the fonts installed on the machine.
enum GraphvizLayout {
    /// Graphviz keeps global state; one layout at a time.
    private static let lock = NSLock()

    static func layout(dot: String) throws -> GraphLayout {
        lock.lock()
        defer { lock.unlock() }
        _ = agseterr(AGERR)   // warnings would go to stderr; the caller's input is generated and checked
        guard let gvc = gvContext() else { throw GraphvizError(description: "cannot create a Graphviz context") }
        defer { gvFreeContext(gvc) }
        guard let graph = dot.withCString({ agmemread($0) }) else {
            throw GraphvizError(description: "Graphviz could not parse the generated graph")
        }
        defer { agclose(graph) }
        guard gvLayout(gvc, graph, "dot") == 0 else { throw GraphvizError(description: "Graphviz's dot layout failed") }
        defer { gvFreeLayout(gvc, graph) }
        attach_attrs(graph)

        guard let bounds = rect(attribute(graph, "bb")) else { throw GraphvizError(description: "Graphviz returned no bounding box") }
        var nodes: [String: GraphLayout.Point] = [:]
        var edges: [String: GraphLayout.Edge] = [:]
        var node = agfstnode(graph)
        while let n = node {
            let name = String(cString: agnameof(n))
            if let p = point(attribute(n, "pos")) { nodes[name] = p }
            var edge = agfstout(graph, n)
            while let e = edge {
                if let id = attribute(e, "id"), !id.isEmpty, let parsed = spline(attribute(e, "pos")) {
                    edges[id] = GraphLayout.Edge(spline: parsed.points, arrowTip: parsed.end, labelCenter: point(attribute(e, "lp")))
                }
                edge = agnxtout(graph, e)
            }
            node = agnxtnode(graph, n)
        }
        var clusters: [String: GraphLayout.Cluster] = [:]
        func collect(_ parent: UnsafeMutablePointer<Agraph_t>) {
            var sub = agfstsubg(parent)
            while let s = sub {
                let name = String(cString: agnameof(s))
                if name.hasPrefix("cluster"), let bb = rect(attribute(s, "bb")) {
                    clusters[name] = GraphLayout.Cluster(bounds: bb, labelCenter: point(attribute(s, "lp")))
                }
                collect(s)
                sub = agnxtsubg(s)
            }
        }
        collect(graph)
        return GraphLayout(bounds: bounds, nodes: nodes, edges: edges, clusters: clusters)
    }

    private static func attribute(_ object: UnsafeMutableRawPointer, _ name: String) -> String? {
        name.withCString { key in agget(object, UnsafeMutablePointer(mutating: key)).map { String(cString: $0) } }
    }
    private static func attribute<T>(_ object: UnsafeMutablePointer<T>, _ name: String) -> String? {
        attribute(UnsafeMutableRawPointer(object), name)
    }

    static func numbers(_ text: Substring) -> [Double] { text.split(separator: ",").compactMap { Double($0) } }

    static func point(_ text: String?) -> GraphLayout.Point? {
        guard let text else { return nil }
        let v = numbers(text[...])
        return v.count == 2 ? GraphLayout.Point(x: v[0], y: v[1]) : nil
    }

    static func rect(_ text: String?) -> GraphLayout.Rect? {
        guard let text else { return nil }
        let v = numbers(text[...])
        return v.count == 4 ? GraphLayout.Rect(minX: v[0], minY: v[1], maxX: v[2], maxY: v[3]) : nil
    }

    /// Parses an edge's `pos`: "e,x,y" (arrow tip), optional "s,x,y", then the control points.
    static func spline(_ text: String?) -> (points: [GraphLayout.Point], end: GraphLayout.Point?)? {
        guard let text, let first = text.split(separator: ";").first else { return nil }
        var points: [GraphLayout.Point] = []
        var end: GraphLayout.Point?
        for token in first.split(separator: " ") {
            if token.hasPrefix("e,") {
                let v = numbers(token.dropFirst(2)); if v.count == 2 { end = .init(x: v[0], y: v[1]) }
            } else if token.hasPrefix("s,") {
                continue
            } else {
                let v = numbers(token); if v.count == 2 { points.append(.init(x: v[0], y: v[1])) }
            }
        }
        return points.count >= 4 ? (points, end) : nil
    }
}
