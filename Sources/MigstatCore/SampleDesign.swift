/// Each row's place in the sample: its weight, stratum and primary sampling unit (PSU), aligned with the rows
/// of its table. Joins keep rows in order, so a joined table carries its `from` table's design unchanged.
public struct SampleDesign: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// An unweighted simple random sample: each unit its own PSU, one stratum, weight 1.
        case simple
        /// Declared weights, strata and/or PSUs.
        case designed
        /// Every unit of the population: no sampling error.
        case census
    }

    public var kind: Kind
    /// Per row.
    public var weights: [Double]
    public var psu: [Int32]
    /// Per PSU: its stratum.
    public var psuStratum: [Int32]
    /// Per stratum: its name (the values of the strata columns), its number of PSUs in the whole sample, and
    /// the factor 1 - f of the finite population correction (1 without one).
    public var strata: [String]
    public var psuCount: [Int]
    public var fpcFactor: [Double]
    /// What a stratum with a single PSU in the whole sample adds to a variance (R's `survey.lonely.psu`).
    public var lonelyPSU: LonelyPSU = .fail
    /// The calibration the table's design declares (carried through joins, which keep the rows; not to child
    /// tables, whose units the totals do not count), and once applied, what the linearisation needs of it.
    public var calibration: CalibrationConfig? = nil
    public var calibrated: CalibratedWeights? = nil

    public init(kind: Kind, weights: [Double], psu: [Int32], psuStratum: [Int32], strata: [String], psuCount: [Int], fpcFactor: [Double]) {
        self.kind = kind; self.weights = weights; self.psu = psu; self.psuStratum = psuStratum
        self.strata = strata; self.psuCount = psuCount; self.fpcFactor = fpcFactor
    }

    /// An unweighted simple random sample of `rows` units (or a census of them).
    public static func simple(rows: Int, kind: Kind = .simple) -> SampleDesign {
        SampleDesign(kind: kind, weights: Array(repeating: 1, count: rows), psu: (0..<rows).map { Int32($0) },
                     psuStratum: Array(repeating: 0, count: rows), strata: [""], psuCount: [rows], fpcFactor: [1])
    }

    /// The same design for other rows: `rows[i]` is the row of this design that row i takes its place from
    /// (children take their parent's weight, stratum and PSU).
    public func mapped(to rows: [Int]) -> SampleDesign {
        var out = self
        out.calibration = nil; out.calibrated = nil
        out.weights = rows.map { weights[$0] }
        out.psu = rows.map { psu[$0] }
        // n_h counts the PSUs these rows fall in, as R counts them in the child's own data frame.
        out.psuCount = Array(repeating: 0, count: strata.count)
        for j in Set(out.psu) { out.psuCount[Int(psuStratum[Int(j)])] += 1 }
        return out
    }
}

/// R's answers to a stratum with a single PSU in the whole sample (`options(survey.lonely.psu = …)`), whose
/// variance cannot be estimated from within it.
public enum LonelyPSU: String, Sendable, Decodable, CaseIterable {
    /// The stratum is an error naming it (the default).
    case fail
    /// Its PSU total is taken about zero, the mean of the whole sample's linearised values, instead of about
    /// the stratum's own mean.
    case adjust
    /// It adds nothing; the other strata's sum is scaled by (strata in the domain) / (strata that contribute).
    case average
    /// It adds nothing (R centres the one PSU on itself).
    case remove
    /// It adds nothing: a PSU taken with certainty has no sampling variance.
    case certainty
}

/// Calibrated weights as R's `postStratify` and `rake` leave them in a design, for the linearisation: per
/// margin (one for post-stratification, one per margin for raking, in order), each row's cell, and the weights
/// just before and just after that margin's step (R's `oldweights` and `weights` attributes).
public struct CalibratedWeights: Sendable, Equatable {
    public enum Method: String, Sendable { case postStratify, rake }
    public var method: Method
    public var cells: [[Int32]]
    public var before: [[Double]]
    public var after: [[Double]]

    public init(method: Method, cells: [[Int32]], before: [[Double]], after: [[Double]]) {
        self.method = method; self.cells = cells; self.before = before; self.after = after
    }
}
