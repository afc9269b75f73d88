/// One row of tests.csv: the test of independence of a cross-tabulation (an exhibit split by a column).
public struct IndependenceTest: Sendable, Equatable {
    public var exhibit: String
    public var rowVariable: String
    public var columnVariable: String
    /// Units in the exhibit's domain with both answers.
    public var n: Int
    public var test: RaoScottTest?

    public init(exhibit: String, rowVariable: String, columnVariable: String, n: Int, test: RaoScottTest? = nil) {
        self.exhibit = exhibit; self.rowVariable = rowVariable; self.columnVariable = columnVariable; self.n = n; self.test = test
    }
}

/// The Rao–Scott corrected Pearson test of independence of a two-way table.
public struct RaoScottTest: Equatable, Sendable {
    public var pearson: Double   // X² of chisq.test(svytable(formula, design, Ntotal = N), correct = FALSE)
    public var f: Double         // pearson / trace(Delta)
    public var ndf: Double       // d0 = tr(Delta)^2 / tr(Delta^2)
    public var ddf: Double       // d0 * nu
    public var p: Double         // pf(f, ndf, ddf, lower.tail = FALSE)

    public init(pearson: Double, f: Double, ndf: Double, ddf: Double, p: Double) {
        self.pearson = pearson; self.f = f; self.ndf = ndf; self.ddf = ddf; self.p = p
    }
}
