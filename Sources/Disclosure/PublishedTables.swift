import Exhibits
import MigstatCore

/// Where an estimate's printed numbers sit in the `CountModel`.
public struct EstimateCounts: Sendable {
    public var n: Int
    public var base: Int
    public var share: Int?
}

/// Builds the run's `CountModel` from its census exhibits (every estimate with a census interval).
///
/// Per exhibit: each series' base and each category's count; a table of categories (a distribution) relates
/// its counts to the base (Σ counts = base when each unit has one category, ≥ when a unit may count in several,
/// ≤ when some have none; and each count ≤ base); a table of indicators (rows = series) has a derived
/// complement per indicator (base − count: persons without it), sensitive like any count. Counts a layout does
/// not print (a table of percentages only, a hidden category) are derived counts.
/// Linked tables — the same units in several exhibits over the same table — share or relate their counts:
/// bases with the same population (same table, unit, split value, no filter) and value are one count; the bases
/// of a split (persons by host region) are each at most the unsplit base (all persons) and together related
/// to it; persons of a split value are at most the records of that value in a table of records by the same
/// column, and all persons at most all records. Only relations the true counts satisfy are added.
public struct PublishedTables {
    public private(set) var model: CountModel
    /// Per estimate index (of the census estimates only).
    public private(set) var positions: [Int: EstimateCounts] = [:]

    public init(exhibits: [ExhibitConfig], estimates: [Estimate], threshold: Int) {
        model = CountModel(threshold: threshold)
        var populations: [String: Int] = [:]   // population key → base count
        var splitBases: [String: [(value: String, count: Int)]] = [:]   // from|unit|column → bases
        var recordCells: [String: [String: [Int]]] = [:]   // from|column → category → record counts
        var recordBases: [String: [Int]] = [:]   // from → record bases

        for exhibit in exhibits {
            let reads = ExhibitReads(exhibit)
            let mine = estimates.indices.filter { estimates[$0].exhibit == exhibit.id }
            guard !mine.isEmpty, mine.allSatisfy({ estimates[$0].interval == .census }),
                  !reads.series.isEmpty else { continue }
            let layout = exhibit.layout
            let printsCounts = layout.values.contains("n"), printsShares = layout.values.contains("percent")
            let indicators = layout.rows == "series" && reads.listsIndicators
            let split = reads.splitColumn
            var seriesOrder: [String] = []
            for i in mine where !seriesOrder.contains(estimates[i].series) { seriesOrder.append(estimates[i].series) }
            for series in seriesOrder {
                let rows = mine.filter { estimates[$0].series == series }
                let config = split == nil ? reads.series.first { $0.id == series } : reads.series[0]
                let unit = config?.unit ?? "records"
                let filtered = reads.filtered || config?.filtered == true
                let name = "\(exhibit.number), \(estimates[rows[0]].seriesLabel ?? series)"
                let baseValue = estimates[rows[0]].baseN
                let key = "\(reads.from)|\(unit)|\(split ?? "")|\(split == nil ? "" : series)" + (filtered ? "|\(exhibit.id)|\(series)" : "")
                let base: Int
                if let shared = populations[key], model.counts[shared].value == baseValue { base = shared } else {
                    base = model.add(baseValue, .printed, "\(name): base")
                    populations[key] = base
                    if let split, !filtered { splitBases["\(reads.from)|\(unit)|\(split)", default: []].append((series, base)) }
                    if unit == "records", !filtered { recordBases[reads.from, default: []].append(base) }
                }
                var cells: [Int] = []
                for i in rows {
                    let e = estimates[i]
                    let shown = printsCounts && !layout.hide.contains(e.category)
                    let n = model.add(e.n, shown ? .printed : .derived, "\(name), \(e.label)")
                    cells.append(n)
                    if indicators {
                        let without = model.add(e.baseN - e.n, .derived, "\(name), not \(e.label)")
                        model.relate([(n, 1), (without, 1), (base, -1)])
                    }
                    var share: Int?
                    if printsShares, !layout.hide.contains(e.category), let p = e.percent {
                        model.shares.append(CountModel.Share(count: n, base: base, percent: p, decimals: layout.decimals))
                        share = model.shares.count - 1
                    }
                    positions[i] = EstimateCounts(n: n, base: base, share: share)
                    if unit == "records", !filtered, let column = config?.variable {
                        recordCells["\(reads.from)|\(column)", default: [:]][e.category, default: []].append(n)
                    }
                }
                if !indicators {
                    model.relate(cells.map { ($0, 1) } + [(base, -1)])
                    for n in cells { model.atMost([(n, 1), (base, -1)]) }
                }
            }
        }
        link(populations: populations, splitBases: splitBases, recordCells: recordCells, recordBases: recordBases)
    }

    private mutating func link(populations: [String: Int], splitBases: [String: [(value: String, count: Int)]],
                               recordCells: [String: [String: [Int]]], recordBases: [String: [Int]]) {
        for key in splitBases.keys.sorted() {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let (from, unit, column) = (parts[0], parts[1], parts[2])
            let bases = splitBases[key] ?? []
            if let all = populations["\(from)|\(unit)||"] {
                for b in bases { model.atMost([(b.count, 1), (all, -1)]) }
                model.relate(bases.map { ($0.count, 1) } + [(all, -1)])
            }
            // Persons with the value are at most the records with it.
            if unit != "records", let byValue = recordCells["\(from)|\(column)"] {
                for b in bases { if let records = byValue[b.value] { model.atMost([(b.count, 1)] + records.map { ($0, -1) }) } }
            }
        }
        for key in populations.keys.sorted() {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 4, parts[1] != "records", parts[2].isEmpty, let all = populations[key],
                  let records = recordBases[parts[0]], !records.isEmpty else { continue }
            model.atMost([(all, 1)] + records.map { ($0, -1) })
        }
    }
}
