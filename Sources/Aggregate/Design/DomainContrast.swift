import Foundation
import MigstatCore

/// The difference of one category's share between two domains of one design, with the covariance of the two
/// domain estimators over the whole design: R's `svycontrast` of `svyby(…, covmat = TRUE)` for disjoint or
/// cross-class domains, and of the joint `svyratio(~ya + yb, ~ina + inb, covmat = TRUE)` for overlapping ones —
/// one linearisation, z = z_a − z_b, so a unit in both domains contributes to both.
public enum DomainContrast {
    /// One domain: its rows (of the design's table) and whether each is in the category.
    public typealias Domain = (rows: [Int], hits: [Bool])

    public struct Result: Equatable, Sendable {
        /// Shares, difference, standard error and interval in points; t = difference / se; df the union's.
        public var percentA: Double?, percentB: Double?, difference: Double?
        public var se: Double?, ciLow: Double?, ciHigh: Double?, t: Double?, p: Double?
        public var df: Int?
    }

    public static func estimate(design: SampleDesign, a: Domain, b: Domain) -> Result {
        var result = Result()
        guard let (pa, za) = linearised(design, a), let (pb, zb) = linearised(design, b) else { return result }
        result.percentA = pa * 100; result.percentB = pb * 100
        let d = pa - pb
        result.difference = d * 100
        if design.kind == .census { return result }
        // Per row of the union, z_a − z_b; rows in increasing order so that sums are taken alike on every run.
        var z: [Int: Double] = [:]
        for (r, v) in za { z[r, default: 0] += v }
        for (r, v) in zb { z[r, default: 0] -= v }
        let rows = z.keys.sorted()
        let linearization = Linearization(design: design)
        let se = linearization.variance(rows: rows, z: rows.map { z[$0]! }).squareRoot()
        let df = linearization.degreesOfFreedom(rows: rows)
        result.se = se * 100
        result.df = df
        guard df > 0 else { return result }
        let half = StudentT.quantile(0.975, df: Double(df)) * se
        result.ciLow = (d - half) * 100; result.ciHigh = (d + half) * 100
        guard se > 0 else { return result }
        let t = d / se
        result.t = t
        // Two-sided: 2·P(T > |t|), taken from the lower tail so that a tiny p keeps its digits.
        result.p = 2 * StudentT.cdf(-abs(t), df: Double(df))
        return result
    }

    /// A domain's weighted share and each of its rows' linearised value w·(y − p)/Σw; nil for an empty domain.
    static func linearised(_ design: SampleDesign, _ domain: Domain) -> (Double, [(Int, Double)])? {
        var sumW = 0.0, hitW = 0.0
        for (k, r) in domain.rows.enumerated() {
            sumW += design.weights[r]
            if domain.hits[k] { hitW += design.weights[r] }
        }
        guard !domain.rows.isEmpty, sumW > 0 else { return nil }
        let p = hitW / sumW
        return (p, domain.rows.enumerated().map { k, r in (r, design.weights[r] * ((domain.hits[k] ? 1 : 0) - p) / sumW) })
    }
}
