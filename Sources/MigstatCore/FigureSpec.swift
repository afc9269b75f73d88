/// What a figure without numbers shows, as declared in its spec file (`study/figures/<exhibit>.json`):
/// a diagram of nodes, edges and groups, or a timeline of dated events and periods.
public enum FigureSpec: Sendable, Equatable {
    case diagram(DiagramSpec)
    case timeline(TimelineSpec)
}

/// A diagram: boxes (nodes) joined by arrows (edges), optionally framed in groups (clusters).
public struct DiagramSpec: Decodable, Sendable, Equatable {
    public enum Direction: String, DecodableWithDefault, Sendable, CaseIterable {
        case topDown = "TB", leftRight = "LR"
        public static var decodingDefault: Direction { .topDown }
    }

    /// The flow of ranks: "TB" (top to bottom, the default) or "LR".
    @DefaultIfAbsent public var direction: Direction
    /// When true, an edge that closes a cycle is an error (a flow of causes, a sequence of steps).
    @DefaultIfAbsent public var acyclic: Bool
    @DefaultIfAbsent public var groups: [DiagramGroup]
    public var nodes: [DiagramNode]
    @DefaultIfAbsent public var edges: [DiagramEdge]
    /// Sets of node ids drawn side by side on one rank.
    @DefaultIfAbsent public var ranks: [[String]]
    /// What the thesis says of the figure, where: the figure is rebuilt from this text, its image being lost.
    public var basis: String

    enum CodingKeys: String, CodingKey, CaseIterable { case direction, acyclic, groups, nodes, edges, ranks, basis }
    public init(direction: Direction = .topDown, acyclic: Bool = false, groups: [DiagramGroup] = [], nodes: [DiagramNode],
                edges: [DiagramEdge] = [], ranks: [[String]] = [], basis: String = "") {
        self.direction = direction; self.acyclic = acyclic; self.groups = groups; self.nodes = nodes
        self.edges = edges; self.ranks = ranks; self.basis = basis
    }
}

/// How a box stands out: `key` for the central idea, `outcome` for a result, `muted` for context.
public enum Tone: String, DecodableWithDefault, Sendable, CaseIterable {
    case plain, key, outcome, muted
    public static var decodingDefault: Tone { .plain }
}

public struct DiagramGroup: Decodable, Sendable, Equatable {
    public var id: String
    public var label: String
    /// The id of the group this one is drawn inside.
    public var parent: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case id, label, parent }
    public init(id: String, label: String, parent: String? = nil) { self.id = id; self.label = label; self.parent = parent }
}

public struct DiagramNode: Decodable, Sendable, Equatable {
    public var id: String
    public var label: String
    /// A smaller second paragraph inside the box.
    public var detail: String?
    /// The id of the group the node is drawn inside.
    public var group: String?
    @DefaultIfAbsent public var tone: Tone

    enum CodingKeys: String, CodingKey, CaseIterable { case id, label, detail, group, tone }
    public init(id: String, label: String, detail: String? = nil, group: String? = nil, tone: Tone = .plain) {
        self.id = id; self.label = label; self.detail = detail; self.group = group; self.tone = tone
    }
}

public struct DiagramEdge: Decodable, Sendable, Equatable {
    public enum Style: String, DecodableWithDefault, Sendable, CaseIterable {
        case solid, dashed
        public static var decodingDefault: Style { .solid }
    }
    /// A node id, or a group id for an arrow from or to the whole group.
    public var from: String
    public var to: String
    public var label: String?
    @DefaultIfAbsent public var style: Style

    enum CodingKeys: String, CodingKey, CaseIterable { case from, to, label, style }
    public init(from: String, to: String, label: String? = nil, style: Style = .solid) {
        self.from = from; self.to = to; self.label = label; self.style = style
    }
}

/// A timeline: periods (from–to) and dated events on one year axis.
public struct TimelineSpec: Decodable, Sendable, Equatable {
    /// The first and last year of the axis; by default the years the events span.
    @WholeNumberIfPresent public var start: Int?
    @WholeNumberIfPresent public var end: Int?
    public var events: [TimelineEvent]
    public var basis: String

    enum CodingKeys: String, CodingKey, CaseIterable { case start, end, events, basis }
    public init(start: Int? = nil, end: Int? = nil, events: [TimelineEvent], basis: String = "") {
        self.start = start; self.end = end; self.events = events; self.basis = basis
    }
}

public struct TimelineEvent: Decodable, Sendable, Equatable {
    public var id: String
    public var label: String
    public var detail: String?
    /// A point in time, or else a period `from`–`to`.
    public var date: SpecDate?
    public var from: SpecDate?
    public var to: SpecDate?
    /// The period goes on past `to` (drawn with an open end).
    @DefaultIfAbsent public var ongoing: Bool
    /// The dates as the text gives them ("early 1990s – mid-1990s") when they are not exact.
    public var when: String?
    @DefaultIfAbsent public var tone: Tone

    enum CodingKeys: String, CodingKey, CaseIterable { case id, label, detail, date, from, to, ongoing, when, tone }
    public init(id: String, label: String, detail: String? = nil, date: SpecDate? = nil, from: SpecDate? = nil, to: SpecDate? = nil,
                ongoing: Bool = false, when: String? = nil, tone: Tone = .plain) {
        self.id = id; self.label = label; self.detail = detail; self.date = date; self.from = from; self.to = to
        self.ongoing = ongoing; self.when = when; self.tone = tone
    }

    /// The dates as shown: `when` if given, else "1996–2003", "June 2012" and the like.
    public var dateText: String {
        if let when { return when }
        if let date { return date.display }
        guard let from, let to else { return "" }
        return from == to ? from.display : "\(from.display)–\(to.display)" + (ongoing ? " and on" : "")
    }
}

/// A date as a spec writes it: "2014", "2012-06" or "2014-04-16".
public struct SpecDate: Decodable, Sendable, Equatable, Comparable {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              let y = Int(parts[0]), parts.allSatisfy({ $0.allSatisfy(\.isASCII) && Int($0) != nil }) else { return nil }
        year = y
        month = parts.count > 1 ? Int(parts[1]) : nil
        day = parts.count > 2 ? Int(parts[2]) : nil
        if let m = month, !(1...12).contains(m) { return nil }
        if let d = day, !(1...SpecDate.daysIn(month: month!, year: y)).contains(d) { return nil }
    }

    // Stays hand-written: a date is one string parsed into year, month and day, not keys to synthesize.
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let d = SpecDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "expected a date \"yyyy\", \"yyyy-mm\" or \"yyyy-mm-dd\", found \"\(text)\""))
        }
        self = d
    }

    /// The start of the date in years (2012-06 is 2012.42), for placing it on an axis.
    public var position: Double {
        var p = Double(year)
        if let month { p += Double(month - 1) / 12 }
        if let day, let month { p += Double(day - 1) / Double(SpecDate.daysIn(month: month, year: year)) / 12 }
        return p
    }

    /// The end of the period the date names (the year 2008 ends where 2009 begins).
    public var endPosition: Double {
        if day != nil { return position + 1.0 / 365 }
        if month != nil { return position + 1.0 / 12 }
        return position + 1
    }

    public var display: String {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        switch (month, day) {
        case let (m?, d?): return "\(d) \(months[m - 1]) \(year)"
        case let (m?, nil): return "\(months[m - 1]) \(year)"
        default: return String(year)
        }
    }

    public static func < (a: SpecDate, b: SpecDate) -> Bool { a.position < b.position }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
