/// SplitMix64 (Steele, Lea and Flood, 2014): a small seeded generator, so that the coverage simulation and every
/// property test replay the same cases on every machine. One copy for all of them.
public struct SplitMix64: RandomNumberGenerator {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// In 0..<bound by the remainder: its bias (under 2^-40 for the bounds used) does not matter to a test case.
    public mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
