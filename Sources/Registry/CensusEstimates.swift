import Aggregate
import Exhibits
import MigstatCore

/// What the estimates need of a series' counts, whoever counted them (the scan's `Tally`, or SQL's rows):
/// per group (a split value's number) and slot (the base, then each category; or base and yes per indicator).
protocol SeriesCounts {
    /// Groups counted at least once.
    var groups: [Int] { get }
    func count(group: Int, slot: Int) -> Int
    /// Slots counted at least once in some group.
    var slotsUsed: Set<Int> { get }
}

extension Tally: SeriesCounts {}

/// The registry's estimates from counts, one definition for both engines (the scan, `DeliveryExhibits`, and the
/// SQL, `ExhibitSQL`): which groups and categories are listed, in which order, with which labels.
struct CensusEstimates {
    /// The cleaned in-memory tables, for `labels_from`.
    let tables: [String: DataTable]

    /// Turns counts into estimates: per series and group, each category's count over the base. The registry is
    /// a census of records: no sampling error, so no standard error or interval.
    func estimates(_ plans: [ScanSeries], counts: [any SeriesCounts]) -> [Estimate] {
        var out: [Estimate] = []
        for (i, plan) in plans.enumerated() {
            let counted = counts[i]
            let labels = labelMap(plan)
            let orderedGroups = plan.groupDomain.map { $0.ordered(Set(counted.groups), labels: labels.group) } ?? [0]
            for g in orderedGroups {
                let seriesId = plan.groupDomain.map { $0.name(g) } ?? plan.series.id
                let seriesLabel = plan.groupDomain.map { domain in labels.group[domain.rawValue(g)] ?? domain.name(g) }
                func emit(_ category: String, _ label: String, n: Int, base: Int) {
                    let p = base > 0 ? Double(n) / Double(base) : nil
                    var e = Estimate(exhibit: plan.exhibit.id, series: seriesId, category: category, label: label, n: n, baseN: base,
                                     weighted: Double(n), baseWeighted: Double(base), percent: p.map { $0 * 100 },
                                     ciLow: nil, ciHigh: nil, interval: .census)
                    e.seriesLabel = seriesLabel
                    out.append(e)
                }
                if let domain = plan.variableDomain {
                    // Declared codes are all listed; reference keys as met anywhere in the series, so groups align.
                    let met = Set(counted.slotsUsed.filter { $0 > 0 }.map { $0 - 1 })
                    let categories = domain.kind == .codes ? domain.declared : domain.ordered(met, labels: labels.category)
                    let base = counted.count(group: g, slot: 0)
                    for c in categories {
                        let name = domain.name(c)
                        let label = plan.exhibit.categoryLabels[name] ?? labels.category[domain.rawValue(c)] ?? domain.codeLabel(c) ?? name
                        emit(name, label, n: counted.count(group: g, slot: c + 1), base: base)
                    }
                } else {
                    for (k, ind) in plan.series.indicators.enumerated() {
                        emit(ind.category, plan.exhibit.categoryLabels[ind.category] ?? ind.label ?? ind.category,
                             n: counted.count(group: g, slot: 2 * k + 1), base: counted.count(group: g, slot: 2 * k))
                    }
                }
            }
        }
        return out
    }

    /// Labels of split values and categories from `labels_from` ("source.table.column"), for the columns that
    /// reference that table.
    private func labelMap(_ plan: ScanSeries) -> (group: [String: String], category: [String: String]) {
        guard let from = plan.series.labelsFrom else { return ([:], [:]) }
        let parts = from.split(separator: ".").map(String.init)
        guard parts.count == 3, let data = tables["\(parts[0]).\(parts[1])"], let labelIndex = data.index(of: parts[2]) else { return ([:], [:]) }
        func map(for column: ColumnConfig?) -> [String: String] {
            guard let ref = column?.references else { return [:] }
            let refParts = ref.split(separator: ".").map(String.init)
            guard refParts.count == 3, refParts[0] == parts[0], refParts[1] == parts[1], let keyIndex = data.index(of: refParts[2]) else { return [:] }
            var out: [String: String] = [:]
            for row in data.rows { out[row[keyIndex].key] = row[labelIndex].key }
            return out
        }
        return (map(for: plan.series.split?.column), map(for: plan.series.variable))
    }
}
