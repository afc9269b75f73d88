import MigstatCore
import Render

/// A diagram of boxes, arrows and framed groups as a self-contained SVG. Every box and label is sized here from
/// its text; Graphviz places them (`DiagramGraph` → `GraphvizLayout`), and the drawing is ours, in the style of
/// the other figures: numbered title above, source line below.
public struct DiagramChart {
    public var number: String
    public var title: String
    public var sourceNote: String
    public var idPrefix: String
    public var spec: DiagramSpec

    static let minWidth = 640.0
    static let clusterInset = 5.0
    static let margin = 24.0

    public init(number: String, title: String, sourceNote: String, idPrefix: String, spec: DiagramSpec) {
        self.number = number; self.title = title; self.sourceNote = sourceNote; self.idPrefix = idPrefix; self.spec = spec
    }

    /// Lays the diagram out with Graphviz and draws it; throws only if Graphviz fails.
    public func svg() throws -> String {
        let graph = DiagramGraph(spec: spec)
        let layout: GraphLayout
        do { layout = try GraphvizLayout.layout(dot: graph.dot()) } catch let e as GraphvizError {
            throw MigstatError.output(path: "figures/\(idPrefix).svg", message: e.description)
        }
        let b = layout.bounds
        let graphWidth = b.maxX - b.minX, graphHeight = b.maxY - b.minY
        let width = max(DiagramChart.minWidth, graphWidth + 2 * DiagramChart.margin)
        let left = (width - graphWidth) / 2
        let f = SVGStyle.f

        return SVGStyle.frame(width: width.rounded(.up), number: number, title: title, sourceNote: sourceNote, idPrefix: idPrefix,
                              bodyHeight: graphHeight + 16) { top in
            func x(_ gx: Double) -> Double { left + gx - b.minX }
            func y(_ gy: Double) -> Double { top + 8 + b.maxY - gy }
            var s = ""
            var groupLabels = ""
            for (index, group) in graph.groupsOutsideIn {
                guard let cluster = layout.clusters[DiagramGraph.clusterName(index)] else { continue }
                // Graphviz packs neighbouring clusters edge to edge; drawing each frame a little inside its box
                // leaves a gap between them.
                let inset = DiagramChart.clusterInset
                let b = cluster.bounds
                let r = GraphLayout.Rect(minX: b.minX + inset, minY: b.minY + inset, maxX: b.maxX - inset, maxY: b.maxY - inset)
                let fill = graph.depth(ofGroup: group.id) % 2 == 0 ? SVGStyle.groupFill : "#ffffff"
                s += "<rect x=\"\(f(x(r.minX)))\" y=\"\(f(y(r.maxY)))\" width=\"\(f(r.maxX - r.minX))\" height=\"\(f(r.maxY - r.minY))\" rx=\"8\""
                    + " fill=\"\(fill)\" stroke=\"\(SVGStyle.groupStroke)\" stroke-width=\"1\"/>\n"
                // Labels go on top of the arrows, on the group's own fill, so an arrow passes under them.
                let box = graph.groupLabels[group.id]!
                let labelLeft = x(r.minX) + 10
                let labelTop = max(y(r.maxY) + 5, cluster.labelCenter.map { y($0.y) - box.height / 2 } ?? 0)
                groupLabels += "<rect x=\"\(f(labelLeft - 3))\" y=\"\(f(labelTop))\" width=\"\(f(box.width))\" height=\"\(f(box.height - 2))\" fill=\"\(fill)\"/>\n"
                groupLabels += SVGStyle.textLines(box.lines, x: labelLeft, y: labelTop + 12, size: DiagramGraph.groupFont, lineHeight: 14,
                                                  anchor: "start", bold: true, fill: "#3b4a59")
            }
            /// An end's box in page coordinates: a node's box, or a group's frame.
            func box(_ id: String) -> Box? {
                if let i = spec.nodes.firstIndex(where: { $0.id == id }), let c = layout.nodes[DiagramGraph.nodeName(i)] {
                    let b = graph.nodeBoxes[i]
                    return Box(minX: x(c.x) - b.width / 2, minY: y(c.y) - b.height / 2, maxX: x(c.x) + b.width / 2, maxY: y(c.y) + b.height / 2)
                }
                guard let g = spec.groups.firstIndex(where: { $0.id == id }), let r = layout.clusters[DiagramGraph.clusterName(g)]?.bounds else { return nil }
                let inset = DiagramChart.clusterInset
                return Box(minX: x(r.minX) + inset, minY: y(r.maxY) + inset, maxX: x(r.maxX) - inset, maxY: y(r.minY) - inset)
            }
            for (index, edge) in spec.edges.enumerated() {
                guard let drawn = layout.edges[DiagramGraph.edgeName(index)] else { continue }
                var labelCenter = drawn.labelCenter.map { (x($0.x), y($0.y)) }
                let touchesGroup = spec.groups.contains { $0.id == edge.from || $0.id == edge.to }
                if touchesGroup, let tail = box(edge.from), let head = box(edge.to) {
                    // Graphviz routes a group's arrow to one member; a straight arrow to the frame reads better.
                    let (a, b) = self.anchors(tail, head)
                    s += self.arrowSVG(from: a, to: b, style: edge.style)
                    labelCenter = ((a.0 + b.0) / 2, (a.1 + b.1) / 2)
                } else {
                    s += self.edgeSVG(drawn, edge: edge, x: x, y: y)
                }
                if let label = graph.edgeLabels[index], let (cx, cy) = labelCenter {
                    s += "<rect x=\"\(f(cx - label.width / 2))\" y=\"\(f(cy - label.height / 2))\" width=\"\(f(label.width))\" height=\"\(f(label.height))\" fill=\"#ffffff\" opacity=\"0.85\"/>\n"
                    s += SVGStyle.textLines(label.lines, x: cx, y: cy - label.height / 2 + 11.5, size: DiagramGraph.edgeFont, lineHeight: 13,
                                            italic: true, fill: "#444")
                }
            }
            s += groupLabels
            for (index, node) in spec.nodes.enumerated() {
                guard let c = layout.nodes[DiagramGraph.nodeName(index)] else { continue }
                s += self.nodeSVG(node, box: graph.nodeBoxes[index], center: (x(c.x), y(c.y)))
            }
            return s
        }
    }

    private func nodeSVG(_ node: DiagramNode, box: DiagramGraph.NodeBox, center: (Double, Double)) -> String {
        let f = SVGStyle.f
        let (fill, stroke, text, detailColor, dash): (String, String, String, String, String) = {
            switch node.tone {
            case .plain: return ("#ffffff", "#7d8b99", SVGStyle.ink, "#444444", "")
            case .key: return (SVGStyle.accent, SVGStyle.accent, "#ffffff", "#e3ebf3", "")
            case .outcome: return (SVGStyle.outcomeLight, SVGStyle.outcome, SVGStyle.ink, "#444444", "")
            case .muted: return ("#f3f3f3", "#9aa3ab", "#555555", "#666666", " stroke-dasharray=\"4 3\"")
            }
        }()
        let (cx, cy) = center
        var s = "<g><title>\(escapeHTML(node.label + (node.detail.map { ": " + $0 } ?? "")))</title>"
        s += "<rect x=\"\(f(cx - box.width / 2))\" y=\"\(f(cy - box.height / 2))\" width=\"\(f(box.width))\" height=\"\(f(box.height))\" rx=\"6\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"1.2\"\(dash)/>\n"
        var ty = cy - box.height / 2 + DiagramGraph.padY + 11.5
        s += SVGStyle.textLines(box.label, x: cx, y: ty, size: DiagramGraph.labelFont, lineHeight: DiagramGraph.labelLine, bold: box.bold, fill: text)
        ty += Double(box.label.count) * DiagramGraph.labelLine + DiagramGraph.detailGap
        s += SVGStyle.textLines(box.detail, x: cx, y: ty, size: DiagramGraph.detailFont, lineHeight: DiagramGraph.detailLine, fill: detailColor)
        return s + "</g>\n"
    }

    struct Box { var minX, minY, maxX, maxY: Double; var midX: Double { (minX + maxX) / 2 }; var midY: Double { (minY + maxY) / 2 } }

    /// Where a straight arrow between two boxes leaves and arrives: facing sides along the rank direction,
    /// at the other box's centre where the side allows.
    func anchors(_ tail: Box, _ head: Box) -> ((Double, Double), (Double, Double)) {
        func clamp(_ v: Double, _ lo: Double, _ hi: Double) -> Double { lo > hi ? (lo + hi) / 2 : min(max(v, lo), hi) }
        /// Along the sides: one shared coordinate (a straight arrow) when the boxes overlap across the flow.
        func across(_ t: (lo: Double, hi: Double, mid: Double), _ h: (lo: Double, hi: Double, mid: Double), inset: Double) -> (Double, Double) {
            let lo = max(t.lo, h.lo) + inset, hi = min(t.hi, h.hi) - inset
            if lo <= hi {
                let smaller = (t.hi - t.lo) < (h.hi - h.lo) ? t.mid : h.mid
                let v = clamp(smaller, lo, hi)
                return (v, v)
            }
            // Off to one side: land well inside the side, clear of the corner (and of a group's label).
            let far = 3 * inset
            return (clamp(h.mid, t.lo + far, t.hi - far), clamp(t.mid, h.lo + far, h.hi - far))
        }
        if spec.direction == .topDown {
            let down = head.minY >= tail.maxY
            let (tx, hx) = across((tail.minX, tail.maxX, tail.midX), (head.minX, head.maxX, head.midX), inset: 20)
            return ((tx, down ? tail.maxY : tail.minY), (hx, down ? head.minY : head.maxY))
        }
        let right = head.minX >= tail.maxX
        let (ty, hy) = across((tail.minY, tail.maxY, tail.midY), (head.minY, head.maxY, head.midY), inset: 10)
        return ((right ? tail.maxX : tail.minX, ty), (right ? head.minX : head.maxX, hy))
    }

    private func arrowSVG(from a: (Double, Double), to b: (Double, Double), style: DiagramEdge.Style) -> String {
        let f = SVGStyle.f
        let dx = b.0 - a.0, dy = b.1 - a.1
        let length = max(0.001, (dx * dx + dy * dy).squareRoot())
        let ux = dx / length, uy = dy / length
        let base = (b.0 - ux * 8, b.1 - uy * 8)
        let dash = style == .dashed ? " stroke-dasharray=\"5 4\"" : ""
        var s = "<path d=\"M\(f(a.0)) \(f(a.1))L\(f(base.0)) \(f(base.1))\" fill=\"none\" stroke=\"#59636e\" stroke-width=\"1.3\"\(dash)/>\n"
        s += "<path d=\"M\(f(b.0)) \(f(b.1))L\(f(base.0 - uy * 3.6)) \(f(base.1 + ux * 3.6))L\(f(base.0 + uy * 3.6)) \(f(base.1 - ux * 3.6))Z\" fill=\"#59636e\"/>\n"
        return s
    }

    private func edgeSVG(_ e: GraphLayout.Edge, edge: DiagramEdge, x: (Double) -> Double, y: (Double) -> Double) -> String {
        let f = SVGStyle.f
        let p = e.spline
        var d = "M\(f(x(p[0].x))) \(f(y(p[0].y)))"
        var i = 1
        while i + 2 < p.count {
            d += "C\(f(x(p[i].x))) \(f(y(p[i].y))) \(f(x(p[i + 1].x))) \(f(y(p[i + 1].y))) \(f(x(p[i + 2].x))) \(f(y(p[i + 2].y)))"
            i += 3
        }
        let dash = edge.style == .dashed ? " stroke-dasharray=\"5 4\"" : ""
        var s = "<path d=\"\(d)\" fill=\"none\" stroke=\"#59636e\" stroke-width=\"1.3\"\(dash)/>\n"
        if let tip = e.arrowTip, let last = p.last {
            // The arrowhead runs from the spline's last point to the tip Graphviz left room for.
            let tx = x(tip.x), ty = y(tip.y), bx = x(last.x), by = y(last.y)
            let dx = tx - bx, dy = ty - by
            let length = max(0.001, (dx * dx + dy * dy).squareRoot())
            let nx = -dy / length * 3.6, ny = dx / length * 3.6
            s += "<path d=\"M\(f(tx)) \(f(ty))L\(f(bx + nx)) \(f(by + ny))L\(f(bx - nx)) \(f(by - ny))Z\" fill=\"#59636e\"/>\n"
        }
        return s
    }
}
