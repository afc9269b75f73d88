import Foundation

// Placeholder until the stats-math branch lands (same API): bisection on the incomplete beta.
public enum StudentT {
    public static func cdf(_ x: Double, df: Double) -> Double {
        let ib = incompleteBeta(df / (df + x * x), df / 2, 0.5)
        return x >= 0 ? 1 - ib / 2 : ib / 2
    }
    public static func quantile(_ p: Double, df: Double) -> Double {
        var lo = -1e6, hi = 1e6
        for _ in 0..<200 { let mid = (lo + hi) / 2; if cdf(mid, df: df) < p { lo = mid } else { hi = mid } }
        return (lo + hi) / 2
    }
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }; if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(1 - x, b, a) }
        var f = 1.0, c = 1.0, d = 0.0
        for i in 0...400 {
            let m = Double(i / 2)
            let num: Double
            let even: Double = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            let odd: Double = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            if i == 0 { num = 1 } else if i % 2 == 0 { num = even } else { num = odd }
            d = 1 + num * d; if abs(d) < 1e-300 { d = 1e-300 }; d = 1 / d
            c = 1 + num / c; if abs(c) < 1e-300 { c = 1e-300 }
            f *= c * d
            if abs(1 - c * d) < 1e-16 { break }
        }
        return front * (f - 1) / a
    }
}
