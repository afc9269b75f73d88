/// A (weighted) proportion's counts and point estimate, and the Wilson score interval.
public enum Proportion {
    /// z for a two-sided 95% interval.
    public static let z95 = 1.959963984540054

    /// The uncertainty is a `ShareUncertainty` of its own.
    public struct Result: Equatable, Sendable {
        public var n: Int, baseN: Int
        public var weighted: Double, baseWeighted: Double
        public var percent: Double?
    }

    /// Wilson score interval for a proportion p observed on n units.
    public static func wilson(p: Double, n: Double, z: Double = z95) -> (Double, Double) {
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return (max(0, center - half), min(1, center + half))
    }
}
