import Foundation

/// The beta distribution's quantile, for the Clopper–Pearson bounds of the Korn–Graubard interval.
public enum BetaDistribution {
    /// P(X <= x) for X ~ Beta(a, b).
    public static func cdf(_ x: Double, a: Double, b: Double) -> Double {
        IncompleteBeta.tails(x: x, y: 1 - x, a: a, b: b).lower
    }

    /// The p-quantile (R's qbeta), by bisection on the cdf: 200 halvings reach the spacing of doubles.
    ///
    /// Bisection from [0, 1] halves dyadic intervals, and with a monotone cdf the interval it holds after k
    /// halvings is the one of width 2⁻ᵏ whose ends straddle p. So the first halvings are made with a cheap cdf
    /// (the continued fraction in doubles), and the interval they reach, once its two ends are confirmed with
    /// the exact cdf, is where the exact bisection resumes: the same result from about half the exact
    /// evaluations (each a continued fraction in double-double). Unconfirmed, it starts again from [0, 1].
    public static func quantile(_ p: Double, a: Double, b: Double) -> Double {
        if p <= 0 || a <= 0 { return 0 }
        if p >= 1 || b <= 0 { return 1 }
        // Until the interval is 1e-10 of its upper end wide: still far wider than the cheap cdf's error.
        let steered = bisect(from: (0, 1), halvings: 0, until: { $1 - $0 <= 1e-10 * $1 }) {
            IncompleteBeta.roughLowerTail(x: $0, a: a, b: b) < p
        }
        let confirmed = (steered.low == 0 || cdf(steered.low, a: a, b: b) < p) && (steered.high == 1 || cdf(steered.high, a: a, b: b) >= p)
        let (low, high, _) = bisect(from: confirmed ? (steered.low, steered.high) : (0, 1), halvings: confirmed ? steered.halvings : 0,
                                    until: { _, _ in false }) { cdf($0, a: a, b: b) < p }
        return (low + high) / 2
    }

    /// Halves [low, high] (keeping `below(low)`, not `below(high)`) until `done`, the doubles meet, or 200
    /// halvings in all; returns the interval and the halvings made so far.
    private static func bisect(from start: (Double, Double), halvings: Int, until done: (Double, Double) -> Bool,
                               _ below: (Double) -> Bool) -> (low: Double, high: Double, halvings: Int) {
        var (low, high) = start, halvings = halvings
        while halvings < 200 && !done(low, high) {
            let mid = (low + high) / 2
            if mid == low || mid == high { break }
            if below(mid) { low = mid } else { high = mid }
            halvings += 1
        }
        return (low, high, halvings)
    }
}

/// The Korn–Graubard 95% interval of a share from a complex survey, as R's `svyciprop(method = "beta")` and
/// the NCHS Data Presentation Standards for Proportions (2017) compute it: a Clopper–Pearson interval on the
/// effective sample size p(1 - p)/se², scaled by (t(n - 1)/t(df))² for the design's degrees of freedom. At a
/// share of 0 or 1 (se 0) the effective size is the sample size, as the standard says.
public enum KornGraubard {
    /// - Parameters: p a share in 0...1, se its standard error (same scale), n the base, df the design's df.
    /// - Returns: the bounds in 0...1, nil where df < 1 (no t quantile) or the base is empty.
    public static func interval(p: Double, se: Double, n: Int, df: Int) -> (low: Double, high: Double)? {
        guard n > 0, df >= 1 else { return nil }
        var effective = se > 0 ? p * (1 - p) / (se * se) : Double(n)
        if n > 1 {
            let ratio = StudentT.quantile(0.025, df: Double(n - 1)) / StudentT.quantile(0.025, df: Double(df))
            effective *= ratio * ratio
        }
        let x = p * effective
        let low = x > 0 ? BetaDistribution.quantile(0.025, a: x, b: effective - x + 1) : 0
        let high = x < effective ? BetaDistribution.quantile(0.975, a: x + 1, b: effective - x) : 1
        return (low, high)
    }
}
