import MigstatCore

/// Variance of an estimator over a domain by Taylor linearisation, as R's `svyrecvar` computes it for a
/// one-stage (ultimate cluster) design drawn with replacement: PSU totals of the linearised values, centred
/// within their stratum over every PSU of the whole sample (those outside the domain count as zero), strata
/// independent, each scaled by n_h / (n_h - 1) and the finite population correction; a stratum of one PSU as
/// the design's `lonelyPSU` says.
struct Linearization {
    let design: SampleDesign

    /// - Parameters:
    ///   - rows: the domain's rows (units outside it contribute nothing).
    ///   - z: the linearised value of each of those rows.
    func variance(rows: [Int], z: [Double]) -> Double {
        let (rows, z) = calibratedResiduals(rows: rows, z: z)
        var totals: [Int32: Double] = [:]
        for (k, r) in rows.enumerated() { totals[design.psu[r], default: 0] += z[k] }
        var v = 0.0
        let averaged = forEachStratum(of: Array(totals.keys)) { psus, n, scale, centred in
            // PSU totals sorted, so that sums are the same on every run.
            let present = psus.map { totals[$0]! }.sorted()
            let mean = centred ? present.reduce(0, +) / Double(n) : 0
            var squares = Double(n - present.count) * mean * mean
            for t in present { squares += (t - mean) * (t - mean) }
            v += scale * squares
        }
        return v * averaged
    }

    /// The strata the given PSUs fall in, in a fixed order, each with those PSUs (sorted), its number of PSUs in
    /// the whole sample n_h, its factor n_h / (n_h - 1) · (1 - f_h), and whether its PSU totals are centred on
    /// their mean, as R's `onestrat` takes them. A stratum of one PSU (`LonelyPSU`) adds nothing, or with
    /// `adjust` its total about zero with factor 1 - f_h. Returns the factor `average` scales the sum by: the
    /// strata given over those that contribute (1 for the other answers).
    func forEachStratum(of psus: [Int32], _ body: (_ psus: [Int32], _ n: Int, _ scale: Double, _ centred: Bool) -> Void) -> Double {
        var byStratum: [Int32: [Int32]] = [:]
        for j in psus { byStratum[design.psuStratum[Int(j)], default: []].append(j) }
        var contributing = 0
        for h in byStratum.keys.sorted() {
            let n = design.psuCount[Int(h)], fpc = design.fpcFactor[Int(h)]
            // Every PSU of the stratum drawn (R: f < 1e-7): no variance, whatever the number of PSUs.
            if fpc < 1e-7 { contributing += 1; continue }
            if n > 1 {
                contributing += 1
                body(byStratum[h]!.sorted(), n, Double(n) / Double(n - 1) * fpc, true)
                continue
            }
            switch design.lonelyPSU {
            case .fail, .remove, .certainty: contributing += 1   // R centres the one PSU on itself: zero
            case .adjust: contributing += 1; body(byStratum[h]!, 1, fpc, false)
            case .average: break   // R's NA, left out of the sum and made up for below
            }
        }
        return contributing == byStratum.count ? 1 : Double(byStratum.count) / Double(contributing)
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
        var (rows, z) = (rows, z)
        if design.calibrated != nil {
            let columns = (0..<k).map { a in calibratedResiduals(rows: rows, z: z.map { $0[a] }) }
            rows = columns.first?.rows ?? rows
            z = rows.indices.map { i in columns.map { $0.z[i] } }
        }
        var totals: [Int32: [Double]] = [:]
        for (i, r) in rows.enumerated() {
            let j = design.psu[r]
            var t = totals[j] ?? Array(repeating: 0, count: k)
            for a in 0..<k { t[a] += z[i][a] }
            totals[j] = t
        }
        var v = Array(repeating: 0.0, count: k * k)
        let averaged = forEachStratum(of: Array(totals.keys)) { psus, n, scale, centred in
            var mean = Array(repeating: 0.0, count: k)
            if centred { for j in psus { for a in 0..<k { mean[a] += totals[j]![a] / Double(n) } } }
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
        return averaged == 1 ? v : v.map { $0 * averaged }
    }
}
