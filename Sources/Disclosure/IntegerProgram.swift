import CGLPK

/// One linear row: lower ≤ Σ coefficient × column ≤ upper (nil: no bound on that side).
struct LinearRow {
    var terms: [(column: Int, coefficient: Double)]
    var lower: Double?
    var upper: Double?
}

/// Integer columns with bounds and linear rows, solved by GLPK (simplex, then branch and bound from its
/// basis): built once, then optimized for one objective after another, each starting from the last basis.
/// GLPK's answers are deterministic for the same problem built in the same order.
final class IntegerProgram {
    private let problem: OpaquePointer
    let columnCount: Int
    private var objective: [Int] = []

    init(columns: [(lower: Double, upper: Double)], rows: [LinearRow]) {
        glp_term_out(GLP_OFF)   // GLPK would print to stdout
        problem = glp_create_prob()
        columnCount = columns.count
        if !columns.isEmpty { glp_add_cols(problem, Int32(columns.count)) }
        for (j, b) in columns.enumerated() {
            glp_set_col_bnds(problem, Int32(j + 1), b.lower == b.upper ? GLP_FX : GLP_DB, b.lower, b.upper)
            glp_set_col_kind(problem, Int32(j + 1), GLP_IV)
        }
        if !rows.isEmpty { glp_add_rows(problem, Int32(rows.count)) }
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]   // GLPK's arrays start at 1
        for (i, row) in rows.enumerated() {
            let kind: Int32
            switch (row.lower, row.upper) {
            case let (l?, u?): kind = l == u ? GLP_FX : GLP_DB
            case (_?, nil): kind = GLP_LO
            case (nil, _?): kind = GLP_UP
            case (nil, nil): kind = GLP_FR
            }
            glp_set_row_bnds(problem, Int32(i + 1), kind, row.lower ?? 0, row.upper ?? 0)
            for t in row.terms {
                ia.append(Int32(i + 1)); ja.append(Int32(t.column + 1)); ar.append(t.coefficient)
            }
        }
        glp_load_matrix(problem, Int32(ia.count - 1), ia, ja, ar)
    }

    deinit { glp_delete_prob(problem) }

    /// The integer optimum of Σ coefficient × column, and the columns' values there; nil when no integer point
    /// satisfies the rows (never for a model its true values satisfy).
    func optimum(_ terms: [(column: Int, coefficient: Double)], maximize: Bool) throws -> (value: Double, columns: [Double])? {
        for j in objective { glp_set_obj_coef(problem, Int32(j + 1), 0) }
        objective = terms.map(\.column)
        for t in terms { glp_set_obj_coef(problem, Int32(t.column + 1), t.coefficient) }
        glp_set_obj_dir(problem, maximize ? GLP_MAX : GLP_MIN)
        var simplex = glp_smcp()
        glp_init_smcp(&simplex)
        simplex.msg_lev = GLP_MSG_OFF
        var code = glp_simplex(problem, &simplex)
        if code != 0 {   // a stale basis GLPK cannot factorize: start again from the standard one
            glp_std_basis(problem)
            code = glp_simplex(problem, &simplex)
        }
        guard code == 0 else { throw DisclosureError.solver("GLPK's simplex stopped with code \(code)") }
        switch glp_get_status(problem) {
        case GLP_OPT: break
        case GLP_NOFEAS: return nil
        case let status: throw DisclosureError.solver("GLPK's simplex ended with status \(status)")
        }
        // An integral LP optimum is the integer optimum (the LP bound is reached by an integer point): the common
        // case for tables of margins, whose matrices are totally unimodular; branch and bound only otherwise.
        let relaxed = (0..<columnCount).map { glp_get_col_prim(problem, Int32($0 + 1)) }
        if relaxed.allSatisfy({ abs($0 - $0.rounded()) < 1e-9 }) { return (glp_get_obj_val(problem), relaxed) }
        var branch = glp_iocp()
        glp_init_iocp(&branch)
        branch.msg_lev = GLP_MSG_OFF
        let mip = glp_intopt(problem, &branch)
        guard mip == 0 || mip == GLP_ENODFS || mip == GLP_ENOPFS else { throw DisclosureError.solver("GLPK's branch and bound stopped with code \(mip)") }
        switch glp_mip_status(problem) {
        case GLP_OPT: break
        case GLP_NOFEAS: return nil
        case let status: throw DisclosureError.solver("GLPK's branch and bound ended with status \(status)")
        }
        let values = (0..<columnCount).map { glp_mip_col_val(problem, Int32($0 + 1)) }
        return (glp_mip_obj_val(problem), values)
    }
}

public enum DisclosureError: Error, CustomStringConvertible {
    case solver(String)
    /// The audit found a count from 1 to k−1 that the publication files pin down more narrowly.
    case disclosure([String])
    case unprotectable(String)

    public var description: String {
        switch self {
        case let .solver(m): return "disclosure control: \(m)"
        case let .disclosure(cells):
            return "disclosure audit failed: \(cells.count) suppressed count(s) could be narrowed by an intruder: "
                + cells.prefix(10).joined(separator: "; ") + (cells.count > 10 ? "; …" : "")
        case let .unprotectable(cell): return "disclosure control: no complementary suppression protects \(cell)"
        }
    }
}
