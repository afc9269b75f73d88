import MigstatCore
import Render

/// A diagram spec as a Graphviz graph: every box and label measured here and handed to Graphviz at a fixed
/// size with no text, so the layout is the same whatever fonts a machine has.
struct DiagramGraph {
    struct NodeBox { var label: [String]; var detail: [String]; var bold: Bool; var width: Double; var height: Double }
    struct LabelBox { var lines: [String]; var width: Double; var height: Double }

    static let labelFont = 12.0, labelLine = 15.0, detailFont = 10.5, detailLine = 13.0, detailGap = 3.0
    static let edgeFont = 10.5, groupFont = 11.5
    static let padX = 12.0, padY = 8.0

    let spec: DiagramSpec
    let nodeBoxes: [NodeBox]
    /// By edge index, for the edges that have a label.
    let edgeLabels: [Int: LabelBox]
    let groupLabels: [String: LabelBox]

    init(spec: DiagramSpec) {
        self.spec = spec
        let textWidth = spec.direction == .leftRight ? 170.0 : 150.0
        nodeBoxes = spec.nodes.map { n in
            let bold = n.tone == .key || n.detail != nil
            let label = TextMetrics.wrap(n.label, maxWidth: textWidth, size: DiagramGraph.labelFont, bold: bold)
            let detail = n.detail.map { TextMetrics.wrap($0, maxWidth: textWidth, size: DiagramGraph.detailFont) } ?? []
            let widest = max(label.map { TextMetrics.width($0, size: DiagramGraph.labelFont, bold: bold) }.max() ?? 0,
                             detail.map { TextMetrics.width($0, size: DiagramGraph.detailFont) }.max() ?? 0)
            let height = 2 * DiagramGraph.padY + Double(label.count) * DiagramGraph.labelLine
                + (detail.isEmpty ? 0 : DiagramGraph.detailGap + Double(detail.count) * DiagramGraph.detailLine)
            return NodeBox(label: label, detail: detail, bold: bold, width: max(72, (widest + 2 * DiagramGraph.padX).rounded(.up)), height: height.rounded(.up))
        }
        var edgeLabels: [Int: LabelBox] = [:]
        for (i, e) in spec.edges.enumerated() {
            guard let text = e.label else { continue }
            let lines = TextMetrics.wrap(text, maxWidth: 120, size: DiagramGraph.edgeFont)
            let widest = lines.map { TextMetrics.width($0, size: DiagramGraph.edgeFont) }.max() ?? 0
            edgeLabels[i] = LabelBox(lines: lines, width: (widest + 8).rounded(.up), height: Double(lines.count) * 13 + 4)
        }
        self.edgeLabels = edgeLabels
        var groupLabels: [String: LabelBox] = [:]
        for g in spec.groups {
            let lines = TextMetrics.wrap(g.label, maxWidth: 260, size: DiagramGraph.groupFont, bold: true)
            let widest = lines.map { TextMetrics.width($0, size: DiagramGraph.groupFont, bold: true) }.max() ?? 0
            groupLabels[g.id] = LabelBox(lines: lines, width: (widest + 8).rounded(.up), height: Double(lines.count) * 14 + 6)
        }
        self.groupLabels = groupLabels
    }

    static func nodeName(_ index: Int) -> String { "n\(index)" }
    static func clusterName(_ index: Int) -> String { "cluster_\(index)" }
    static func edgeName(_ index: Int) -> String { "e\(index)" }

    /// Groups with their declaration index, parents before children (the order they are drawn in).
    var groupsOutsideIn: [(Int, DiagramGroup)] {
        spec.groups.enumerated().map { ($0.offset, $0.element) }.sorted { a, b in
            let da = depth(ofGroup: a.1.id), db = depth(ofGroup: b.1.id)
            return da != db ? da < db : a.0 < b.0
        }
    }

    func depth(ofGroup id: String) -> Int {
        var depth = 0
        var next = spec.groups.first { $0.id == id }?.parent
        while let p = next, depth < spec.groups.count { depth += 1; next = spec.groups.first { $0.id == p }?.parent }
        return depth
    }

    /// The DOT text: sizes in inches (72 points each), no text anywhere, names that are indices.
    func dot() -> String {
        func inches(_ points: Double) -> String { formatFixed(points / 72, decimals: 4) }
        func spacer(_ box: LabelBox) -> String {
            "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"0\"><TR><TD FIXEDSIZE=\"TRUE\" WIDTH=\"\(Int(box.width))\" HEIGHT=\"\(Int(box.height.rounded(.up)))\"></TD></TR></TABLE>>"
        }
        let nodeIndex = Dictionary(uniqueKeysWithValues: spec.nodes.enumerated().map { ($0.element.id, $0.offset) })
        let groupIndex = Dictionary(uniqueKeysWithValues: spec.groups.enumerated().map { ($0.element.id, $0.offset) })

        var out = "digraph diagram {\n"
        out += "graph [rankdir=\(spec.direction.rawValue), ordering=out, newrank=true, compound=true, nodesep=0.45, ranksep=0.5, margin=0, pad=0];\n"
        out += "node [shape=box, fixedsize=true, label=\"\", margin=0];\n"
        out += "edge [arrowsize=0.8];\n"
        func nodeLine(_ i: Int, indent: String) -> String {
            "\(indent)\(DiagramGraph.nodeName(i)) [width=\(inches(nodeBoxes[i].width)), height=\(inches(nodeBoxes[i].height))];\n"
        }
        func cluster(_ g: Int, indent: String) -> String {
            let group = spec.groups[g]
            var s = "\(indent)subgraph \(DiagramGraph.clusterName(g)) {\n"
            s += "\(indent)  graph [label=\(spacer(groupLabels[group.id]!)), labeljust=l, labelloc=t, margin=14];\n"
            for (i, n) in spec.nodes.enumerated() where n.group == group.id { s += nodeLine(i, indent: indent + "  ") }
            for (c, child) in spec.groups.enumerated() where child.parent == group.id { s += cluster(c, indent: indent + "  ") }
            return s + "\(indent)}\n"
        }
        for (g, group) in spec.groups.enumerated() where group.parent == nil { out += cluster(g, indent: "") }
        for (i, n) in spec.nodes.enumerated() where n.group == nil { out += nodeLine(i, indent: "") }
        for (i, e) in spec.edges.enumerated() {
            var attributes = ["id=\"\(DiagramGraph.edgeName(i))\""]
            let tails = members(e.from, nodeIndex: nodeIndex), heads = members(e.to, nodeIndex: nodeIndex)
            let tail = tails[tails.count / 2], head = heads[heads.count / 2]
            if let g = groupIndex[e.from] { attributes.append("ltail=\(DiagramGraph.clusterName(g))") }
            if let g = groupIndex[e.to] { attributes.append("lhead=\(DiagramGraph.clusterName(g))") }
            if let label = edgeLabels[i] { attributes.append("label=\(spacer(label))") }
            out += "\(DiagramGraph.nodeName(tail)) -> \(DiagramGraph.nodeName(head)) [\(attributes.joined(separator: ", "))];\n"
            // One arrow stands for the whole group; unseen edges give every member the rank the arrow implies.
            for t in tails { for h in heads where (t, h) != (tail, head) {
                out += "\(DiagramGraph.nodeName(t)) -> \(DiagramGraph.nodeName(h)) [style=invis];\n"
            } }
        }
        for rank in spec.ranks {
            out += "{rank=same; " + rank.compactMap { nodeIndex[$0].map(DiagramGraph.nodeName) }.joined(separator: "; ") + ";}\n"
        }
        return out + "}\n"
    }

    /// The nodes an edge end stands for: the node itself, or every node inside the group, in declaration order.
    private func members(_ id: String, nodeIndex: [String: Int]) -> [Int] {
        if let i = nodeIndex[id] { return [i] }
        let inside = Set(spec.groups.filter { isWithin($0.id, id) }.map(\.id))
        let found = spec.nodes.indices.filter { spec.nodes[$0].group.map(inside.contains) ?? false }
        return found.isEmpty ? [0] : found
    }

    private func isWithin(_ group: String, _ ancestor: String) -> Bool {
        var next: String? = group
        var steps = 0
        while let g = next, steps <= spec.groups.count {
            if g == ancestor { return true }
            next = spec.groups.first { $0.id == g }?.parent; steps += 1
        }
        return false
    }
}
