import Foundation

/// A small dense matrix, row-major: just what the design-based tests need (a few dozen rows at most).
struct Matrix: Equatable {
    let rows: Int, columns: Int
    var values: [Double]

    init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "a \(rows)×\(columns) matrix needs \(rows * columns) values")
        self.rows = rows; self.columns = columns; self.values = values
    }

    init(rows: Int, columns: Int, entry: (Int, Int) -> Double) {
        var values = [Double](); values.reserveCapacity(rows * columns)
        for i in 0..<rows { for j in 0..<columns { values.append(entry(i, j)) } }
        self.init(rows: rows, columns: columns, values: values)
    }

    static func diagonal(_ d: [Double]) -> Matrix {
        Matrix(rows: d.count, columns: d.count) { i, j in i == j ? d[i] : 0 }
    }

    subscript(i: Int, j: Int) -> Double {
        get { values[i * columns + j] }
        set { values[i * columns + j] = newValue }
    }

    var transposed: Matrix { Matrix(rows: columns, columns: rows) { i, j in self[j, i] } }

    var trace: Double { (0..<min(rows, columns)).reduce(0) { $0 + self[$1, $1] } }

    static func * (l: Matrix, r: Matrix) -> Matrix {
        precondition(l.columns == r.rows, "cannot multiply \(l.rows)×\(l.columns) by \(r.rows)×\(r.columns)")
        return Matrix(rows: l.rows, columns: r.columns) { i, j in
            (0..<l.columns).reduce(0) { $0 + l[i, $1] * r[$1, j] }
        }
    }

    /// The columns of `self` less their least-squares projection on the column space of `basis`
    /// (R's qr.resid(qr(basis), self)), by Householder QR of `basis`.
    func residual(onColumnsOf basis: Matrix) -> Matrix {
        precondition(basis.rows == rows && basis.columns <= rows)
        var a = basis, y = self
        var reflectors: [[Double]] = []
        for k in 0..<basis.columns {
            // v reflects column k of a (from row k down) onto a multiple of e_k.
            var v = (k..<rows).map { a[$0, k] }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            v[0] += v[0] < 0 ? -norm : norm
            let vv = v.reduce(0) { $0 + $1 * $1 }
            if vv > 0 {
                a.reflect(v, from: k, vv: vv); y.reflect(v, from: k, vv: vv)
            }
            reflectors.append(v)
        }
        // y is now Qᵀ·self: drop the part in the span of the basis, then map back with Q.
        for k in 0..<basis.columns { for j in 0..<columns { y[k, j] = 0 } }
        for k in stride(from: basis.columns - 1, through: 0, by: -1) {
            let v = reflectors[k], vv = v.reduce(0) { $0 + $1 * $1 }
            if vv > 0 { y.reflect(v, from: k, vv: vv) }
        }
        return y
    }

    /// Applies I - 2vvᵀ/(vᵀv) to rows k… of every column.
    private mutating func reflect(_ v: [Double], from k: Int, vv: Double) {
        for j in 0..<columns {
            var dot = 0.0
            for i in 0..<v.count { dot += v[i] * self[k + i, j] }
            let scale = 2 * dot / vv
            for i in 0..<v.count { self[k + i, j] -= scale * v[i] }
        }
    }

    /// X with self·X = rhs (R's solve(self, rhs)) by LU with partial pivoting; nil when self is singular
    /// to working precision (reciprocal condition number in the 1-norm below machine epsilon, as R refuses).
    func solve(_ rhs: Matrix) -> Matrix? {
        precondition(rows == columns && rhs.rows == rows)
        let n = rows
        var lu = self
        var permutation = Array(0..<n)
        for k in 0..<n {
            let pivot = (k..<n).max { abs(lu[$0, k]) < abs(lu[$1, k]) }!
            guard lu[pivot, k] != 0 else { return nil }
            if pivot != k {
                for j in 0..<n { let t = lu[k, j]; lu[k, j] = lu[pivot, j]; lu[pivot, j] = t }
                permutation.swapAt(k, pivot)
            }
            for i in (k + 1)..<max(k + 1, n) {
                lu[i, k] /= lu[k, k]
                for j in (k + 1)..<n { lu[i, j] -= lu[i, k] * lu[k, j] }
            }
        }
        func substitute(_ b: Matrix) -> Matrix {
            var x = Matrix(rows: n, columns: b.columns) { i, j in b[permutation[i], j] }
            for j in 0..<b.columns {
                for i in 0..<n { for k in 0..<i { x[i, j] -= lu[i, k] * x[k, j] } }
                for i in stride(from: n - 1, through: 0, by: -1) {
                    for k in (i + 1)..<max(i + 1, n) { x[i, j] -= lu[i, k] * x[k, j] }
                    x[i, j] /= lu[i, i]
                }
            }
            return x
        }
        let inverse = substitute(Matrix(rows: n, columns: n) { $0 == $1 ? 1 : 0 })
        guard reciprocalCondition(inverse: inverse) >= Double.ulpOfOne else { return nil }
        return substitute(rhs)
    }

    private var oneNorm: Double {
        (0..<columns).map { j in (0..<rows).reduce(0) { $0 + abs(self[$1, j]) } }.max() ?? 0
    }

    private func reciprocalCondition(inverse: Matrix) -> Double {
        let product = oneNorm * inverse.oneNorm
        return product.isFinite && product > 0 ? 1 / product : 0
    }
}
