import Clean
import MigstatCore

/// One series of an exhibit over a delivery table, compiled against the columns a scan reads: its filters,
/// the column it is split by, its categories, and the unit it counts (rows, or distinct persons).
/// A filter value checked on a cell's bytes: one of some texts, or a number in a range (as FilterValue.accepts).
struct ByteFilter {
    let texts: ByteSet
    let range: ClosedRange<Double>?

    init(_ value: FilterValue) {
        texts = ByteSet(value.values)
        range = value.isRange ? (value.min ?? -.infinity)...(value.max ?? .infinity) : nil
    }

    func accepts(_ b: UnsafeRawBufferPointer) -> Bool {
        guard let range else { return texts.contains(b) }
        guard let x = Double(String(decoding: b, as: UTF8.self)) else { return false }
        return range.contains(x)
    }

    func deallocate() { texts.deallocate() }
}

final class SeriesPlan: @unchecked Sendable {
    /// An indicator over one or several variables ("any"): yes when one of them is accepted, in the base when
    /// one of them is answered.
    struct Indicator { let columns: [(column: Int, noAnswer: ByteSet)]; let accepted: ByteFilter }
    enum Categories {
        case variable(column: Int, domain: ValueDomain, noAnswer: ByteSet)
        case indicators([Indicator])
    }

    let exhibit: ExhibitConfig
    let series: SeriesConfig
    let filters: [(column: Int, filter: ByteFilter)]
    let group: (column: Int, domain: ValueDomain)?
    let categories: Categories
    /// The scan column holding the unit (person), nil to count rows.
    let unit: Int?
    let unitIsInteger: Bool
    /// Where this series' (group, category) sits in a packed person entry.
    var offset = 0

    init(exhibit: ExhibitConfig, series: SeriesConfig, table: TableConfig, columnIndex: (String) -> Int,
         referenceKeys: [String: Set<String>]) {
        self.exhibit = exhibit
        self.series = series
        let filter = (exhibit.where ?? [:]).merging(series.where ?? [:]) { _, seriesValue in seriesValue }
        filters = filter.sorted { $0.key < $1.key }.map { (columnIndex($0.key), ByteFilter($0.value)) }
        if let split = series.splitBy, let column = table.column(split.column) {
            group = (columnIndex(split.column), ValueDomain(column: column, referenceKeys: referenceKeys, month: split.period == "month"))
        } else {
            group = nil
        }
        if let variable = series.variable, let column = table.column(variable) {
            categories = .variable(column: columnIndex(variable), domain: ValueDomain(column: column, referenceKeys: referenceKeys, month: false),
                                   noAnswer: ByteSet(column.noAnswer))
        } else {
            categories = .indicators((series.indicators ?? []).map { ind in
                Indicator(columns: ind.variables.map { (columnIndex($0), ByteSet(table.column($0)?.noAnswer ?? [])) },
                          accepted: ByteFilter(ind.equals))
            })
        }
        unit = series.unit.map(columnIndex)
        unitIsInteger = series.unit.flatMap { table.column($0)?.type } == .integer
    }

    deinit {
        for f in filters { f.filter.deallocate() }
        switch categories {
        case .variable(_, _, let noAnswer): noAnswer.deallocate()
        case .indicators(let list): for i in list { i.accepted.deallocate(); for c in i.columns { c.noAnswer.deallocate() } }
        }
    }

    var groupBits: Int { group?.domain.bits ?? 0 }
    var categoryBits: Int {
        switch categories {
        case .variable(_, let domain, _): return domain.bits
        case .indicators(let list): return 2 * list.count
        }
    }
    /// Bits of this series in a packed entry.
    var width: Int { groupBits + categoryBits }

    /// Slots of a group's tally: the base then each category (a variable), or base and hits per indicator.
    static func tallyKey(group: Int, slot: Int) -> Int { group << 24 | slot }

    /// Classifies a row: nil if it is outside the series (filters, or no group value); otherwise its group
    /// number and category code, 0 meaning "not in the base" (no answer, missing). For indicators the code
    /// holds two bits per indicator: 0 missing, 1 no, 2 yes.
    func classify<Row: ScanRowBytes>(_ row: Row) -> (group: Int, code: Int)? {
        for f in filters where !f.filter.accepts(row.bytes(f.column)) { return nil }
        var g = 0
        if let group {
            let b = row.bytes(group.column)
            guard !b.isEmpty, let n = group.domain.number(b) else { return nil }
            g = n
        }
        switch categories {
        case let .variable(column, domain, noAnswer):
            let b = row.bytes(column)
            if b.isEmpty || noAnswer.contains(b) { return (g, 0) }
            return (g, (domain.number(b) ?? -1) + 1)
        case .indicators(let list):
            var code = 0
            for (i, ind) in list.enumerated() {
                var state = 0
                for c in ind.columns {
                    let b = row.bytes(c.column)
                    if b.isEmpty || c.noAnswer.contains(b) { continue }
                    state = max(state, ind.accepted.accepts(b) ? 2 : 1)
                }
                code |= state << (2 * i)
            }
            return (g, code)
        }
    }
}

/// What a plan reads of a row (a scan row, or a test's).
protocol ScanRowBytes {
    func bytes(_ column: Int) -> UnsafeRawBufferPointer
    func integer(_ column: Int) -> Int64
}
