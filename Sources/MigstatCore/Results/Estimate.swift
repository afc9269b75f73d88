/// One row of estimates.csv: a category's share of its base, with counts, weighted sums, a 95% interval and
/// the design-based uncertainty of the share.
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
    /// Standard error of `percent`, in points; coefficient of variation se / percent.
    public var se: Double? = nil
    public var cv: Double? = nil
    /// Design effect against a simple random sample of the same size drawn with replacement, and base_n / deff.
    public var deff: Double? = nil
    public var nEff: Double? = nil
    /// The design's degrees of freedom in the base.
    public var df: Int? = nil
    public var interval: IntervalMethod
    /// Standard error of `weighted`, the estimated number of units in the category over the whole design (R:
    /// `svytotal` of the category's indicator on the domain); nil for an unweighted source and a census.
    public var weightedSE: Double? = nil
    /// For a series found in the data (`split_by`): its label, since pipeline.json cannot name it.
    public var seriesLabel: String? = nil
    /// What the publication files may not show of it (census threshold rule); empty for the confidential files.
    public var withheld: Withheld = []

    public init(exhibit: String, series: String, category: String, label: String, n: Int, baseN: Int,
                weighted: Double, baseWeighted: Double, percent: Double?, ciLow: Double?, ciHigh: Double?, interval: IntervalMethod) {
        self.exhibit = exhibit; self.series = series; self.category = category; self.label = label
        self.n = n; self.baseN = baseN; self.weighted = weighted; self.baseWeighted = baseWeighted
        self.percent = percent; self.ciLow = ciLow; self.ciHigh = ciHigh; self.interval = interval
    }

    /// The uncertainty of a share computed by `DesignedProportion`.
    public mutating func setUncertainty(_ u: ShareUncertainty) {
        ciLow = u.ciLow; ciHigh = u.ciHigh; se = u.se; cv = u.cv; deff = u.deff; nEff = u.nEff; df = u.df; interval = u.method
        weightedSE = u.weightedSE
    }
}

/// How a 95% interval was computed (the data contract's `interval_method`).
public enum IntervalMethod: String, Sendable {
    /// Wilson score interval on base_n: an unweighted simple random sample, or a share of 0 or 100%.
    case wilson
    /// R's `svyciprop(method = "logit")`: logit(p) ± t(df) · se / (p(1 - p)), transformed back.
    case logit
    /// A census: no sampling error, no interval.
    case census
}

/// A share's standard error, design effect, degrees of freedom and interval, in points.
public struct ShareUncertainty: Equatable, Sendable {
    public var se: Double?, cv: Double?, deff: Double?, nEff: Double?, df: Int?
    public var ciLow: Double?, ciHigh: Double?
    public var method: IntervalMethod
    /// Standard error of the category's weighted count (`Estimate.weightedSE`).
    public var weightedSE: Double? = nil

    public init(se: Double?, cv: Double?, deff: Double?, nEff: Double?, df: Int?, ciLow: Double?, ciHigh: Double?, method: IntervalMethod) {
        self.se = se; self.cv = cv; self.deff = deff; self.nEff = nEff; self.df = df; self.ciLow = ciLow; self.ciHigh = ciHigh; self.method = method
    }
}
