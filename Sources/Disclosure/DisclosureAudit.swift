import MigstatCore

/// One sensitive count (1 to threshold − 1) and the interval an intruder can narrow it to.
public struct AuditedCount: Sendable {
    public var label: String
    public var value: Int
    public var low: Double
    public var high: Double
    /// The contract's "not more narrowly than 1 to 4" (`DisclosureAudit.covers`).
    public var isProtected: Bool
}

/// The intruder: for every sensitive count, its least and greatest value over all integer tables that agree
/// with everything the publication files print (printed counts, the relations between counts, withheld counts
/// being at least 1 since zero is always printed, percentages within their rounding) — GLPK's branch and bound,
/// so at least as sharp as the linear-programming bounds τ-ARGUS's audit computes.
public enum DisclosureAudit {
    public static func audit(_ model: CountModel, _ suppression: Suppression) throws -> [AuditedCount] {
        let program = model.intruderProgram(suppression)
        var out: [AuditedCount] = []
        for i in model.counts.indices where model.isSensitive(i) {
            let (low, high) = try interval(of: i, in: program)
            out.append(AuditedCount(label: model.counts[i].label, value: model.counts[i].value, low: low, high: high,
                                    isProtected: covers(low, high, threshold: model.threshold)))
        }
        return out
    }

    /// The protection interval (docs/confidentiality.md): the intruder's interval holds at least as many values
    /// as 1 to threshold − 1 (high − low ≥ threshold − 2) and reaches threshold − 1, so that it never pins a count
    /// down, never says "at most 3", and never narrows it to fewer candidates than the rule's own "1 to 4". Its
    /// lower end cannot always reach 1: a withheld base of two withheld cells is at least 2, since zero is
    /// always printed; its upper end then reaches at least 5.
    static func covers(_ low: Double, _ high: Double, threshold: Int) -> Bool {
        high >= Double(threshold - 1) - 1e-6 && high - low >= Double(threshold - 2) - 1e-6
    }

    /// Least and greatest value of count `i`; a printed count is pinned by its bounds.
    static func interval(of i: Int, in program: IntegerProgram) throws -> (Double, Double) {
        guard let low = try program.optimum([(i, 1)], maximize: false), let high = try program.optimum([(i, 1)], maximize: true) else {
            throw DisclosureError.solver("the published constraints admit no table (a relation of the model is wrong)")
        }
        return (low.value, high.value)
    }
}

/// What the audit says of a run, for the log and report.html.
public struct DisclosureVerdict: Sendable, Equatable {
    /// Printed counts withheld because they are from 1 to threshold − 1 (cells and bases).
    public var primary = 0
    /// Printed counts withheld to protect them (complementary suppression).
    public var secondary = 0
    /// Percentages withheld (beside a withheld count or base, or showing a sensitive count).
    public var percentages = 0
    /// Sensitive counts audited (printed ones and those only derivable, like complements).
    public var audited = 0
    /// Sensitive counts the audit found narrower than 1 to threshold − 1 (a published run has none).
    public var exposed = 0
    public var threshold = 5
    /// Census exhibits under the rule (0: the run publishes none, and says nothing of it).
    public var tables = 0

    public init() {}

    public var sentence: String {
        "Disclosure control (\(tables) census exhibits, threshold \(threshold)): \(primary + secondary) counts withheld "
            + "(\(primary) from 1 to \(threshold - 1), \(secondary) to protect them) and \(percentages) percentages; "
            + "the audit solved for \(audited) counts from 1 to \(threshold - 1): "
            + (exposed == 0 ? "none can be narrowed below 1 to \(threshold - 1)." : "\(exposed) can be narrowed: nothing published.")
    }
}
