/// One row of statistics.csv.
public struct Statistic: Sendable, Equatable {
    public var id: String
    public var label: String
    public var kind: StatisticConfig.Kind
    public var from: String
    public var variable: String
    public var denominator: String?
    public var result: StatisticResult

    public init(id: String, label: String, kind: StatisticConfig.Kind, from: String, variable: String, denominator: String? = nil, result: StatisticResult) {
        self.id = id; self.label = label; self.kind = kind; self.from = from; self.variable = variable; self.denominator = denominator; self.result = result
    }
}

/// A mean, total or ratio with its design-based uncertainty (`DesignedStatistic`).
public struct StatisticResult: Equatable, Sendable {
    public var n: Int
    public var estimate: Double?
    public var se: Double?, cv: Double?, deff: Double?, df: Int?
    public var ciLow: Double?, ciHigh: Double?
    public var method: String

    public init(n: Int, estimate: Double? = nil, se: Double? = nil, cv: Double? = nil, deff: Double? = nil, df: Int? = nil, ciLow: Double? = nil, ciHigh: Double? = nil, method: String) {
        self.n = n; self.estimate = estimate; self.se = se; self.cv = cv; self.deff = deff; self.df = df; self.ciLow = ciLow; self.ciHigh = ciHigh; self.method = method
    }
}
