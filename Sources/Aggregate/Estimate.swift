/// One row of estimates.csv: a category's share of its base, with counts, weighted sums and a 95% interval.
public struct Estimate: Sendable, Equatable {
    public var exhibit: String
    public var series: String
    public var category: String
    public var label: String
    /// Unweighted count of units in the category, and of units in the base.
    public var n: Int
    public var baseN: Int
    /// Sums of weights of the same units (equal to the counts for an unweighted source).
    public var weighted: Double
    public var baseWeighted: Double
    /// Weighted percent (0...100), unrounded; nil when the base is empty.
    public var percent: Double?
    public var ciLow: Double?
    public var ciHigh: Double?
    public var interval: IntervalMethod
    /// For a series found in the data (`split_by`): its label, since pipeline.json cannot name it.
    public var seriesLabel: String? = nil

    public init(exhibit: String, series: String, category: String, label: String, n: Int, baseN: Int,
                weighted: Double, baseWeighted: Double, percent: Double?, ciLow: Double?, ciHigh: Double?, interval: IntervalMethod) {
        self.exhibit = exhibit; self.series = series; self.category = category; self.label = label
        self.n = n; self.baseN = baseN; self.weighted = weighted; self.baseWeighted = baseWeighted
        self.percent = percent; self.ciLow = ciLow; self.ciHigh = ciHigh; self.interval = interval
    }
}

public enum IntervalMethod: String, Sendable {
    /// Wilson score interval on the unweighted n.
    case wilson
    /// Wilson score interval on Kish's effective sample size (Σw)²/Σw², for unequal weights.
    case wilsonKish = "wilson-kish"
}
