/// indicators.csv: the official aggregate statistics as delivered, and indicators derived from them.
/// Derived values are computed here from the delivered ones, never typed in.
public struct IndicatorsConfig: Decodable, Sendable {
    /// "source.table" with columns indicator, period, value, unit.
    public var from: String
    public var derived: [DerivedIndicatorConfig]
    enum CodingKeys: String, CodingKey, CaseIterable { case from, derived }
}

public struct DerivedIndicatorConfig: Decodable, Sendable {
    public var indicator: String
    public var period: String
    public var unit: String
    public var op: DerivedOperation
    public var a: IndicatorRef
    public var b: IndicatorRef
    public var note: String?
    enum CodingKeys: String, CodingKey, CaseIterable { case indicator, period, unit, op, a, b, note }
}

public enum DerivedOperation: String, Decodable, Sendable, CaseIterable {
    /// (b / a − 1) × 100: growth from a to b, in percent.
    case growth
    /// a / b × 100: a as a percentage of b.
    case share
    /// a / b.
    case ratio
    /// a × b / 100: b percent of a.
    case percentOf = "percent_of"
}

public struct IndicatorRef: Decodable, Sendable, Hashable {
    public init(indicator: String, period: String) { self.indicator = indicator; self.period = period }
    public var indicator: String
    public var period: String
    enum CodingKeys: String, CodingKey, CaseIterable { case indicator, period }
}
