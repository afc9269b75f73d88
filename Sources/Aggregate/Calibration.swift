import MigstatCore

/// Calibrates a table's design weights to population totals as R's survey package does: `postStratify` (one
/// classification: each cell's weights scaled to its total) and `rake` (post-stratifying on each margin in
/// turn, round after round, until no cell of the margins' cross-classification moves by 1 or more, at most 10
/// rounds: R's default `control`). The result keeps what the calibrated variance needs (`CalibratedWeights`).
public enum Calibrator {
    /// Every table whose design calibrates its weights for every estimate, with those weights.
    public static func applyDeclared(_ tables: [String: DataTable]) throws -> [String: DataTable] {
        var out = tables
        for (name, table) in tables where table.design?.calibration?.scope == .everyEstimate && table.design?.calibrated == nil {
            out[name]?.design = try calibrated(table, tables: tables)
        }
        return out
    }

    /// The table's design with its declared calibration applied (its own design if it declares none).
    public static func calibrated(_ table: DataTable, tables: [String: DataTable]) throws -> SampleDesign {
        var design = table.sampleDesign
        guard let config = design.calibration, design.calibrated == nil else { return design }
        let path = "\(table.name).design.calibration"
        guard let totals = tables[config.totals] else { throw MigstatError.config(path: "\(path).totals", message: "no table \"\(config.totals)\"") }
        let margins = try config.margins.map { try Margin(columns: $0, table: table, totals: totals, count: config.count, path: path) }
        var weights = design.weights
        var steps: [(before: [Double], after: [Double])] = []
        if config.postStrata != nil {
            steps = [margins[0].poststratify(&weights)]
        } else {
            let joint = try Margin(columns: config.rake ?? [], table: table, totals: nil, count: config.count, path: path)
            var previous = joint.sampleTotals(weights)
            for _ in 0..<10 {
                steps = margins.map { $0.poststratify(&weights) }
                let next = joint.sampleTotals(weights)
                let moved = zip(previous, next).map { abs($0 - $1) }.max() ?? 0
                if moved < 1 { break }
                previous = next
            }
        }
        design.weights = weights
        design.calibrated = CalibratedWeights(method: config.postStrata != nil ? .postStratify : .rake, cells: margins.map(\.cellOfRow),
                                              before: steps.map(\.before), after: steps.map(\.after))
        return design
    }

    /// One classification: each row's cell, and each cell's population total.
    struct Margin {
        var cellOfRow: [Int32] = []
        var names: [String] = []
        var population: [Double] = []

        init(columns: [String], table: DataTable, totals: DataTable?, count: String, path: String) throws {
            let at = try columns.map { c -> Int in
                guard let i = table.index(of: c) else { throw MigstatError.config(path: path, message: "no column \"\(c)\" in \(table.name)") }
                return i
            }
            var index: [String: Int32] = [:]
            for row in table.rows {
                let name = at.map { row[$0].key }.joined(separator: "/")
                if index[name] == nil { index[name] = Int32(names.count); names.append(name) }
                cellOfRow.append(index[name]!)
            }
            guard let totals else { return }
            let columnsThere = try (columns + [count]).map { c -> Int in
                guard let i = totals.index(of: c) else { throw MigstatError.config(path: "\(path).totals", message: "no column \"\(c)\" in \(totals.name)") }
                return i
            }
            population = Array(repeating: 0, count: names.count)
            for row in totals.rows {
                let name = columnsThere.dropLast().map { row[$0].key }.joined(separator: "/")
                let n = row[columnsThere.last!].number ?? 0
                guard let k = index[name] else {
                    if n > 0 { throw MigstatError.config(path: "\(path).totals", message: "cell \(name) of \(totals.name) (\(formatPlain(n))) has no unit in the sample (R: \"Some strata absent from sample\")") }
                    continue
                }
                population[Int(k)] += n
            }
            for (k, n) in population.enumerated() where n <= 0 {
                throw MigstatError.config(path: "\(path).totals", message: "cell \(names[k]) of the sample has no population total in \(totals.name)")
            }
        }

        func sampleTotals(_ weights: [Double]) -> [Double] {
            var sum = Array(repeating: 0.0, count: names.count)
            for (i, k) in cellOfRow.enumerated() { sum[Int(k)] += weights[i] }
            return sum
        }

        /// Scales each cell's weights to its population total; returns the weights before and after.
        func poststratify(_ weights: inout [Double]) -> (before: [Double], after: [Double]) {
            let before = weights, sample = sampleTotals(weights)
            for (i, k) in cellOfRow.enumerated() { weights[i] = before[i] * (population[Int(k)] / sample[Int(k)]) }
            return (before, weights)
        }
    }
}
