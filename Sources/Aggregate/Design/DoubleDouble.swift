import Foundation

/// An unevaluated sum hi + lo of two doubles (about 32 significant digits), for the few recurrences whose
/// terms cancel: the incomplete beta's continued fraction near its switch point, with a large parameter,
/// loses digits in proportion to that parameter (1e-11 relative at 3e5 degrees of freedom in double).
struct DoubleDouble {
    var hi: Double, lo: Double

    init(_ value: Double) { hi = value; lo = 0 }
    private init(hi: Double, lo: Double) { self.hi = hi; self.lo = lo }

    var value: Double { hi + lo }

    /// a + b exactly as hi + lo (Knuth's two-sum).
    private static func twoSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b, v = s - a
        return DoubleDouble(hi: s, lo: (a - (s - v)) + (b - v))
    }

    private static func normalized(_ hi: Double, _ lo: Double) -> DoubleDouble {
        let s = hi + lo
        return DoubleDouble(hi: s, lo: lo - (s - hi))
    }

    static func + (l: DoubleDouble, r: DoubleDouble) -> DoubleDouble {
        let s = twoSum(l.hi, r.hi), t = twoSum(l.lo, r.lo)
        let u = normalized(s.hi, s.lo + t.hi)
        return normalized(u.hi, u.lo + t.lo)
    }

    static prefix func - (v: DoubleDouble) -> DoubleDouble { DoubleDouble(hi: -v.hi, lo: -v.lo) }

    static func - (l: DoubleDouble, r: DoubleDouble) -> DoubleDouble { l + (-r) }

    static func * (l: DoubleDouble, r: DoubleDouble) -> DoubleDouble {
        let p = l.hi * r.hi
        guard p.isFinite else { return DoubleDouble(p) }
        let e = fma(l.hi, r.hi, -p)
        return normalized(p, e + (l.hi * r.lo + l.lo * r.hi))
    }

    static func / (l: DoubleDouble, r: DoubleDouble) -> DoubleDouble {
        let q1 = l.hi / r.hi
        let rest = l - r * DoubleDouble(q1)
        let q2 = rest.hi / r.hi
        let rest2 = rest - r * DoubleDouble(q2)
        return normalized(q1, q2) + DoubleDouble(rest2.hi / r.hi)
    }
}
