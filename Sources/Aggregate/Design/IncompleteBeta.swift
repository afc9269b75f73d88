import Foundation

/// The regularized incomplete beta function I_x(a, b) with both of its tails, the base of the t and F distributions.
///
/// Callers pass x and y = 1 - x separately: the one of them near 0 carries the digits that the other has lost,
/// and the tail that is computed directly (the continued fraction converges on one side of the mean only) keeps
/// full relative accuracy however small it is; the other tail is 1 minus it and is then at least about one half.
enum IncompleteBeta {
    struct Tails { var lower: Double, upper: Double }

    static func tails(x: Double, y: Double, a: Double, b: Double) -> Tails {
        if x <= 0 { return Tails(lower: 0, upper: 1) }
        if y <= 0 { return Tails(lower: 1, upper: 0) }
        if x < (a + 1) / (a + b + 2) {
            let lower = factor(x, y, a, b) * continuedFraction(x: x, y: y, a, b) / a
            return Tails(lower: lower, upper: 1 - lower)
        }
        let upper = factor(y, x, b, a) * continuedFraction(x: y, y: x, b, a) / b
        return Tails(lower: 1 - upper, upper: upper)
    }

    /// I_x(a, b) with the continued fraction in doubles: to a dozen digits or so away from where its terms
    /// cancel, for steering a search whose result the exact `tails` confirms (`BetaDistribution.quantile`).
    static func roughLowerTail(x: Double, a: Double, b: Double) -> Double {
        let y = 1 - x
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        if x < (a + 1) / (a + b + 2) { return factor(x, y, a, b) * roughContinuedFraction(x, a, b) / a }
        return 1 - factor(y, x, b, a) * roughContinuedFraction(y, b, a) / b
    }

    /// `continuedFraction` in doubles (Numerical Recipes' betacf).
    static func roughContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        func guarded(_ v: Double) -> Double { abs(v) < tiny ? tiny : v }
        let sum = a + b
        var c = 1.0
        var d = 1 / guarded(1 - sum * x / (a + 1))
        var h = d
        for m in 1...1_000_000 {
            let md = Double(m), m2 = Double(2 * m)
            let even = md * (b - md) * x / ((a - 1 + m2) * (a + m2))
            d = 1 / guarded(1 + even * d); c = guarded(1 + even / c); h *= d * c
            let odd = -(a + md) * (sum + md) * x / ((a + m2) * (a + 1 + m2))
            d = 1 / guarded(1 + odd * d); c = guarded(1 + odd / c)
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= 1e-15 { break }
        }
        return h
    }

    /// x^a y^b / B(a, b), the factor in front of the continued fraction.
    static func factor(_ x: Double, _ y: Double, _ a: Double, _ b: Double) -> Double {
        guard a >= 10, b >= 10 else {
            // The logarithm of whichever of x, y is not near 1 (log1p of the other when it is).
            let lnx = x < 0.625 ? log(x) : log1p(-y)
            let lny = y < 0.625 ? log(y) : log1p(-x)
            return exp(a * lnx + b * lny - logBeta(a, b))
        }
        // Both large: a·log x and log B(a, b) are huge and nearly cancel, so write x = x0(1 + e1), y = y0(1 + e2)
        // around the mode x0 = a/(a+b); the linear terms then cancel exactly (a·e1 + b·e2 = 0) and what is left,
        // a·(e1 - log1p e1) + b·(e2 - log1p e2), is computed without cancellation. B(a, b) by Stirling's series.
        let s = a + b
        let x0 = a / s, y0 = b / s
        // = s·(x0 - x), from the smaller of x and y, in double-double as its terms nearly cancel near the mode.
        let sum = DoubleDouble(a) + DoubleDouble(b)
        let lambda = (a <= b ? DoubleDouble(a) - sum * DoubleDouble(x) : sum * DoubleDouble(y) - DoubleDouble(b)).value
        let e1 = -lambda / a, e2 = lambda / b
        let u = abs(e1) > 0.6 ? e1 - log(x / x0) : logOnePlusRemainder(e1)
        let v = abs(e2) > 0.6 ? e2 - log(y / y0) : logOnePlusRemainder(e2)
        let correction = stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(s)
        return (a * b / s).squareRoot() / (2 * Double.pi).squareRoot() * exp(-(a * u + b * v)) * exp(-correction)
    }

    /// e - log(1 + e) for |e| <= 0.6, without the cancellation of the direct formula: with t = e/(2+e),
    /// log(1+e) = 2·atanh t and e - 2t = e·t, so the result is e·t - 2(t³/3 + t⁵/5 + …).
    static func logOnePlusRemainder(_ e: Double) -> Double {
        let t = e / (2 + e), t2 = t * t
        var power = t * t2, sum = 0.0, k = 3.0
        while true {
            let term = power / k
            sum += term
            if abs(term) <= 1e-17 * abs(sum) { break }
            power *= t2; k += 2
        }
        return e * t - 2 * sum
    }

    /// log B(a, b); when an argument is large the lgamma values are huge and nearly cancel, so those parts
    /// come from Stirling's formula with its differences taken analytically.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b), q = max(a, b), s = p + q
        if p >= 10 {
            let correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(s)
            return -0.5 * log(q) + 0.5 * log(2 * Double.pi) + correction + (p - 0.5) * log(p / s) + q * log1p(-p / s)
        }
        if q >= 10 {
            let correction = stirlingCorrection(q) - stirlingCorrection(s)
            return lgamma(p) + correction + p - p * log(s) + (q - 0.5) * log1p(-p / s)
        }
        return lgamma(p) + lgamma(q) - lgamma(s)
    }

    /// lgamma(x) - [(x - ½)·log x - x + ½·log 2π], Stirling's series (Bernoulli numbers B2…B14); x >= 10.
    static func stirlingCorrection(_ x: Double) -> Double {
        let coefficients: [Double] = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156]
        let r2 = 1 / (x * x)
        var sum = 0.0
        for c in coefficients.reversed() { sum = sum * r2 + c }
        return sum / x
    }

    /// The continued fraction of I_x(a, b) by the modified Lentz method (Numerical Recipes' betacf), with x
    /// taken as 1 - y when it is near 1. It converges fast for x < (a+1)/(a+b+2), in about √max(a, b) terms
    /// near that bound, where its partial denominators nearly cancel: hence double-double arithmetic.
    static func continuedFraction(x: Double, y: Double, _ a: Double, _ b: Double) -> Double {
        typealias DD = DoubleDouble
        let one = DD(1), tiny = 1e-300
        func guarded(_ v: DD) -> DD { abs(v.hi) < tiny ? DD(tiny) : v }
        let xx = x <= 0.5 ? DD(x) : one - DD(y)
        let ad = DD(a), bd = DD(b), sum = ad + bd
        var c = one
        var d = one / guarded(one - sum * xx / (ad + one))
        var h = d
        for m in 1...1_000_000 {
            let md = DD(Double(m)), m2 = DD(Double(2 * m))
            let even = md * (bd - md) * xx / ((ad - one + m2) * (ad + m2))
            d = one / guarded(one + even * d); c = guarded(one + even / c); h = h * d * c
            let odd = -((ad + md) * (sum + md) * xx) / ((ad + m2) * (ad + one + m2))
            d = one / guarded(one + odd * d); c = guarded(one + odd / c)
            let delta = d * c
            h = h * delta
            if abs((delta - one).value) <= 1e-17 { break }
        }
        return h.value
    }
}
