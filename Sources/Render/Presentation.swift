import Aggregate
import MigstatCore

/// What a printed table may show of one estimate, by the exhibit's `layout.presentation` (README "Presentation").
public enum Presentation: Equatable, Sendable {
    case shown
    /// NCHS: not presented (effective n, absolute or relative interval width); the cell prints `*`.
    case suppressed
    /// NCHS: presented, but flagged for statistical review (degrees of freedom under 8); the cell carries `†`.
    case review
    /// Census percentage on a base under `small_base`; the cell carries `‡`.
    case smallBase

    public var mark: String {
        switch self { case .shown: return ""; case .suppressed: return "*"; case .review: return "†"; case .smallBase: return "‡" }
    }

    /// The footnote that explains `mark`, with the rule's numbers.
    public func footnote(_ rules: PresentationConfig) -> String {
        switch self {
        case .shown: return ""
        case .suppressed:
            return "* Suppressed by the NCHS Data Presentation Standards for Proportions (Parker et al. 2017): effective sample size under 30, "
                + "95% interval 30 points wide or more, or wider than 5 points and more than 130% of the percentage."
        case .review: return "† Flagged for statistical review (NCHS 2017): fewer than 8 degrees of freedom."
        case .smallBase: return "‡ Percentage on a base of fewer than \(rules.smallBase): read with care."
        }
    }

    /// Parker et al. (2017), applied to migstat's own 95% interval (Wilson or logit, not Korn–Graubard) and its
    /// n_eff = base_n / deff. A census estimate is judged by the small-base rule instead.
    public static func of(_ e: Estimate, rules: PresentationConfig) -> Presentation {
        guard let p = e.percent else { return .shown }
        if e.interval == .census {
            return rules.smallBase > 0 && e.baseN < rules.smallBase ? .smallBase : .shown
        }
        guard rules.standard == "nchs", let low = e.ciLow, let high = e.ciHigh else { return .shown }
        if (e.nEff ?? Double(e.baseN)) < 30 { return .suppressed }
        let width = high - low
        if width >= 30 { return .suppressed }
        // Relative width = width / p; a share of 0 has none, so it fails whenever the width exceeds 5 points.
        if width > 5, p <= 0 || width / p * 100 > 130 { return .suppressed }
        if let df = e.df, df < 8 { return .review }
        return .shown
    }

    /// A census count under the small-count threshold prints as "<k" (zero is shown: it discloses no one).
    public static func count(_ n: Int, census: Bool, rules: PresentationConfig) -> String {
        census && rules.smallCount > 0 && n > 0 && n < rules.smallCount ? "<\(rules.smallCount)" : String(n)
    }
}
