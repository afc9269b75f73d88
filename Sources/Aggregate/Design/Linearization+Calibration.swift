import MigstatCore

extension Linearization {
    /// A domain's linearised values over a calibrated design, as R's `svyrecvar` takes them: spread over every
    /// row of the sample (rows outside the domain hold zero) and replaced by their residuals from the
    /// calibration — so that rows outside the domain carry variance too. Uncalibrated, unchanged.
    func calibratedResiduals(rows: [Int], z: [Double]) -> (rows: [Int], z: [Double]) {
        guard let calibration = design.calibrated else { return (rows, z) }
        var x = Array(repeating: 0.0, count: design.weights.count)
        for (k, r) in rows.enumerated() { x[r] += z[k] }
        switch calibration.method {
        case .postStratify:
            // x − (Σ_cell x·w_before/w_after / Σ_cell w_before)·w_after, cell by cell (R's post-stratum means).
            for m in calibration.cells.indices { subtractCellMeans(&x, calibration, margin: m, weighted: true) }
        case .rake:
            // R's fixed ten rounds over the margins: x − w_after · (unweighted mean of x/w_after in the cell).
            for _ in 0..<10 { for m in calibration.cells.indices { subtractCellMeans(&x, calibration, margin: m, weighted: false) } }
        }
        return (Array(x.indices), x)
    }

    private func subtractCellMeans(_ x: inout [Double], _ c: CalibratedWeights, margin m: Int, weighted: Bool) {
        let cells = c.cells[m], before = c.before[m], after = c.after[m]
        let count = Int(cells.max().map { $0 + 1 } ?? 0)
        var sum = Array(repeating: 0.0, count: count), base = Array(repeating: 0.0, count: count)
        for i in x.indices {
            let k = Int(cells[i])
            if weighted { sum[k] += x[i] * before[i] / after[i]; base[k] += before[i] } else { sum[k] += x[i] / after[i]; base[k] += 1 }
        }
        for i in x.indices { let k = Int(cells[i]); x[i] -= sum[k] / base[k] * after[i] }
    }
}
