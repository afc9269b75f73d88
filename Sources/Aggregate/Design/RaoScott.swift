import Foundation
import MigstatCore


/// R's survey::svychisq(~a + b, design, statistic = "F") (survey 4.x), step for step.
public enum RaoScott {
    /// - Parameters:
    ///   - rows, columns: number of row and column categories (nr, nc), both >= 2.
    ///   - proportions: the design-based estimates of the nr*nc cell proportions (summing to 1), cell (i, j) at
    ///     index i + j*nr (R's interaction() order: the row factor varies fastest).
    ///   - covariance: their design-based covariance matrix, row-major, (nr*nc)^2 values (R: attr(svymean(mm, design), "var")).
    ///   - n: N, the number of units (nrow of the model matrix in R).
    ///   - designDF: nu, PSUs minus strata of the design.
    /// - Returns: nil when the test is undefined (a row or column total of zero, a singular matrix).
    public static func test(rows nr: Int, columns nc: Int, proportions: [Double], covariance: [Double],
                            n: Double, designDF nu: Double) -> RaoScottTest? {
        let cells = nr * nc
        guard nr >= 2, nc >= 2, proportions.count == cells, covariance.count == cells * cells,
              n > 0, nu > 0, proportions.allSatisfy({ $0 >= 0 && $0.isFinite }) else { return nil }
        guard let pearson = pearsonStatistic(rows: nr, columns: nc, proportions: proportions, n: n) else { return nil }

        // Main effects (intercept, rows 2…nr, columns 2…nc) and the interaction contrasts, over cells i + j·nr.
        let mainEffects = Matrix(rows: cells, columns: nr + nc - 1) { cell, k in
            let (i, j) = (cell % nr, cell / nr)
            if k == 0 { return 1 }
            return k < nr ? (i == k ? 1 : 0) : (j == k - nr + 1 ? 1 : 0)
        }
        let interactions = Matrix(rows: cells, columns: (nr - 1) * (nc - 1)) { cell, k in
            let (i, j) = (cell % nr, cell / nr)
            return i == 1 + k % (nr - 1) && j == 1 + k / (nr - 1) ? 1 : 0
        }
        let contrasts = interactions.residual(onColumnsOf: mainEffects)
        let inverseP = Matrix.diagonal(proportions.map { $0 == 0 ? 0 : 1 / $0 })
        let v = Matrix(rows: cells, columns: cells, values: covariance)
        let ct = contrasts.transposed
        let denominator = ct * Matrix.diagonal(proportions.map { $0 == 0 ? 0 : 1 / $0 / n }) * contrasts
        let numerator = ct * inverseP * v * inverseP * contrasts
        guard let delta = denominator.solve(numerator) else { return nil }

        let trace = delta.trace, traceOfSquare = (delta * delta).trace
        guard trace > 0, traceOfSquare > 0, trace.isFinite, traceOfSquare.isFinite else { return nil }
        let d0 = trace * trace / traceOfSquare
        let f = pearson / trace
        return RaoScottTest(pearson: pearson, f: f, ndf: d0, ddf: d0 * nu,
                            p: FDistribution.upperTail(f, df1: d0, df2: d0 * nu))
    }

    /// chisq.test(correct = FALSE) on the weighted table scaled to total N; nil when a margin is zero.
    static func pearsonStatistic(rows nr: Int, columns nc: Int, proportions: [Double], n: Double) -> Double? {
        let sum = proportions.reduce(0, +)
        let table = proportions.map { $0 * n / sum }
        let total = table.reduce(0, +)
        let rowTotals = (0..<nr).map { i in (0..<nc).reduce(0) { $0 + table[i + $1 * nr] } }
        let columnTotals = (0..<nc).map { j in (0..<nr).reduce(0) { $0 + table[$1 + j * nr] } }
        guard rowTotals.allSatisfy({ $0 > 0 }), columnTotals.allSatisfy({ $0 > 0 }) else { return nil }
        var x2 = 0.0
        for j in 0..<nc {
            for i in 0..<nr {
                let expected = rowTotals[i] * columnTotals[j] / total
                let d = table[i + j * nr] - expected
                x2 += d * d / expected
            }
        }
        return x2
    }
}
