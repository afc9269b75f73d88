/// Checks a figure spec beyond its JSON shape: ids are unique, every name points at something declared,
/// and a diagram that declares itself acyclic has no cycle. Errors name the spec file and the JSON path.
struct FigureSpecValidator {
    let file: String

    func validate(_ spec: DiagramSpec) throws {
        if spec.nodes.isEmpty { throw fail("$.nodes", "expected at least one node") }
        var groupIds = Set<String>()
        for (i, g) in spec.groups.enumerated() {
            try checkId(g.id, path: "$.groups[\(i)].id")
            guard groupIds.insert(g.id).inserted else { throw fail("$.groups[\(i)].id", "duplicate group id \"\(g.id)\"") }
        }
        for (i, g) in spec.groups.enumerated() {
            guard let parent = g.parent else { continue }
            guard groupIds.contains(parent) else { throw fail("$.groups[\(i)].parent", unknown("group", parent, groupIds)) }
            var seen: Set<String> = [g.id]
            var next: String? = parent
            while let p = next {
                guard seen.insert(p).inserted else { throw fail("$.groups[\(i)].parent", "groups inside each other in a circle: \(g.id) is inside itself") }
                next = spec.groups.first { $0.id == p }?.parent
            }
        }
        var nodeIds = Set<String>()
        for (i, n) in spec.nodes.enumerated() {
            try checkId(n.id, path: "$.nodes[\(i)].id")
            if groupIds.contains(n.id) { throw fail("$.nodes[\(i)].id", "\"\(n.id)\" is already a group id") }
            guard nodeIds.insert(n.id).inserted else { throw fail("$.nodes[\(i)].id", "duplicate node id \"\(n.id)\"") }
            if n.label.trimmingSpaces.isEmpty { throw fail("$.nodes[\(i)].label", "expected a label") }
            if let g = n.group, !groupIds.contains(g) { throw fail("$.nodes[\(i)].group", unknown("group", g, groupIds)) }
        }
        let members = memberships(spec)
        for (i, g) in spec.groups.enumerated() where !(members[g.id] ?? []).contains(where: nodeIds.contains) {
            throw fail("$.groups[\(i)]", "group \"\(g.id)\" has no node inside it")
        }
        for (i, e) in spec.edges.enumerated() {
            for (key, end) in [("from", e.from), ("to", e.to)] where !nodeIds.contains(end) && !groupIds.contains(end) {
                throw fail("$.edges[\(i)].\(key)", "no node or group \"\(end)\"; nodes are \(nodeIds.sorted().joined(separator: ", "))"
                           + (groupIds.isEmpty ? "" : "; groups are \(groupIds.sorted().joined(separator: ", "))"))
            }
            if e.from == e.to { throw fail("$.edges[\(i)]", "an edge from \"\(e.from)\" to itself") }
            if members[e.from]?.contains(e.to) == true || members[e.to]?.contains(e.from) == true {
                throw fail("$.edges[\(i)]", "an edge between group and something inside it (\"\(e.from)\" and \"\(e.to)\")")
            }
        }
        for (r, rank) in spec.ranks.enumerated() {
            for (i, id) in rank.enumerated() where !nodeIds.contains(id) { throw fail("$.ranks[\(r)][\(i)]", unknown("node", id, nodeIds)) }
        }
        if spec.acyclic, let (edge, cycle) = firstCycle(spec, members: members) {
            throw fail("$.edges[\(edge)]", "closes the cycle \(cycle.joined(separator: " → ")), but the spec declares \"acyclic\": true")
        }
    }

    func validate(_ spec: TimelineSpec) throws {
        if spec.events.isEmpty { throw fail("$.events", "expected at least one event") }
        // Years of four digits, as dates are written: the axis draws one band per year.
        for (key, year) in [("start", spec.start), ("end", spec.end)] {
            if let year, !(0...9999).contains(year) { throw fail("$.\(key)", "expected a year of four digits, found \(year)") }
        }
        if let s = spec.start, let e = spec.end, s >= e { throw fail("$.end", "expected a year after start \(s), found \(e)") }
        var ids = Set<String>()
        for (i, ev) in spec.events.enumerated() {
            let p = "$.events[\(i)]"
            try checkId(ev.id, path: "\(p).id")
            guard ids.insert(ev.id).inserted else { throw fail("\(p).id", "duplicate event id \"\(ev.id)\"") }
            if ev.label.trimmingSpaces.isEmpty { throw fail("\(p).label", "expected a label") }
            switch (ev.date, ev.from, ev.to) {
            case let (date?, nil, nil):
                if ev.ongoing { throw fail("\(p).ongoing", "only a period (from, to) can go on") }
                try checkOnAxis(date, spec, path: "\(p).date")
            case let (nil, from?, to?):
                if to < from { throw fail("\(p).to", "\"\(to.display)\" is before from \"\(from.display)\"") }
                try checkOnAxis(from, spec, path: "\(p).from")
                try checkOnAxis(to, spec, path: "\(p).to")
            case (nil, _?, nil): throw fail(p, "a period needs \"to\" as well as \"from\"")
            case (nil, nil, _?): throw fail(p, "a period needs \"from\" as well as \"to\"")
            case (nil, nil, nil): throw fail(p, "expected \"date\", or \"from\" and \"to\"")
            default: throw fail(p, "expected either \"date\" or \"from\" and \"to\", not both")
            }
        }
    }

    private func checkOnAxis(_ d: SpecDate, _ spec: TimelineSpec, path: String) throws {
        if let s = spec.start, d.year < s { throw fail(path, "\"\(d.display)\" is before the axis start \(s)") }
        if let e = spec.end, d.year > e { throw fail(path, "\"\(d.display)\" is after the axis end \(e)") }
    }

    private func checkId(_ id: String, path: String) throws {
        let ok = !id.isEmpty && id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
        if !ok { throw fail(path, "expected an id of letters, digits, _ or -, found \"\(id)\"") }
    }

    /// Group id → every node and group drawn inside it, however deep.
    private func memberships(_ spec: DiagramSpec) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        func ancestors(ofGroup g: String?) -> [String] {
            var list: [String] = []
            var next = g
            while let id = next, !list.contains(id) { list.append(id); next = spec.groups.first { $0.id == id }?.parent }
            return list
        }
        for n in spec.nodes { for a in ancestors(ofGroup: n.group) { out[a, default: []].insert(n.id) } }
        for g in spec.groups { for a in ancestors(ofGroup: g.parent) { out[a, default: []].insert(g.id) } }
        return out
    }

    /// The first edge (in declaration order) that closes a cycle, and the cycle as node names. An edge to or from
    /// a group stands for edges to or from each node inside it.
    private func firstCycle(_ spec: DiagramSpec, members: [String: Set<String>]) -> (Int, [String])? {
        func nodes(_ end: String) -> [String] {
            if let m = members[end] { return spec.nodes.map(\.id).filter { m.contains($0) } }
            return spec.nodes.contains { $0.id == end } ? [end] : []
        }
        var adjacency: [String: [String]] = [:]
        for (i, e) in spec.edges.enumerated() {
            for a in nodes(e.from) {
                for b in nodes(e.to) {
                    if a == b { return (i, [a, a]) }
                    if let path = self.path(from: b, to: a, adjacency) {
                        return (i, [a] + path)
                    }
                    adjacency[a, default: []].append(b)
                }
            }
        }
        return nil
    }

    /// A path of edges from `start` to `goal` (both included), depth-first in declaration order.
    private func path(from start: String, to goal: String, _ adjacency: [String: [String]]) -> [String]? {
        var visited = Set<String>()
        func visit(_ n: String) -> [String]? {
            if n == goal { return [n] }
            guard visited.insert(n).inserted else { return nil }
            for next in adjacency[n] ?? [] { if let rest = visit(next) { return [n] + rest } }
            return nil
        }
        return visit(start)
    }

    private func unknown(_ what: String, _ name: String, _ known: Set<String>) -> String {
        known.isEmpty ? "no \(what) \"\(name)\" (the spec declares no \(what)s)"
            : "no \(what) \"\(name)\"; \(what)s are \(known.sorted().joined(separator: ", "))"
    }

    private func fail(_ path: String, _ message: String) -> MigstatError { .spec(file: file, path: path, message: message) }
}

extension String {
    var trimmingSpaces: Substring {
        var s = self[...]
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return s
    }
}
