/// One table or figure of the study: what is estimated (series and categories over a base) and how it is shown,
/// or, for a diagram or timeline, the spec file it is drawn from.
public struct ExhibitConfig: Decodable, Sendable {
    public var id: String
    public var number: String
    public var kind: ExhibitKind
    public var title: String
    /// "source.table" or a join id: one row is one unit of the base. Empty for a diagram or timeline.
    public var from: String
    public var `where`: [String: FilterValue]?
    public var sourceNote: String
    public var series: [SeriesConfig]
    public var layout: LayoutConfig
    /// For a diagram or timeline: the spec file (relative to pipeline.json) that declares what it shows.
    public var spec: String?
    /// The spec itself, read and checked by `ConfigLoader.load` (nil until then, and for numeric exhibits).
    public var figure: FigureSpec?
    /// Its units come from a quota sample (`design.quota`): its intervals are model-based, and its notes say so.
    /// Set from the sources when the whole pipeline.json is read.
    public var modelBasedIntervals = false
    /// Its units' weights are calibrated for every estimate (`design.calibration`): what its notes say of it.
    public var calibrationNote: String? = nil

    enum CodingKeys: String, CodingKey, CaseIterable { case id, number, kind, title, from, `where`, sourceNote = "source_note", series, layout, spec }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        number = try c.decode(String.self, forKey: .number)
        kind = try c.decode(ExhibitKind.self, forKey: .kind)
        title = try c.decode(String.self, forKey: .title)
        sourceNote = try c.decode(String.self, forKey: .sourceNote)
        `where` = try c.decodeIfPresent([String: FilterValue].self, forKey: .where)
        spec = try c.decodeIfPresent(String.self, forKey: .spec)
        if kind.isDrawnFromSpec {
            // The validator rejects these keys on a diagram; decoding them leniently lets it say so by path.
            from = try c.decodeIfPresent(String.self, forKey: .from) ?? ""
            series = try c.decodeIfPresent([SeriesConfig].self, forKey: .series) ?? []
            layout = try c.decodeIfPresent(LayoutConfig.self, forKey: .layout) ?? LayoutConfig()
        } else {
            from = try c.decode(String.self, forKey: .from)
            series = try c.decode([SeriesConfig].self, forKey: .series)
            layout = try c.decode(LayoutConfig.self, forKey: .layout)
        }
    }
}

public enum ExhibitKind: String, Decodable, Sendable, CaseIterable {
    case table, figure, text
    /// A figure without numbers, drawn from a spec of nodes, edges and groups (laid out by Graphviz).
    case diagram
    /// A figure without numbers, drawn from a spec of dated events and periods.
    case timeline

    /// Diagrams and timelines come from a spec file, not from estimates.
    public var isDrawnFromSpec: Bool { self == .diagram || self == .timeline }
    /// Whether the study prints it as a figure (a chart, diagram or timeline) rather than a table or in prose.
    public var isFigure: Bool { self == .figure || isDrawnFromSpec }
}

public struct SeriesConfig: Decodable, Sendable {
    public var id: String
    public var label: String?
    public var `where`: [String: FilterValue]?
    /// A single-response variable of `from`: its categories are the column's codes (or `bins`).
    public var variable: String?
    public var bins: [BinConfig]?
    /// A multiple-response question in long form.
    public var answers: AnswersConfig?
    /// One yes/no category per variable of `from`.
    public var indicators: [IndicatorConfig]?
    /// For categories that come from free text: list only those that occur, most frequent first.
    public var occurringOnly: Bool?
    /// Over a delivery table: one series per value of a column (or per month of a date), found in the data.
    public var splitBy: SplitConfig?
    /// Over a delivery table: count distinct values of this column (persons) rather than rows; a unit is in a
    /// category when any of its rows is.
    public var unit: String?
    /// "source.table.column" giving the label of a category or split value that references that table.
    public var labelsFrom: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, label, `where`, variable, bins, answers, indicators, occurringOnly = "occurring_only"
        case splitBy = "split_by", unit, labelsFrom = "labels_from"
    }
}

public struct SplitConfig: Decodable, Sendable {
    public var column: String
    /// "month" groups a date or timestamp column by yyyy-mm; absent, each value is its own series.
    public var period: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case column, period }
}

public struct BinConfig: Decodable, Sendable {
    public var name: String
    public var label: String?
    public var min: Double?
    public var max: Double?
    enum CodingKeys: String, CodingKey, CaseIterable { case name, label, min, max }
}

public struct AnswersConfig: Decodable, Sendable {
    /// "source.table" of the long file; its `parent` names the respondent key.
    public var table: String
    public var variable: String
    public var `where`: [String: FilterValue]?
    enum CodingKeys: String, CodingKey, CaseIterable { case table, variable, `where` }
}

/// A yes/no category: a unit is in it when its `variable` passes `equals` (a value, values or a range), or,
/// with `any`, when at least one of several variables does (e.g. any sign of exposure to trafficking).
public struct IndicatorConfig: Decodable, Sendable {
    public init(category: String, label: String?, variable: String, equals: FilterValue) {
        self.category = category; self.label = label; self.variables = [variable]; self.equals = equals
    }
    public var category: String
    public var label: String?
    public var variables: [String]
    public var equals: FilterValue

    enum CodingKeys: String, CodingKey, CaseIterable { case category, label, variable, any, equals }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        category = try c.decode(String.self, forKey: .category)
        label = try c.decodeIfPresent(String.self, forKey: .label)
        equals = try c.decode(FilterValue.self, forKey: .equals)
        if let any = try c.decodeIfPresent([String].self, forKey: .any) {
            guard !any.isEmpty else { throw DecodingError.dataCorruptedError(forKey: .any, in: c, debugDescription: "expected at least one variable") }
            variables = any
        } else {
            variables = [try c.decode(String.self, forKey: .variable)]
        }
    }
}

public struct LayoutConfig: Decodable, Sendable {
    /// "series" puts each series on a row and categories in columns; "categories" the reverse.
    public var rows: String
    /// Which numbers each cell group shows: "n", "percent".
    public var values: [String]
    public var decimals: Int
    /// Categories estimated but not printed (the study's "don't know" row of Table 4.2).
    public var hide: [String]
    public var categoryLabels: [String: String]
    public var stubHeader: String?
    public var valueHeader: String?
    /// Header of `n` columns ("No. of Respondents" in Table 4.1).
    public var countHeader: String?
    /// How uncertain numbers are shown: the NCHS standard for survey shares, a small-count rule for a census.
    public var presentation = PresentationConfig()

    enum CodingKeys: String, CodingKey, CaseIterable {
        case rows, values, decimals, hide, categoryLabels = "category_labels", stubHeader = "stub_header", valueHeader = "value_header", countHeader = "count_header"
        case presentation
    }
    public init() {
        rows = "categories"; values = ["percent"]; decimals = 1; hide = []; categoryLabels = [:]
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rows = try c.decodeIfPresent(String.self, forKey: .rows) ?? "categories"
        values = try c.decodeIfPresent([String].self, forKey: .values) ?? ["percent"]
        decimals = try c.decodeWholeNumberIfPresent(forKey: .decimals) ?? 1
        hide = try c.decodeIfPresent([String].self, forKey: .hide) ?? []
        categoryLabels = try c.decodeIfPresent([String: String].self, forKey: .categoryLabels) ?? [:]
        stubHeader = try c.decodeIfPresent(String.self, forKey: .stubHeader)
        valueHeader = try c.decodeIfPresent(String.self, forKey: .valueHeader)
        countHeader = try c.decodeIfPresent(String.self, forKey: .countHeader)
        presentation = try c.decodeIfPresent(PresentationConfig.self, forKey: .presentation) ?? PresentationConfig()
    }
}

/// `layout.presentation`: which rules decide what a printed table shows of an estimate (README "Presentation").
public struct PresentationConfig: Decodable, Sendable {
    /// "nchs" (NCHS Data Presentation Standards for Proportions, 2017) or "none"; applies to sampled estimates.
    public var standard = "nchs"
    /// A census count in 1..<smallCount prints as "<smallCount"; 0 turns the rule off.
    public var smallCount = 5
    /// A census percentage on a base under smallBase is flagged; 0 turns the flag off.
    public var smallBase = 30

    enum CodingKeys: String, CodingKey, CaseIterable { case standard, smallCount = "small_count", smallBase = "small_base" }
    public init() {}
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        standard = try c.decodeIfPresent(String.self, forKey: .standard) ?? standard
        smallCount = try c.decodeIfPresent(Int.self, forKey: .smallCount) ?? smallCount
        smallBase = try c.decodeIfPresent(Int.self, forKey: .smallBase) ?? smallBase
    }
}
