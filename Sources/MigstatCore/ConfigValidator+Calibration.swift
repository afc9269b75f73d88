/// A calibration names a table of totals with its count column and the classification columns it shares with
/// the design's table; a calibrated statistic reads a table whose design declares one.
extension ConfigValidator {
    func validateCalibrations() throws {
        for (s, source) in config.sources.enumerated() {
            for (t, table) in source.tables.enumerated() {
                guard let calibration = table.design?.calibration else { continue }
                let cp = "$.sources[\(s)].tables[\(t)].design.calibration"
                guard let totals = columns[calibration.totals] else { throw fail("\(cp).totals", "no table \"\(calibration.totals)\"") }
                if !totals.contains(calibration.count) { throw fail("\(cp).count", "no column \"\(calibration.count)\" in \(calibration.totals)") }
                if (calibration.postStrata == nil) == (calibration.rake == nil) {
                    throw fail(cp, "give either \"post_strata\" (one classification) or \"rake\" (its margins), not both or neither")
                }
                let key = calibration.postStrata != nil ? "post_strata" : "rake"
                let named = calibration.postStrata ?? calibration.rake ?? []
                if named.isEmpty { throw fail("\(cp).\(key)", "name at least one column") }
                let own = columns["\(source.id).\(table.id)"] ?? []
                for (i, column) in named.enumerated() where !own.contains(column) || !totals.contains(column) {
                    throw fail("\(cp).\(key)[\(i)]", "\"\(column)\" must be a column of both \(source.id).\(table.id) and \(calibration.totals)")
                }
            }
        }
    }

    func validateCalibratedStatistics() throws {
        for (i, statistic) in config.statistics.enumerated() where statistic.calibrated == true && calibration(of: statistic.from) == nil {
            throw fail("$.statistics[\(i)].calibrated", "\(statistic.from)'s design declares no calibration")
        }
    }

    /// The calibration of a table's design, or of the table a join is made from.
    private func calibration(of from: String) -> CalibrationConfig? {
        var name = from
        for _ in 0...config.joins.count {
            guard let join = config.joins.first(where: { $0.id == name }) else { break }
            name = join.from
        }
        return table(name)?.design?.calibration
    }
}
