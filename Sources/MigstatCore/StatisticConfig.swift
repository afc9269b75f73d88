/// A mean, total or ratio of numeric variables over a table (or a domain of it), estimated with the table's
/// design: a row of statistics.csv.
public struct StatisticConfig: Decodable, Sendable {
    public enum Kind: String, Decodable, Sendable, CaseIterable { case mean, total, ratio }

    public var id: String
    public var label: String
    /// "source.table" or a join id: one row is one unit.
    public var from: String
    /// The domain: units outside it count as zero, never as a smaller sample.
    public var `where`: [String: FilterValue]?
    public var estimate: Kind
    /// The variable averaged or summed, or the ratio's numerator.
    public var variable: String
    /// The ratio's denominator (ratio only).
    public var denominator: String?
    /// Estimated with the weights its table's design calibrates (`design.calibration`), whatever its scope.
    public var calibrated: Bool?
    enum CodingKeys: String, CodingKey, CaseIterable { case id, label, from, `where`, estimate, variable, denominator, calibrated }
}

extension PipelineConfig {
    /// The tables and joins statistics, exhibits split by a survey variable, and exhibits with a contrast read:
    /// recomputed on every rebuild.
    public var alwaysComputedFrom: [String] {
        statistics.map(\.from) + exhibits.filter { $0.series.contains { $0.splitBy != nil } && deliveryTable(of: $0) == nil }.map(\.from)
            + exhibits.filter { e in contrasts.contains { $0.exhibit == e.id } }.map(\.from)
            + sources.flatMap { $0.tables.compactMap { $0.design?.calibration?.totals } }
    }
}
