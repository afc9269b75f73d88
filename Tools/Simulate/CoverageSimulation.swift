import Aggregate
import Foundation
import MigstatCore

/// How often a "95%" interval covers the true share, over repeated stratified two-stage samples from a synthetic
/// population built like the ILO household survey: strata of enumeration areas (EAs), households in EAs,
/// members in households, and a share ("lives in a migrant household") shared by a household's members and
/// varying between EAs. It compares migstat's design-based interval with the two it replaced: Wilson on n, and
/// Wilson on Kish's effective sample size.
public struct CoverageSimulation {
    public var samples: Int
    public var seed: UInt64
    public init(samples: Int, seed: UInt64) { self.samples = samples; self.seed = seed }

    public struct Report: Sendable {
        public var samples: Int
        public var truth: Double
        /// Share of samples whose interval covered the true share, per method.
        public var designBased: Double, kish: Double, naive: Double
        public var meanDeff: Double
    }

    struct Household { var ea: Int; var stratum: Int; var members: Int; var migrant: Bool }

    public func run() -> Report {
        var rng = SplitMix64(seed: seed)
        // Nine strata of 30-80 EAs of 60-140 households; households of 2-9 members.
        var households: [Household] = [], eas: [[Int]] = [], eaStratum: [Int] = []
        for stratum in 0..<9 {
            let base = 0.2 + 0.05 * Double(stratum)
            for _ in 0..<(30 + rng.below(51)) {
                let ea = eas.count
                // The EA's own propensity: migration runs in villages.
                let p = min(0.95, max(0.02, base + 0.25 * rng.normal()))
                var members: [Int] = []
                for _ in 0..<(60 + rng.below(81)) {
                    members.append(households.count)
                    households.append(Household(ea: ea, stratum: stratum, members: 2 + rng.below(8), migrant: rng.unit() < p))
                }
                eas.append(members); eaStratum.append(stratum)
            }
        }
        let population = households.reduce(0) { $0 + $1.members }
        let truth = Double(households.filter(\.migrant).reduce(0) { $0 + $1.members }) / Double(population)
        let easOf = (0..<9).map { h in eaStratum.indices.filter { eaStratum[$0] == h } }
        var covered = (design: 0, kish: 0, naive: 0), deffSum = 0.0
        for _ in 0..<samples {
            // Per stratum, 6-14 EAs without replacement, then 10 households per EA; every member is interviewed.
            var weights: [Double] = [], psu: [Int32] = [], psuStratum: [Int32] = [], psuCount: [Int] = [], hits: [Bool] = []
            for h in 0..<9 {
                let take = 6 + (h * 7) % 9
                let chosen = rng.sample(easOf[h], take)
                psuCount.append(take)
                for ea in chosen {
                    let j = Int32(psuStratum.count)
                    psuStratum.append(Int32(h))
                    let inEA = eas[ea]
                    let w = Double(easOf[h].count) / Double(take) * Double(inEA.count) / 10
                    for hh in rng.sample(inEA, 10) {
                        for _ in 0..<households[hh].members {
                            weights.append(w); psu.append(j); hits.append(households[hh].migrant)
                        }
                    }
                }
            }
            let design = SampleDesign(kind: .designed, weights: weights, psu: psu, psuStratum: psuStratum,
                                      strata: (0..<9).map(String.init), psuCount: psuCount, fpcFactor: Array(repeating: 1, count: 9))
            let rows = Array(weights.indices)
            let (point, u) = DesignedProportion.estimate(design: design, rows: rows, hits: hits)
            let p = point.percent! / 100
            if let lo = u.ciLow, let hi = u.ciHigh, lo / 100 <= truth, truth <= hi / 100 { covered.design += 1 }
            deffSum += u.deff ?? 0
            let sumW = weights.reduce(0, +), sumW2 = weights.reduce(0) { $0 + $1 * $1 }
            let kish = Proportion.wilson(p: p, n: sumW * sumW / sumW2)
            if kish.0 <= truth, truth <= kish.1 { covered.kish += 1 }
            let naive = Proportion.wilson(p: p, n: Double(rows.count))
            if naive.0 <= truth, truth <= naive.1 { covered.naive += 1 }
        }
        let s = Double(samples)
        return Report(samples: samples, truth: truth, designBased: Double(covered.design) / s, kish: Double(covered.kish) / s,
                      naive: Double(covered.naive) / s, meanDeff: deffSum / s)
    }
}

/// The draws the simulation makes, from the seeded generator: the simulation is the same on every machine.
extension SplitMix64 {
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func below(_ n: Int) -> Int { next(n) }
    mutating func normal() -> Double { (-2 * log(1 - unit())).squareRoot() * cos(2 * .pi * unit()) }
    /// k distinct elements, without replacement.
    mutating func sample(_ items: [Int], _ k: Int) -> [Int] {
        var pool = items
        for i in 0..<k { pool.swapAt(i, i + below(pool.count - i)) }
        return Array(pool.prefix(k))
    }
}
