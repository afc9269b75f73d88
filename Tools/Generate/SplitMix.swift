/// Stateless pseudo-random numbers: every value is a hash of (seed, entity, stream), so a record's attributes
/// can be recomputed whenever the record is repeated, and output never depends on generation order.
struct SplitMix {
    let seed: UInt64

    /// A well-mixed 64-bit value for an entity and a stream (one stream per attribute).
    func next(_ entity: UInt64, _ stream: UInt64) -> UInt64 {
        var z = seed &+ entity &* 0x9E37_79B9_7F4A_7C15 &+ stream &* 0xD1B5_4A32_D192_ED03
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound.
    func below(_ bound: Int, _ entity: UInt64, _ stream: UInt64) -> Int {
        Int(next(entity, stream) % UInt64(max(bound, 1)))
    }

    /// Uniform in [0, 1).
    func unit(_ entity: UInt64, _ stream: UInt64) -> Double {
        Double(next(entity, stream) >> 11) / Double(1 << 53)
    }

    /// Picks an index by weights (they need not sum to anything in particular).
    func pick(_ weights: [Double], total: Double, _ entity: UInt64, _ stream: UInt64) -> Int {
        var x = unit(entity, stream) * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }
}
