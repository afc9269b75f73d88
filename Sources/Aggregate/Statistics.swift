import MigstatCore


/// Computes the declared means, totals and ratios over their tables' designs.
public enum StatisticsCalculator {
    public static func compute(_ configs: [StatisticConfig], tables: [String: DataTable]) throws -> [Statistic] {
        try configs.enumerated().map { i, config in
            guard let table = tables[config.from] else { throw MigstatError.config(path: "$.statistics[\(i)].from", message: "no table \"\(config.from)\"") }
            let filter = try RowFilter(config.where, table: table)
            let value = try column(config.variable, table, path: "$.statistics[\(i)].variable")
            let denominator = try config.denominator.map { try column($0, table, path: "$.statistics[\(i)].denominator") }
            // Units without a value (missing or "no answer") leave the domain, as R's na.rm = TRUE does.
            var rows: [Int] = [], x: [Double] = [], y: [Double] = []
            for (r, row) in table.rows.enumerated() where filter.matches(row) {
                guard let a = value(row) else { continue }
                if let denominator {
                    guard let b = denominator(row) else { continue }
                    y.append(b)
                }
                rows.append(r); x.append(a)
            }
            // A calibrated companion uses the weights its design calibrates, whatever the calibration's scope.
            let design = config.calibrated == true ? try Calibrator.calibrated(table, tables: tables) : table.sampleDesign
            let result = DesignedStatistic.estimate(config.estimate, design: design, rows: rows, x: x, y: denominator == nil ? nil : y)
            return Statistic(id: config.id, label: config.label, kind: config.estimate, from: config.from, variable: config.variable,
                             denominator: config.denominator, result: result)
        }
    }

    /// Reads a column's number, nil for a missing value or a "no answer" code.
    private static func column(_ name: String, _ table: DataTable, path: String) throws -> ([Value]) -> Double? {
        guard let i = table.index(of: name) else { throw MigstatError.config(path: path, message: "no column \"\(name)\" in \(table.name)") }
        let noAnswer = Set(table.meta[name]?.noAnswer ?? [])
        return { row in noAnswer.contains(row[i].key) ? nil : row[i].number }
    }
}
