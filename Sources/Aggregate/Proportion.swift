/// The estimator: a (weighted) proportion over units of a base, with its 95% interval.
public enum Proportion {
    /// z for a two-sided 95% interval.
    public static let z95 = 1.959963984540054

    public struct Result: Equatable, Sendable {
        public var n: Int, baseN: Int
        public var weighted: Double, baseWeighted: Double
        public var percent: Double?, ciLow: Double?, ciHigh: Double?
        public var method: IntervalMethod
    }

    /// - Parameter units: each unit of the base with its weight and whether it is in the category.
    public static func estimate(_ units: [(weight: Double, hit: Bool)]) -> Result {
        var n = 0, sumW = 0.0, sumW2 = 0.0, hitW = 0.0
        var equalWeights = true
        let first = units.first?.weight
        for u in units {
            sumW += u.weight; sumW2 += u.weight * u.weight
            if u.hit { n += 1; hitW += u.weight }
            if u.weight != first { equalWeights = false }
        }
        guard !units.isEmpty, sumW > 0 else {
            return Result(n: n, baseN: units.count, weighted: hitW, baseWeighted: sumW, percent: nil, ciLow: nil, ciHigh: nil, method: .wilson)
        }
        let p = hitW / sumW
        // Equal weights change nothing, so they must give exactly the unweighted interval.
        let effectiveN = equalWeights ? Double(units.count) : sumW * sumW / sumW2
        let (lo, hi) = wilson(p: p, n: effectiveN)
        return Result(n: n, baseN: units.count, weighted: hitW, baseWeighted: sumW, percent: p * 100,
                      ciLow: lo * 100, ciHigh: hi * 100, method: equalWeights ? .wilson : .wilsonKish)
    }

    /// Wilson score interval for a proportion p observed on n (possibly effective, non-integer) units.
    public static func wilson(p: Double, n: Double, z: Double = z95) -> (Double, Double) {
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return (max(0, center - half), min(1, center + half))
    }
}
