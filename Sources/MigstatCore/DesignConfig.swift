/// How a table's units were sampled, as R's `svydesign(ids = ~psu, strata = ~strata, weights = ~weight,
/// fpc = ~fpc, nest = TRUE)` declares it. Absent, a table is an unweighted simple random sample.
public struct DesignConfig: Decodable, Sendable, Equatable {
    /// Column of design weights; absent, every unit weighs 1.
    public var weight: String?
    /// Columns whose combined values form the strata; empty, one stratum.
    public var strata: [String]
    /// Column naming the primary sampling unit (nested in strata); absent, each unit is its own PSU.
    public var psu: String?
    /// Column holding the first stage's finite population correction: the number of PSUs in the stratum's
    /// population, or the sampling fraction when at most 1 (as R reads `fpc`).
    public var fpc: String?
    /// A census (every unit of the population): estimates have no sampling error.
    public var census: Bool
    /// A quota sample, not a probability sample: estimated as declared (e.g. as a simple random sample with its
    /// weights), but its intervals are model-based, not design-based, and every table and note showing them says so.
    public var quota: Bool
    /// What a stratum with a single PSU adds to a variance (R's `survey.lonely.psu`); `fail` by default.
    public var lonelyPSU: LonelyPSU
    /// Weights calibrated to population totals (post-stratification or raking), with the calibrated variance.
    public var calibration: CalibrationConfig?

    public init(weight: String? = nil, strata: [String] = [], psu: String? = nil, fpc: String? = nil, census: Bool = false, quota: Bool = false,
                lonelyPSU: LonelyPSU = .fail, calibration: CalibrationConfig? = nil) {
        self.weight = weight; self.strata = strata; self.psu = psu; self.fpc = fpc; self.census = census; self.quota = quota
        self.lonelyPSU = lonelyPSU; self.calibration = calibration
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case weight, strata, psu, fpc, census, quota, lonelyPSU = "lonely_psu", calibration }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        weight = try c.decodeIfPresent(String.self, forKey: .weight)
        // One stratum column may be given as a plain string.
        if let one = try? c.decodeIfPresent(String.self, forKey: .strata) { strata = [one] }
        else { strata = try c.decodeIfPresent([String].self, forKey: .strata) ?? [] }
        psu = try c.decodeIfPresent(String.self, forKey: .psu)
        fpc = try c.decodeIfPresent(String.self, forKey: .fpc)
        census = try c.decodeIfPresent(Bool.self, forKey: .census) ?? false
        quota = try c.decodeIfPresent(Bool.self, forKey: .quota) ?? false
        lonelyPSU = try c.decodeIfPresent(LonelyPSU.self, forKey: .lonelyPSU) ?? .fail
        calibration = try c.decodeIfPresent(CalibrationConfig.self, forKey: .calibration)
    }

    /// The columns the design reads, each with the name of its role.
    public var columns: [(role: String, column: String)] {
        (weight.map { [("weight", $0)] } ?? []) + strata.map { ("strata", $0) }
            + (psu.map { [("psu", $0)] } ?? []) + (fpc.map { [("fpc", $0)] } ?? [])
    }
}
