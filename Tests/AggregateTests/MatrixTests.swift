import XCTest
@testable import Aggregate

/// The two pieces of linear algebra the Rao–Scott test needs, on small cases worked by hand.
final class MatrixTests: XCTestCase {
    func testSolveMatchesHandSolution() throws {
        // [[2, 1], [1, 3]]·X = [[3, 5], [4, 5]] has X = [[1, 2], [1, 1]].
        let a = Matrix(rows: 2, columns: 2, values: [2, 1, 1, 3])
        let x = try XCTUnwrap(a.solve(Matrix(rows: 2, columns: 2, values: [3, 5, 4, 5])))
        for (got, want) in zip(x.values, [1.0, 2, 1, 1]) { XCTAssertEqual(got, want, accuracy: 1e-15) }
        // A zero leading entry needs the row exchange.
        let b = Matrix(rows: 2, columns: 2, values: [0, 1, 1, 0])
        XCTAssertEqual(b.solve(Matrix(rows: 2, columns: 1, values: [7, 9]))?.values, [9, 7])
    }

    func testSolveRefusesSingularMatrices() {
        let rhs = Matrix(rows: 2, columns: 1, values: [1, 1])
        XCTAssertNil(Matrix(rows: 2, columns: 2, values: [1, 2, 2, 4]).solve(rhs))
        XCTAssertNil(Matrix(rows: 2, columns: 2, values: [1, 1, 1, 1 + 1e-17]).solve(rhs))
        XCTAssertNil(Matrix(rows: 2, columns: 2, values: [1, 1, 1, 1 + 4.5e-16]).solve(rhs))   // rcond about 1e-16 < ε: R refuses too
        XCTAssertNotNil(Matrix(rows: 2, columns: 2, values: [1, 1, 1, 1 + 1e-10]).solve(rhs))
    }

    func testResidualIsOrthogonalToTheBasis() {
        // Residual of y = (1, 2, 4) on the column (1, 1, 1): y minus its mean.
        let basis = Matrix(rows: 3, columns: 1, values: [1, 1, 1])
        let y = Matrix(rows: 3, columns: 2, values: [1, 0, 2, 0, 4, 3])
        let r = y.residual(onColumnsOf: basis)
        let expected: [Double] = [1 - 7.0 / 3, -1, 2 - 7.0 / 3, -1, 4 - 7.0 / 3, 2]
        for (got, want) in zip(r.values, expected) { XCTAssertEqual(got, want, accuracy: 1e-15) }
        // A column already in the span leaves nothing.
        let inSpan = Matrix(rows: 3, columns: 1, values: [5, 5, 5]).residual(onColumnsOf: basis)
        for v in inSpan.values { XCTAssertEqual(v, 0, accuracy: 1e-14) }
    }
}
