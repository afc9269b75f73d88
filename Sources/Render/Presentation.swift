import Aggregate
import MigstatCore

/// What a printed table may show of one estimate, by the exhibit's `layout.presentation` (README "Presentation").
public enum Presentation: Equatable, Sendable {
    case shown
    /// NCHS: not presented (effective n, absolute or relative interval width); the cell prints `*`.
    case suppressed
    /// NCHS: presented, but flagged for statistical review (degrees of freedom under 8); the cell carries `†`.
    case review
    /// NCHS: a share of 0 % or 100 %, presented and flagged for statistical review (its relative interval width,
    /// or its complement's, is not defined); the cell carries `¶`.
    case extreme
    /// NCHS's complement rule: presented, but its complement (100 − p) would be suppressed (an interval wider
    /// than 5 points and more than 130 % of 100 − p), so the complement is not to be read off it; `§`.
    case complement
    /// Census percentage on a base under `small_base`; the cell carries `‡`.
    case smallBase

    /// Every flag a cell can carry, in the order the notes explain them.
    public static let marked: [Presentation] = [.suppressed, .review, .extreme, .complement, .smallBase]

    public var mark: String {
        switch self {
        case .shown: return ""
        case .suppressed: return "*"
        case .review: return "†"
        case .extreme: return "¶"
        case .complement: return "§"
        case .smallBase: return "‡"
        }
    }

    /// Said of the intervals of a quota sample wherever they are shown (../shared/extracts.md, "Sampling designs").
    public static let modelBasedNote = ", model-based, not design-based: the source is a quota sample, analysed as a simple random sample"

    /// The footnote that explains `mark`, with the rule's numbers.
    public func footnote(_ rules: PresentationConfig) -> String {
        switch self {
        case .shown: return ""
        case .suppressed:
            return "* Suppressed by the NCHS Data Presentation Standards for Proportions (Parker et al. 2017): effective sample size under 30, "
                + "Korn–Graubard 95% interval 30 points wide or more, or wider than 5 points and more than 130% of the percentage."
        case .review: return "† Flagged for statistical review (NCHS 2017): fewer than 8 degrees of freedom."
        case .extreme: return "¶ Flagged for statistical review (NCHS 2017): an estimate of 0% or 100%."
        case .complement:
            return "§ Shown, but its complement (100% minus it) is not reliable under the NCHS standard (2017): "
                + "the interval is wider than 5 points and more than 130% of the complement."
        case .smallBase: return "‡ Percentage on a base of fewer than \(rules.smallBase): read with care."
        }
    }

    /// Parker et al. (2017): the effective sample size n/deff (n where deff < 1) and the widths of the
    /// Korn–Graubard 95% interval (`KornGraubard`, as R's `svyciprop(method = "beta")`), whatever interval the
    /// table prints. A census estimate is judged by the small-base rule instead.
    public static func of(_ e: Estimate, rules: PresentationConfig) -> Presentation {
        guard let p = e.percent else { return .shown }
        if e.interval == .census {
            return rules.smallBase > 0 && e.baseN < rules.smallBase ? .smallBase : .shown
        }
        guard rules.standard == "nchs", let se = e.se, let df = e.df else { return .shown }
        let n = Double(e.baseN)
        guard let kg = KornGraubard.interval(p: p / 100, se: se / 100, n: e.baseN, df: df) else { return .suppressed }
        // At 0 and 100 % there is no variance: the effective size is the sample size.
        let effective = p <= 0 || p >= 100 ? n : min(n, e.deff.map { n / $0 } ?? n)
        return judge(effectiveSize: effective, width: (kg.high - kg.low) * 100, percent: p, df: df)
    }

    /// The standard's criteria, in its order: effective size under 30, an interval 30 points wide or more, or
    /// wider than 5 points and more than 130% of the percentage, suppress; fewer than 8 df flag for review;
    /// 0 % and 100 % flag for review (their relative width is not defined: 0 has none, 100 % a complement of 0);
    /// a share whose complement 100 − p the relative width would suppress is flagged (the complement rule).
    static func judge(effectiveSize: Double, width: Double, percent p: Double, df: Int) -> Presentation {
        if effectiveSize < 30 { return .suppressed }
        if width >= 30 { return .suppressed }
        if width > 5, p > 0, width / p * 100 > 130 { return .suppressed }
        if df < 8 { return .review }
        if p <= 0 || p >= 100 { return .extreme }
        if width > 5, width / (100 - p) * 100 > 130 { return .complement }
        return .shown
    }

    /// A census count under the small-count threshold prints as "<k" (zero is shown: it discloses no one).
    public static func count(_ n: Int, census: Bool, rules: PresentationConfig) -> String {
        census && rules.smallCount > 0 && n > 0 && n < rules.smallCount ? "<\(rules.smallCount)" : String(n)
    }
}
