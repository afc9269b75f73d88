import MigstatCore

/// What an exhibit declares it reads, from its declaration alone (no data, no schema): the tables behind
/// it, for fingerprints and incremental runs, and each series' population, for disclosure's linked tables.
/// With `ExhibitPlan` this is the one reader of an exhibit's `from`, `where` and series keys outside
/// MigstatCore's decoding and validation.
public struct ExhibitReads: Sendable {
    public let id: String
    /// The table or join whose rows are counted.
    public let from: String
    /// Long answer tables the series read beside `from`, in series order.
    public let answerTables: [String]
    /// Tables the category labels come from (`labels_from`), in series order.
    public let labelTables: [String]
    /// Whether the exhibit as a whole keeps only some rows.
    public let filtered: Bool
    /// Whether some series lists indicators (persons with each of several characteristics).
    public let listsIndicators: Bool
    /// The declared series, in order.
    public let series: [DeclaredSeries]

    public init(_ exhibit: ExhibitConfig) {
        id = exhibit.id
        from = exhibit.from
        answerTables = exhibit.series.compactMap { $0.answers?.table }
        labelTables = exhibit.series.compactMap(\.labelsFrom)
        filtered = exhibit.where != nil
        listsIndicators = exhibit.series.contains { $0.indicators != nil }
        series = exhibit.series.map(DeclaredSeries.init)
    }

    /// The column a lone series is split by (one series per value met); nil when there is none.
    public var splitColumn: String? { series.count == 1 ? series[0].splitColumn : nil }
}

/// One series' population and counted column, as declared.
public struct DeclaredSeries: Sendable {
    public let id: String
    /// What is counted: "records" unless the series counts distinct values of a column.
    public let unit: String
    /// Whether the series keeps only some rows.
    public let filtered: Bool
    /// The column whose categories are counted, if any.
    public let variable: String?
    public let splitColumn: String?

    init(_ s: SeriesConfig) {
        id = s.id
        unit = s.unit ?? "records"
        filtered = s.where != nil
        variable = s.variable
        splitColumn = s.splitBy?.column
    }
}
