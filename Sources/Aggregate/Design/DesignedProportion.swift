import Foundation
import MigstatCore

/// A weighted share over a domain of a design, with the uncertainty R's `survey` package gives it:
/// `svymean` on the domain (`subset(design, …)`) for the share and its standard error, `deff = "replace"` for
/// the design effect, `degf` of the domain for the degrees of freedom and `svyciprop(method = "logit")` for the
/// interval — or the Wilson interval on base_n where the data contract says so.
public enum DesignedProportion {
    /// - Parameters:
    ///   - rows: the base (the domain), as rows of the design's table.
    ///   - hits: whether each of those rows is in the category.
    public static func estimate(design: SampleDesign, rows: [Int], hits: [Bool]) -> (Proportion.Result, ShareUncertainty) {
        var n = 0, sumW = 0.0, hitW = 0.0
        for (k, r) in rows.enumerated() {
            let w = design.weights[r]
            sumW += w
            if hits[k] { n += 1; hitW += w }
        }
        var point = Proportion.Result(n: n, baseN: rows.count, weighted: hitW, baseWeighted: sumW, percent: nil)
        let method: IntervalMethod = design.kind == .census ? .census : design.kind == .simple ? .wilson : .logit
        var u = ShareUncertainty(se: nil, cv: nil, deff: nil, nEff: nil, df: nil, ciLow: nil, ciHigh: nil, method: method)
        guard !rows.isEmpty, sumW > 0 else { return (point, u) }
        let p = hitW / sumW
        point.percent = p * 100
        if design.kind == .census { return (point, u) }

        let z = rows.enumerated().map { k, r in design.weights[r] * ((hits[k] ? 1 : 0) - p) / sumW }
        let linearization = Linearization(design: design)
        let variance = linearization.variance(rows: rows, z: z)
        let se = variance.squareRoot()
        let df = linearization.degreesOfFreedom(rows: rows)
        u.se = se * 100
        u.cv = p > 0 ? se / p : nil
        u.df = df
        if design.kind == .designed {
            // R's svytotal(~hit, subset(design, …)): the linearised value of a total is w·y itself.
            u.weightedSE = linearization.variance(rows: rows, z: rows.enumerated().map { k, r in hits[k] ? design.weights[r] : 0 }).squareRoot()
        }
        if rows.count > 1, p > 0, p < 1 {
            // R's vsrs for "replace": the weighted variance of the item, n/(n-1) corrected, over n. For an
            // unweighted simple random sample's domain of n of N units this is (N/(N-1))·((n-1)/n), not 1.
            u.deff = variance / (p * (1 - p) / Double(rows.count - 1))
        }
        u.nEff = u.deff.flatMap { $0 > 0 ? Double(rows.count) / $0 : nil }
        if design.kind == .simple || p == 0 || p == 1 {
            let (lo, hi) = Proportion.wilson(p: p, n: Double(rows.count))
            u.ciLow = lo * 100; u.ciHigh = hi * 100; u.method = .wilson
        } else if df > 0 {
            let t = StudentT.quantile(0.975, df: Double(df))
            let logit = log(p / (1 - p)), half = t * se / (p * (1 - p))
            u.ciLow = 100 / (1 + exp(-(logit - half)))
            u.ciHigh = 100 / (1 + exp(-(logit + half)))
        }
        // df 0 (a domain in one PSU): R's interval is NaN, so none is given.
        return (point, u)
    }
}
