import MigstatCore

/// The census counts one run publishes (every table of the run at once, so that linked tables are one system),
/// as an intruder sees them: counts (cells, bases, and counts that are never printed but follow from printed
/// numbers, like the persons of a region without a permit), the linear relations that hold between them
/// (margins, complements, the same persons counted in two tables), and the percentages printed beside them.
public struct CountModel: Sendable {
    public enum Role: Sendable { case printed, derived }
    public struct Count: Sendable {
        public var value: Int
        /// `printed`: in the publication files unless withheld; `derived`: never printed (a complement, a
        /// count only its percentage shows, a hidden category), but an intruder may work it out.
        public var role: Role
        public var label: String
    }
    public enum Relation: Sendable { case equal, atMost, atLeast }
    /// Σ coefficient × count (relation) rhs.
    public struct Constraint: Sendable {
        public var terms: [(count: Int, coefficient: Double)]
        public var relation: Relation
        public var rhs: Double
    }
    /// A percentage printed with `decimals` decimals: 100 × count / base.
    public struct Share: Sendable {
        public var count: Int
        public var base: Int
        public var percent: Double
        public var decimals: Int
    }

    public var counts: [Count] = []
    public var constraints: [Constraint] = []
    public var shares: [Share] = []
    /// Counts from 1 to threshold − 1 are sensitive (the contract's threshold: 5).
    public var threshold: Int

    public init(threshold: Int) { self.threshold = threshold }

    public func isSensitive(_ i: Int) -> Bool { counts[i].value >= 1 && counts[i].value < threshold }

    mutating func add(_ value: Int, _ role: Role, _ label: String) -> Int {
        counts.append(Count(value: value, role: role, label: label))
        return counts.count - 1
    }

    /// Adds Σ terms (relation) rhs with the relation the true counts satisfy: equal when they are (an intruder
    /// may know the rule that makes them equal), otherwise the inequality that holds. Only true relations are
    /// added, so the true table always stays feasible.
    mutating func relate(_ terms: [(count: Int, coefficient: Double)], to rhs: Int = 0) {
        let total = terms.reduce(0.0) { $0 + Double(counts[$1.count].value) * $1.coefficient }
        let target = Double(rhs)
        let relation: Relation = total == target ? .equal : (total < target ? .atMost : .atLeast)
        constraints.append(Constraint(terms: terms, relation: relation, rhs: target))
    }

    /// Adds Σ terms ≤ rhs (a rule such as "a region's persons are at most all persons") when the true counts
    /// satisfy it.
    mutating func atMost(_ terms: [(count: Int, coefficient: Double)], _ rhs: Int = 0) {
        let total = terms.reduce(0.0) { $0 + Double(counts[$1.count].value) * $1.coefficient }
        if total <= Double(rhs) { constraints.append(Constraint(terms: terms, relation: .atMost, rhs: Double(rhs))) }
    }

    /// The printed text of a share is its rounded value; any percentage within half a unit of its last digit
    /// prints the same.
    static func printedInterval(_ share: Share) -> (low: Double, high: Double) {
        let printed = Double(formatFixed(share.percent, decimals: share.decimals)) ?? share.percent
        var half = 0.5
        for _ in 0..<share.decimals { half /= 10 }
        return (printed - half - 1e-9, printed + half + 1e-9)
    }
}

/// Which printed counts and percentages a publication withholds.
public struct Suppression: Sendable, Equatable {
    public var counts: Set<Int> = []
    public var shares: Set<Int> = []
    public init() {}

    /// A percentage goes with its count and its base: withheld when either is, or when its count is a
    /// sensitive count that only the percentage would show.
    mutating func withholdShares(of model: CountModel) {
        for (i, s) in model.shares.enumerated()
        where counts.contains(s.count) || counts.contains(s.base) || (model.counts[s.count].role == .derived && model.isSensitive(s.count)) {
            shares.insert(i)
        }
    }
}

extension CountModel {
    /// The bound no count can exceed in the intruder's program (far above any real table's counts).
    var ceiling: Double { Double(counts.reduce(0) { $0 + $1.value }) * 2 + 100 }

    /// The intruder's program: a printed count is fixed, a withheld one is somewhere from 1 (zero is always
    /// printed) to the ceiling, a derived one from 0; every relation and every printed percentage (its rounding
    /// interval, linear in count and base) holds. Rows whose counts are all fixed are left out: they hold.
    func intruderProgram(_ s: Suppression) -> IntegerProgram {
        let columns = counts.indices.map { bounds(of: $0, s) }
        let fixed = columns.map { $0.lower == $0.upper }
        var rows: [LinearRow] = []
        for c in constraints where !c.terms.allSatisfy({ fixed[$0.count] }) { rows.append(Self.row(c)) }
        for (i, share) in shares.enumerated() where !s.shares.contains(i) && !(fixed[share.count] && fixed[share.base]) {
            rows += Self.rows(share)
        }
        return IntegerProgram(columns: columns, rows: rows)
    }

    func bounds(of i: Int, _ s: Suppression) -> (lower: Double, upper: Double) {
        let v = Double(counts[i].value)
        if counts[i].role == .derived { return (0, ceiling) }
        return s.counts.contains(i) ? (1, ceiling) : (v, v)
    }

    static func row(_ c: Constraint) -> LinearRow {
        let terms = c.terms.map { (column: $0.count, coefficient: $0.coefficient) }
        switch c.relation {
        case .equal: return LinearRow(terms: terms, lower: c.rhs, upper: c.rhs)
        case .atMost: return LinearRow(terms: terms, lower: nil, upper: c.rhs)
        case .atLeast: return LinearRow(terms: terms, lower: c.rhs, upper: nil)
        }
    }

    /// low ≤ 100 × count / base ≤ high as 100 × count − high × base ≤ 0 and 100 × count − low × base ≥ 0.
    static func rows(_ share: Share) -> [LinearRow] {
        let (low, high) = printedInterval(share)
        return [LinearRow(terms: [(share.count, 100), (share.base, -high)], lower: nil, upper: 0),
                LinearRow(terms: [(share.count, 100), (share.base, -low)], lower: 0, upper: nil)]
    }
}
