/// Calibration of a table's design weights to known population totals (R's `postStratify` and `rake`): the
/// totals are a table of pipeline.json (e.g. `official.households_2010`) with one row per cell of its
/// classification columns and a count column.
public struct CalibrationConfig: Decodable, Sendable, Equatable {
    public enum Scope: String, Decodable, Sendable, CaseIterable {
        /// The calibrated weights are the table's weights for every estimate (the data contract's rule).
        case everyEstimate = "every_estimate"
        /// Only statistics declared `"calibrated": true` use them; exhibits keep the design weights (a study's
        /// own tables, verified against what it printed, with a calibrated companion estimate beside them).
        case calibratedStatistics = "calibrated_statistics"
    }

    /// The table of population totals ("source.table").
    public var totals: String
    /// Its column holding each cell's population count.
    public var count: String
    /// Post-stratification: the cells of these columns together form one classification.
    public var postStrata: [String]?
    /// Raking: each column is a margin, its totals summed over the file's other columns.
    public var rake: [String]?
    public var scope: Scope

    public init(totals: String, count: String, postStrata: [String]? = nil, rake: [String]? = nil, scope: Scope = .everyEstimate) {
        self.totals = totals; self.count = count; self.postStrata = postStrata; self.rake = rake; self.scope = scope
    }

    /// The classifications calibrated to, in order: one for post-stratification, one per margin for raking.
    public var margins: [[String]] { postStrata.map { [$0] } ?? (rake ?? []).map { [$0] } }

    enum CodingKeys: String, CodingKey, CaseIterable { case totals, count, postStrata = "post_strata", rake, scope }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        totals = try c.decode(String.self, forKey: .totals)
        count = try c.decode(String.self, forKey: .count)
        postStrata = try c.decodeIfPresent([String].self, forKey: .postStrata)
        rake = try c.decodeIfPresent([String].self, forKey: .rake)
        scope = try c.decodeIfPresent(Scope.self, forKey: .scope) ?? .everyEstimate
    }
}

extension PipelineConfig {
    /// For units whose design calibrates the weights of every estimate, the note their tables carry.
    public func calibrationNote(_ from: String) -> String? {
        var name = from
        for _ in 0...joins.count {   // a join keeps the rows (and design) of the table it is made from
            guard let join = joins.first(where: { $0.id == name }) else { break }
            name = join.from
        }
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let calibration = sources.first(where: { $0.id == parts[0] })?.tables.first(where: { $0.id == parts[1] })?.design?.calibration,
              calibration.scope == .everyEstimate else { return nil }
        let how = calibration.postStrata.map { "post-stratified on \($0.joined(separator: " × "))" }
            ?? "raked on \((calibration.rake ?? []).joined(separator: " and "))"
        return "Weights calibrated to the population totals of \(calibration.totals) (\(how)); intervals include the calibration."
    }
}
