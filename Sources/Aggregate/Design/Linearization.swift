import MigstatCore

/// Variance of an estimator over a domain by Taylor linearisation, as R's `svyrecvar` computes it for a
/// one-stage (ultimate cluster) design drawn with replacement: PSU totals of the linearised values, centred
/// within their stratum over every PSU of the whole sample (those outside the domain count as zero), strata
/// independent, each scaled by n_h / (n_h - 1) and the finite population correction.
struct Linearization {
    let design: SampleDesign

    /// - Parameters:
    ///   - rows: the domain's rows (units outside it contribute nothing).
    ///   - z: the linearised value of each of those rows.
    func variance(rows: [Int], z: [Double]) -> Double {
        var totals: [Int32: Double] = [:]
        for (k, r) in rows.enumerated() { totals[design.psu[r], default: 0] += z[k] }
        var byStratum: [Int32: [Double]] = [:]
        for (j, t) in totals { byStratum[design.psuStratum[Int(j)], default: []].append(t) }
        var v = 0.0
        // Strata in a fixed order, and PSU totals sorted, so that sums are the same on every run.
        for h in byStratum.keys.sorted() {
            let present = byStratum[h]!.sorted()
            let n = design.psuCount[Int(h)]
            guard n > 1 else { continue }
            let mean = present.reduce(0, +) / Double(n)
            var squares = Double(n - present.count) * mean * mean
            for t in present { squares += (t - mean) * (t - mean) }
            v += Double(n) / Double(n - 1) * design.fpcFactor[Int(h)] * squares
        }
        return v
    }

    /// The design's degrees of freedom in the domain: PSUs with a unit in it minus strata with a unit in it.
    func degreesOfFreedom(rows: [Int]) -> Int {
        var psus = Set<Int32>(), strata = Set<Int32>()
        for r in rows { let j = design.psu[r]; psus.insert(j); strata.insert(design.psuStratum[Int(j)]) }
        return psus.count - strata.count
    }
}
