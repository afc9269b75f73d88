/// One row of contrasts.csv: a declared contrast's difference in points with its design-based test.
public struct Contrast: Sendable, Equatable {
    public var id: String
    public var exhibit: String
    public var category: String
    public var seriesA: String
    public var seriesB: String
    /// How a reader knows them: the category's and the series' labels.
    public var categoryLabel: String
    public var seriesALabel: String
    public var seriesBLabel: String
    public var percentA: Double?, percentB: Double?
    /// percent_a − percent_b, its standard error and 95% t interval, in points.
    public var difference: Double?, se: Double?, ciLow: Double?, ciHigh: Double?
    /// The design df of the union of the two domains; t = difference / se; the two-sided p-value.
    public var df: Int?, t: Double?, p: Double?

    public init(id: String, exhibit: String, category: String, seriesA: String, seriesB: String,
                categoryLabel: String, seriesALabel: String, seriesBLabel: String) {
        self.id = id; self.exhibit = exhibit; self.category = category; self.seriesA = seriesA; self.seriesB = seriesB
        self.categoryLabel = categoryLabel; self.seriesALabel = seriesALabel; self.seriesBLabel = seriesBLabel
    }
}
