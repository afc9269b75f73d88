import MigstatCore

/// The census threshold rule of the data contract ("Confidentiality"), applied to one run before anything is
/// rendered: suppression (`CellSuppression`), then the intruder's audit (`DisclosureAudit`) of the result. A run
/// whose audit finds a count it can narrow fails: it never publishes one.
public enum DisclosureControl {
    /// The estimates as the publication files print them (each census estimate carries what it withholds; the
    /// numbers stay exact for the confidential files) and the audit's verdict.
    public static func apply(exhibits: [ExhibitConfig], estimates: [Estimate]) throws -> (published: [Estimate], verdict: DisclosureVerdict) {
        let census = exhibits.filter { x in estimates.contains { $0.exhibit == x.id && $0.interval == .census } }
        let threshold = census.map(\.layout.presentation.smallCount).max() ?? 0
        var verdict = DisclosureVerdict()
        verdict.threshold = threshold
        guard threshold > 1 else { return (estimates, verdict) }
        verdict.tables = census.count
        let tables = PublishedTables(exhibits: census, estimates: estimates, threshold: threshold)
        let model = tables.model
        let suppression = try CellSuppression.protect(model)
        let audited = try DisclosureAudit.audit(model, suppression)
        let exposed = audited.filter { !$0.isProtected }
        guard exposed.isEmpty else {
            throw DisclosureError.disclosure(exposed.map { "\($0.label) (\($0.value)) narrowed to \(formatPlain($0.low))–\(formatPlain($0.high))" })
        }
        var published = estimates
        for (i, at) in tables.positions {
            var withheld: Withheld = []
            if suppression.counts.contains(at.n) { withheld.insert(.n) }
            if suppression.counts.contains(at.base) { withheld.insert(.base) }
            if let share = at.share, suppression.shares.contains(share) { withheld.insert(.percent) }
            published[i].withheld = withheld
        }
        verdict.primary = suppression.counts.filter(model.isSensitive).count
        verdict.secondary = suppression.counts.count - verdict.primary
        verdict.percentages = suppression.shares.count
        verdict.audited = audited.count
        return (published, verdict)
    }
}
