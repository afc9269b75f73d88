import Foundation

/// The standard normal distribution.
public enum NormalDistribution {
    /// P(Z <= x).
    public static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x * 0.5.squareRoot())
    }

    /// The p-quantile (R's qnorm): Halley steps on erfc in the tails and on erf near the centre,
    /// so that the result keeps its relative accuracy both far out and close to 0.
    public static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p == 0 ? -.infinity : p == 1 ? .infinity : .nan }
        let lowerHalf = p < 0.5
        // P(|Z| > z) and P(|Z| < z) for the z sought; both are exact in floating point.
        let tail = lowerHalf ? 2 * p : 2 * (1 - p)
        let central = lowerHalf ? 1 - 2 * p : 2 * p - 1
        guard central > 0 else { return 0 }
        let useCentral = central < 0.5
        var z: Double
        if central < 0.2 {
            z = central * (Double.pi / 2).squareRoot()   // P(|Z| < z) ≈ z·√(2/π) near 0
        } else {
            // Abramowitz & Stegun 26.2.23 (error < 4.5e-4) as the start.
            let t = (-2 * log(tail / 2)).squareRoot()
            z = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)))
        }
        for _ in 0..<50 {
            let density = exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
            let step: Double
            if useCentral {
                let d = (erf(z * 0.5.squareRoot()) - central) / (2 * density)
                step = -d / (1 + z * d / 2)
            } else {
                let d = (erfc(z * 0.5.squareRoot()) - tail) / (2 * density)
                step = d / (1 - z * d / 2)
            }
            z += step
            if abs(step) <= 1e-16 * z { break }
        }
        return lowerHalf ? -z : z
    }
}

/// Student's t distribution with real degrees of freedom.
public enum StudentT {
    /// Beyond this t and normal differ by less than 1e-20 relative, and the continued fraction for the
    /// t tails stops converging in reasonable time (near 1e30); R's qt switches to qnorm here too.
    static let normalBeyondDF = 1e20

    /// P(T <= x) for Student's t with real df > 0 (df = .infinity → normal).
    public static func cdf(_ x: Double, df: Double) -> Double {
        guard !x.isNaN, !df.isNaN, df > 0 else { return .nan }
        if df > normalBeyondDF { return NormalDistribution.cdf(x) }
        let beyond = twoSided(abs(x), df: df).outside / 2
        return x < 0 ? beyond : 1 - beyond
    }

    /// The p-quantile, 0 < p < 1, real df > 0.
    public static func quantile(_ p: Double, df: Double) -> Double {
        guard p > 0, p < 1, df > 0 else { return p == 0 ? -.infinity : p == 1 ? .infinity : .nan }
        if df > normalBeyondDF { return NormalDistribution.quantile(p) }
        let lowerHalf = p < 0.5
        let tail = lowerHalf ? 2 * p : 2 * (1 - p)        // P(|T| > q), exact
        let central = lowerHalf ? 1 - 2 * p : 2 * p - 1   // P(|T| < q), exact
        guard central > 0 else { return 0 }
        let q = solveTwoSided(tail: tail, central: central, df: df)
        return lowerHalf ? -q : q
    }

    /// P(|T| < q) and P(|T| > q) for q >= 0, each with full relative accuracy.
    static func twoSided(_ q: Double, df n: Double) -> (inside: Double, outside: Double) {
        if q.isInfinite { return (1, 0) }
        if q > 1e100 {
            // The leading term x^(n/2) / ((n/2)·B(n/2, ½)) of the tail, x = n/(n+q²), is exact to double
            // precision here (the next is x times smaller), and q² would soon overflow (R's pt does the same).
            let logTail = -0.5 * n * (2 * log(q) - log(n)) - IncompleteBeta.logBeta(0.5 * n, 0.5) - log(0.5 * n)
            let outside = exp(logTail)
            return (1 - outside, outside)
        }
        let q2 = q * q
        let t = IncompleteBeta.tails(x: q2 / (n + q2), y: n / (n + q2), a: 0.5, b: 0.5 * n)
        return (t.lower, t.upper)
    }

    static func logDensity(_ q: Double, df n: Double) -> Double {
        let logKernel = q > 1e100 ? (n + 1) * (log(q) - 0.5 * log(n)) : 0.5 * (n + 1) * log1p(q * q / n)
        return -logKernel - 0.5 * log(n) - IncompleteBeta.logBeta(0.5 * n, 0.5)
    }

    /// q > 0 with P(|T| > q) = tail (equivalently P(|T| < q) = central). Newton's method on the logarithm of
    /// the smaller of the two probabilities against log q (nearly linear: a power of q in both tails),
    /// from Hill's (1970) approximation, kept inside a bracket by bisection.
    static func solveTwoSided(tail: Double, central: Double, df n: Double) -> Double {
        let useCentral = central < tail
        let target = log(useCentral ? central : tail)
        // An increasing function of u = log q, zero at the root, and its derivative.
        func evaluate(_ q: Double) -> (value: Double, slope: Double) {
            let probabilities = twoSided(q, df: n)
            let s = useCentral ? probabilities.inside : probabilities.outside
            let value = useCentral ? log(s) - target : target - log(s)
            return (value, 2 * q * exp(logDensity(q, df: n)) / s)
        }
        var q = hillStart(twoSidedTail: tail, df: n)
        if !(q.isFinite && q > 0) { q = 1 }
        var lo = 0.0, hi = Double.infinity
        var growth = 16.0   // squared at each use, so a far root is bracketed in a few steps
        var current = evaluate(q)
        for _ in 0..<200 {
            if current.value == 0 { break }
            if current.value < 0 { lo = q } else { hi = q }
            var step = -current.value / current.slope
            if !step.isFinite { step = current.value < 0 ? 1 : -1 }
            var next = q * exp(step)
            if hi.isInfinite && next == .infinity { next = .greatestFiniteMagnitude }
            if !(next > lo && next < hi) {
                // Outside the bracket: grow or shrink geometrically until the root is bracketed, then bisect.
                if hi.isInfinite {
                    if q == .greatestFiniteMagnitude { return .infinity }   // the quantile overflows (as in R)
                    next = min(q * growth, .greatestFiniteMagnitude)
                } else if lo == 0 {
                    next = q / growth
                } else {
                    next = lo.squareRoot() * hi.squareRoot()
                }
                if hi.isInfinite || lo == 0 { growth = min(growth * growth, 1e300) }
            }
            if abs(next - q) <= 2 * Double.ulpOfOne * q { q = next; break }
            if hi.isFinite && lo > 0 && hi - lo <= 2 * Double.ulpOfOne * lo { break }
            q = next
            current = evaluate(q)
        }
        return q
    }

    /// Hill, G. W. (1970), Algorithm 396: Student's t-quantiles, CACM 13(10): a start good to a few digits.
    static func hillStart(twoSidedTail p: Double, df n: Double) -> Double {
        let a = 1 / (n - 0.5)
        let b = 48 / (a * a)
        var c = ((20700 * a / b - 98) * a - 16) * a + 96.36
        let d = ((94.5 / (b + c) - 3) / b + 1) * (a * Double.pi / 2).squareRoot() * n
        var y = pow(d * p, 2 / n)
        if y < Double.ulpOfOne {
            // Far tail: P(|T| > q) ≈ d·p-scaled power q^-n; in logarithms to avoid underflow.
            return exp(0.5 * log(n) - (log(d) + log(p)) / n)
        }
        if (n < 2.1 && p > 0.5) || y > 0.05 + a {
            // Asymptotic inverse expansion about the normal.
            let x = NormalDistribution.quantile(0.5 * p)
            y = x * x
            if n < 5 { c += 0.3 * (n - 4.5) * (x + 0.6) }
            c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c
            y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x
            y = expm1(a * y * y)
        } else {
            y = ((1 / (((n + 6) / (n * y) - 0.089 * d - 0.822) * (n + 2) * 3) + 0.5 / (n + 4)) * y - 1)
                * (n + 1) / (n + 2) + 1 / y
        }
        return (n * y).squareRoot()
    }
}

/// The F distribution with real degrees of freedom.
public enum FDistribution {
    /// P(F > f) for real df1, df2 > 0 (R: pf(f, df1, df2, lower.tail = FALSE)).
    public static func upperTail(_ f: Double, df1: Double, df2: Double) -> Double {
        guard !f.isNaN, df1 > 0, df2 > 0, df1.isFinite, df2.isFinite else { return .nan }
        if f <= 0 { return 1 }
        if f.isInfinite { return 0 }
        // x and y = 1 - x formed as R's pf and pbeta form them, so both compute the same function of the same x.
        if df1 * f > df2 {
            let x = df2 / (df2 + df1 * f)
            return IncompleteBeta.tails(x: x, y: 0.5 - x + 0.5, a: df2 / 2, b: df1 / 2).lower
        }
        let x = df1 * f / (df2 + df1 * f)
        return IncompleteBeta.tails(x: x, y: 0.5 - x + 0.5, a: df1 / 2, b: df2 / 2).upper
    }
}
