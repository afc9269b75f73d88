import Clean
import Exhibits
import MigstatCore

/// A filter value checked on a cell's bytes: one of some texts, or a number in a range (as FilterValue.accepts).
/// Its set is not retained (read per row, it would be retained and released each time): `keep` hands it to
/// its owner.
struct ByteFilter {
    unowned(unsafe) let texts: ByteSet
    let range: ClosedRange<Double>?

    init(_ value: FilterValue, keep: (ByteSet) -> ByteSet) {
        texts = keep(ByteSet(value.values))
        range = value.isRange ? (value.min ?? -.infinity)...(value.max ?? .infinity) : nil
    }

    func accepts(_ b: UnsafeRawBufferPointer) -> Bool {
        guard let range else { return texts.contains(b) }
        guard let x = Double(String(decoding: b, as: UTF8.self)) else { return false }
        return range.contains(x)
    }
}

/// What a scan needs of one series, as plain data: read for each of millions of rows, it involves no
/// reference counting. `ScanSeries` owns the memory it points to.
struct SeriesCore {
    struct ColumnFilter { let column: Int; let filter: ByteFilter }
    struct IndicatorColumn { let column: Int; unowned(unsafe) let noAnswer: ByteSet }
    /// An indicator over one or several variables ("any"): yes when one of them is accepted, in the base
    /// when one of them is answered.
    struct Indicator { let columns: UnsafeMutableBufferPointer<IndicatorColumn>; let accepted: ByteFilter }

    var filters: UnsafeMutableBufferPointer<ColumnFilter>
    /// The split column and its values' numbers (-1: no split).
    var groupColumn = -1
    var group: DomainLookup?
    /// The variable and its categories' numbers (-1: indicators instead).
    var variableColumn = -1
    var variable: DomainLookup?
    unowned(unsafe) var variableNoAnswer: ByteSet
    var indicators: UnsafeMutableBufferPointer<Indicator>
    /// The unit column (-1: count rows).
    var unit = -1
    var unitIsInteger = false
    var groupBits = 0
    var categoryBits = 0
    /// Where this series' (group, category) sits in a packed person entry.
    var offset = 0
    var width: Int { groupBits + categoryBits }

    /// Classifies a row: nil if it is outside the series (filters, or no group value); otherwise its group
    /// number and category code, 0 meaning "not in the base" (no answer, missing). For indicators the code
    /// holds two bits per indicator: 0 missing, 1 no, 2 yes.
    @inline(__always)
    func classify<Row: ScanRowBytes>(_ row: Row) -> (group: Int, code: Int)? {
        // By index, in place: binding an element would copy it, per row.
        for i in 0..<filters.count where !filters[i].filter.accepts(row.bytes(filters[i].column)) { return nil }
        var g = 0
        if groupColumn >= 0 {
            let b = row.bytes(groupColumn)
            guard !b.isEmpty, let n = group.unsafelyUnwrapped.number(b) else { return nil }
            g = n
        }
        if variableColumn >= 0 {
            let b = row.bytes(variableColumn)
            if b.isEmpty || variableNoAnswer.contains(b) { return (g, 0) }
            return (g, (variable.unsafelyUnwrapped.number(b) ?? -1) + 1)
        }
        var code = 0
        for i in 0..<indicators.count {
            var state = 0
            let columns = indicators[i].columns
            for k in 0..<columns.count {
                let b = row.bytes(columns[k].column)
                if b.isEmpty || columns[k].noAnswer.contains(b) { continue }
                state = max(state, indicators[i].accepted.accepts(b) ? 2 : 1)
            }
            code |= state << (2 * i)
        }
        return (g, code)
    }
}

/// One series of an exhibit's plan over a delivery table, compiled against the columns a scan reads: its filters,
/// the column it is split by, its categories, and the unit it counts (rows, or distinct persons).
// Unchecked: compiled before the scan and never mutated while threads read it.
final class ScanSeries: @unchecked Sendable {
    let exhibit: ExhibitPlan
    let series: PlannedSeries
    let groupDomain: ValueDomain?
    let variableDomain: ValueDomain?
    var core: SeriesCore
    /// Every set the core reads (it holds them unretained).
    private let sets: [ByteSet]

    init(exhibit: ExhibitPlan, series: PlannedSeries, columnIndex: (String) -> Int) {
        self.exhibit = exhibit
        self.series = series
        let referenceKeys = exhibit.referenceKeys
        // The exhibit's `where` and the series' own, and-ed (the plan's one meaning): a column may be tested twice.
        let conditions = series.conditions
        var sets: [ByteSet] = []
        func kept(_ set: ByteSet) -> ByteSet { sets.append(set); return set }
        let filters = UnsafeMutableBufferPointer<SeriesCore.ColumnFilter>.allocate(capacity: conditions.count)
        for (i, c) in conditions.enumerated() {
            filters.baseAddress!.advanced(by: i).initialize(to: .init(column: columnIndex(c.column.name), filter: ByteFilter(c.accepts, keep: kept)))
        }
        let split = series.split
        groupDomain = split.map { ValueDomain(column: $0.column, referenceKeys: referenceKeys, month: $0.byMonth) }
        let variable = series.variable
        variableDomain = variable.map { ValueDomain(column: $0, referenceKeys: referenceKeys, month: false) }
        let declared = series.indicators
        let indicators = UnsafeMutableBufferPointer<SeriesCore.Indicator>.allocate(capacity: variable == nil ? declared.count : 0)
        if variable == nil {
            for (i, ind) in declared.enumerated() {
                let columns = UnsafeMutableBufferPointer<SeriesCore.IndicatorColumn>.allocate(capacity: ind.variables.count)
                for (k, v) in ind.variables.enumerated() {
                    columns.baseAddress!.advanced(by: k).initialize(to: .init(column: columnIndex(v.name), noAnswer: kept(ByteSet(v.noAnswer))))
                }
                indicators.baseAddress!.advanced(by: i).initialize(to: .init(columns: columns, accepted: ByteFilter(ind.accepts, keep: kept)))
            }
        }
        core = SeriesCore(filters: filters, variableNoAnswer: kept(ByteSet(variable?.noAnswer ?? [])), indicators: indicators)
        self.sets = sets
        if let split, let groupDomain { core.groupColumn = columnIndex(split.column.name); core.group = groupDomain.lookup; core.groupBits = groupDomain.bits }
        if let variable, let variableDomain {
            core.variableColumn = columnIndex(variable.name); core.variable = variableDomain.lookup; core.categoryBits = variableDomain.bits
        } else {
            core.categoryBits = 2 * declared.count
        }
        if let unit = series.unit.column { core.unit = columnIndex(unit.name); core.unitIsInteger = unit.type == .integer }
    }

    /// The buffers hold plain data (the sets are `sets`'); deinitialized all the same.
    deinit {
        for ind in core.indicators {
            _ = ind.columns.deinitialize()
            ind.columns.deallocate()
        }
        _ = core.indicators.deinitialize()
        core.indicators.deallocate()
        _ = core.filters.deinitialize()
        core.filters.deallocate()
    }

    var countsPersons: Bool { core.unit >= 0 }
    var indicatorCount: Int { core.indicators.count }

    /// Slots of a group's tally: the base then each category (a variable), or base and yes per indicator.
    var slots: Int { variableDomain.map { $0.limit + 1 } ?? 2 * core.indicators.count }
}

/// What a plan reads of a row (a scan row, or a test's).
protocol ScanRowBytes {
    func bytes(_ column: Int) -> UnsafeRawBufferPointer
    func integer(_ column: Int) -> Int64
}

/// Counts per group (a split value) and slot (base or category), in one flat array: most groups and
/// categories are few, and a dictionary's hashing would cost more than the rest of a row's work.
/// One thread at a time updates a tally, once per row: no dynamic exclusivity checks.
// Unchecked: one thread at a time owns a tally (see above); merged after the threads are joined.
final class Tally: @unchecked Sendable {
    let slots: Int
    @exclusivity(unchecked) private var dense: [Int: Int] = [:]
    @exclusivity(unchecked) private(set) var groups: [Int] = []
    @exclusivity(unchecked) private var counts: [Int] = []
    @exclusivity(unchecked) private var lastGroup = Int.min
    @exclusivity(unchecked) private var lastDense = 0

    init(slots: Int) { self.slots = slots }

    @inline(__always)
    func add(group: Int, slot: Int) {
        counts[denseIndex(group) * slots + slot] += 1
    }

    private func denseIndex(_ group: Int) -> Int {
        if group == lastGroup { return lastDense }
        let d: Int
        if let known = dense[group] { d = known } else {
            d = groups.count
            dense[group] = d
            groups.append(group)
            counts.append(contentsOf: repeatElement(0, count: slots))
        }
        lastGroup = group; lastDense = d
        return d
    }

    func count(group: Int, slot: Int) -> Int {
        guard let d = dense[group] else { return 0 }
        return counts[d * slots + slot]
    }

    func merge(_ other: Tally) {
        for (d, g) in other.groups.enumerated() {
            let mine = denseIndex(g)
            for s in 0..<slots { counts[mine * slots + s] += other.counts[d * slots + s] }
        }
    }

    /// Categories (slots) counted at least once in some group.
    var slotsUsed: Set<Int> {
        var out = Set<Int>()
        for d in 0..<groups.count { for s in 0..<slots where counts[d * slots + s] > 0 { out.insert(s) } }
        return out
    }
}
