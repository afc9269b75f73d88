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
        var v = 0.0
        forEachStratum(of: Array(totals.keys)) { psus, n, scale in
            // PSU totals sorted, so that sums are the same on every run.
            let present = psus.map { totals[$0]! }.sorted()
            let mean = present.reduce(0, +) / Double(n)
            var squares = Double(n - present.count) * mean * mean
            for t in present { squares += (t - mean) * (t - mean) }
            v += scale * squares
        }
        return v
    }

    /// The strata the given PSUs fall in, in a fixed order, each with those PSUs (sorted), its number of PSUs in
    /// the whole sample n_h, and its factor n_h / (n_h - 1) · (1 - f_h). A stratum of one PSU adds nothing.
    func forEachStratum(of psus: [Int32], _ body: (_ psus: [Int32], _ n: Int, _ scale: Double) -> Void) {
        var byStratum: [Int32: [Int32]] = [:]
        for j in psus { byStratum[design.psuStratum[Int(j)], default: []].append(j) }
        for h in byStratum.keys.sorted() {
            let n = design.psuCount[Int(h)]
            guard n > 1 else { continue }
            body(byStratum[h]!.sorted(), n, Double(n) / Double(n - 1) * design.fpcFactor[Int(h)])
        }
    }

    /// The design's degrees of freedom in the domain: PSUs with a unit in it minus strata with a unit in it.
    func degreesOfFreedom(rows: [Int]) -> Int {
        var psus = Set<Int32>(), strata = Set<Int32>()
        for r in rows { let j = design.psu[r]; psus.insert(j); strata.insert(design.psuStratum[Int(j)]) }
        return psus.count - strata.count
    }
}

extension Linearization {
    /// The covariance matrix (row-major, k × k) of k estimators linearised together: `z[i]` holds the k values
    /// of `rows[i]`.
    func covariance(rows: [Int], z: [[Double]], k: Int) -> [Double] {
        var totals: [Int32: [Double]] = [:]
        for (i, r) in rows.enumerated() {
            let j = design.psu[r]
            var t = totals[j] ?? Array(repeating: 0, count: k)
            for a in 0..<k { t[a] += z[i][a] }
            totals[j] = t
        }
        var v = Array(repeating: 0.0, count: k * k)
        forEachStratum(of: Array(totals.keys)) { psus, n, scale in
            var mean = Array(repeating: 0.0, count: k)
            for j in psus { for a in 0..<k { mean[a] += totals[j]![a] / Double(n) } }
            // PSUs of the stratum without a unit in the domain have totals of zero.
            let absent = Double(n - psus.count)
            for a in 0..<k {
                for b in 0..<k {
                    var s = absent * mean[a] * mean[b]
                    for j in psus { s += (totals[j]![a] - mean[a]) * (totals[j]![b] - mean[b]) }
                    v[a * k + b] += scale * s
                }
            }
        }
        return v
    }
}
