import Exhibits
import MigstatCore


/// The Rao–Scott corrected Pearson test of the exhibits split by a survey column, as R's
/// `svychisq(~split + variable, subset(design, where & both answered), statistic = "F")` computes it: "no answer"
/// and missing values leave the subset, whose units scale the table and whose design df give `df2`.
public enum CrossTabulation {
    public static func tests(for exhibits: [ExhibitConfig], tables: [String: DataTable]) throws -> [IndependenceTest] {
        try ExhibitPlan.compile(exhibits, presentIn: PlanSchema(dataTables: tables)).compactMap { plan in
            guard plan.series.count == 1, let series = plan.series.first, let split = series.split, let variable = series.variable,
                  let table = tables[plan.from] else { return nil }
            return try test(plan, table: table, rowVariable: split.column.name, columnVariable: variable.name, conditions: series.conditions)
        }
    }

    static func test(_ plan: ExhibitPlan, table: DataTable, rowVariable: String, columnVariable: String,
                     conditions: [PlanCondition]) throws -> IndependenceTest {
        let filter = try RowFilter(conditions, table: table)
        guard let a = table.index(of: rowVariable), let b = table.index(of: columnVariable) else {
            throw MigstatError.config(path: "\(plan.path).series", message: "no column \"\(rowVariable)\" or \"\(columnVariable)\" in \(table.name)")
        }
        let skipA = Set(table.meta[rowVariable]?.noAnswer ?? []), skipB = Set(table.meta[columnVariable]?.noAnswer ?? [])
        let domain = table.rows.indices.filter { filter.matches(table.rows[$0]) }
        let complete = domain.filter { r in
            let row = table.rows[r]
            return !row[a].isNull && !row[b].isNull && !skipA.contains(row[a].key) && !skipB.contains(row[b].key)
        }
        // Levels met in the table, in sorted order (the statistic does not depend on their order).
        let rowLevels = Set(complete.map { table.rows[$0][a] }).sorted(), columnLevels = Set(complete.map { table.rows[$0][b] }).sorted()
        var result = IndependenceTest(exhibit: plan.id, rowVariable: rowVariable, columnVariable: columnVariable, n: complete.count, test: nil)
        let design = table.sampleDesign
        guard design.kind != .census, rowLevels.count >= 2, columnLevels.count >= 2 else { return result }
        let nr = rowLevels.count, k = nr * columnLevels.count
        let rowIndex = Dictionary(uniqueKeysWithValues: rowLevels.enumerated().map { ($1, $0) })
        let columnIndex = Dictionary(uniqueKeysWithValues: columnLevels.enumerated().map { ($1, $0) })
        let cell = complete.map { rowIndex[table.rows[$0][a]]! + nr * columnIndex[table.rows[$0][b]]! }
        let sumW = complete.map { design.weights[$0] }.reduce(0, +)
        var p = Array(repeating: 0.0, count: k)
        for (i, r) in complete.enumerated() { p[cell[i]] += design.weights[r] / sumW }
        let z = complete.enumerated().map { i, r in (0..<k).map { c in design.weights[r] * ((cell[i] == c ? 1 : 0) - p[c]) / sumW } }
        let linearization = Linearization(design: design)
        let covariance = linearization.covariance(rows: complete, z: z, k: k)
        result.test = RaoScott.test(rows: nr, columns: columnLevels.count, proportions: p, covariance: covariance,
                                    n: Double(complete.count), designDF: Double(linearization.degreesOfFreedom(rows: complete)))
        return result
    }
}
