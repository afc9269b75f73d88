import Foundation
import MigstatCore

/// A mean, total or ratio over a domain of a design, as R's `svymean`, `svytotal` and `svyratio` estimate it on
/// `subset(design, …)`, with `deff = "replace"` and a t interval on the domain's degrees of freedom
/// (`confint(…, df = degf(…))`).
public enum DesignedStatistic {
    public typealias Result = StatisticResult

    /// - Parameters:
    ///   - rows: the domain's rows with a value (and a denominator, for a ratio).
    ///   - x: the variable, or the ratio's numerator, per row of `rows`.
    ///   - y: the ratio's denominator, per row of `rows`.
    public static func estimate(_ kind: StatisticConfig.Kind, design: SampleDesign, rows: [Int], x: [Double], y: [Double]? = nil) -> Result {
        let census = design.kind == .census
        var result = Result(n: rows.count, estimate: nil, se: nil, cv: nil, deff: nil, df: nil, ciLow: nil, ciHigh: nil, method: census ? "census" : "t")
        let w = rows.map { design.weights[$0] }
        let sumW = w.reduce(0, +)
        guard !rows.isEmpty, sumW > 0 else { return result }
        let n = Double(rows.count)
        let estimate: Double, z: [Double], vsrs: Double
        switch kind {
        case .mean:
            let m = zip(w, x).map(*).reduce(0, +) / sumW
            estimate = m
            z = rows.indices.map { w[$0] * (x[$0] - m) / sumW }
            vsrs = rows.indices.map { w[$0] * (x[$0] - m) * (x[$0] - m) }.reduce(0, +) / sumW / (n - 1)
        case .total:
            let m = zip(w, x).map(*).reduce(0, +) / sumW
            estimate = m * sumW
            z = rows.indices.map { w[$0] * x[$0] }
            vsrs = rows.indices.map { w[$0] * (x[$0] - m) * (x[$0] - m) }.reduce(0, +) / sumW * sumW * sumW / (n - 1)
        case .ratio:
            let y = y ?? []
            let denominator = zip(w, y).map(*).reduce(0, +)
            guard denominator != 0 else { return result }
            let r = zip(w, x).map(*).reduce(0, +) / denominator
            estimate = r
            let residual = rows.indices.map { (x[$0] - r * y[$0]) / denominator }
            z = rows.indices.map { w[$0] * residual[$0] }
            vsrs = rows.indices.map { w[$0] * residual[$0] * residual[$0] }.reduce(0, +) * sumW / (n - 1)
        }
        result.estimate = estimate
        if census { return result }
        let linearization = Linearization(design: design)
        let variance = linearization.variance(rows: rows, z: z)
        let se = variance.squareRoot(), df = linearization.degreesOfFreedom(rows: rows)
        result.se = se
        result.cv = estimate != 0 ? se / abs(estimate) : nil
        result.df = df
        result.deff = vsrs > 0 && vsrs.isFinite ? variance / vsrs : nil   // R's "replace", simple random samples too
        if df > 0 {
            let half = StudentT.quantile(0.975, df: Double(df)) * se
            result.ciLow = estimate - half
            result.ciHigh = estimate + half
        }
        return result
    }
}
