import Clean
import Foundation
import MigstatCore

/// How a value's number is found from its bytes, as plain data for the scan's inner loop: its set is not
/// retained (its `ValueDomain` keeps it), so that reading a lookup per row does no reference counting.
struct DomainLookup {
    let kind: ValueDomain.Kind
    unowned(unsafe) let set: ByteSet
    /// For codes: number in the set's (sorted) order → declaration order.
    let declaredOrder: UnsafeMutableBufferPointer<Int>

    @inline(__always)
    func number(_ b: UnsafeRawBufferPointer) -> Int? {
        switch kind {
        case .codes:
            return set.index(of: b).map { declaredOrder[$0] }
        case .reference:
            return set.index(of: b)
        case .month:
            guard b.count >= 7, b[4] == 45 else { return nil }
            var year = 0, month = 0
            for i in 0..<4 { let d = b[i] &- 48; guard d < 10 else { return nil }; year = year * 10 + Int(d) }
            for i in 5..<7 { let d = b[i] &- 48; guard d < 10 else { return nil }; month = month * 10 + Int(d) }
            guard month >= 1, month <= 12 else { return nil }
            return year * 12 + month - 1
        }
    }
}

/// The values a split or category column can take, numbered so that a row's value is a small integer found
/// from its bytes without making a String: a code's declaration order, a key of the reference table the
/// column references, or the month of a date.
// Unchecked: built before the scan and never mutated while threads read it.
final class ValueDomain: @unchecked Sendable {
    enum Kind { case codes, reference, month }
    let kind: Kind
    let lookup: DomainLookup
    /// The lookup's set, owned here.
    private let set: ByteSet
    private let codes: [CodeConfig]
    /// The largest number a value may get, so that it fits its bits in a packed entry.
    let limit: Int

    /// The domain of a column: its codes, its reference's keys, or months of a date (the validator allows no other).
    init(column: ColumnConfig, referenceKeys: [String: Set<String>], month: Bool) {
        codes = column.codes
        let order: UnsafeMutableBufferPointer<Int>
        let set: ByteSet
        if month {
            kind = .month
            set = ByteSet([String]())
            order = .allocate(capacity: 0)
            limit = 10_000 * 12
        } else if column.type == .code {
            kind = .codes
            set = ByteSet(column.codes.map(\.code))
            order = .allocate(capacity: set.members)
            for i in 0..<set.members { order[i] = column.codes.firstIndex { $0.code == set.member(i) }! }
            limit = column.codes.count
        } else {
            kind = .reference
            let keys = column.references.flatMap { referenceKeys[$0] } ?? []
            set = ByteSet(keys)
            order = .allocate(capacity: 0)
            limit = keys.count
        }
        self.set = set
        lookup = DomainLookup(kind: kind, set: set, declaredOrder: order)
    }

    /// The set frees itself (a class); the order is plain integers.
    deinit { lookup.declaredOrder.deallocate() }

    /// Bits a number of this domain needs in a packed entry (0 is kept for "no value").
    var bits: Int { Int.bitWidth - (limit + 1).leadingZeroBitCount }

    /// The text of a number: the code's category name, the key, or `yyyy-mm`.
    func name(_ n: Int) -> String {
        switch kind {
        case .codes: return codes[n].name
        case .reference: return lookup.set.member(n)
        case .month:
            let year = String(n / 12), month = String(n % 12 + 1)
            return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + (month.count == 1 ? "0" : "") + month
        }
    }

    /// The raw value of a number, for labels looked up in a reference table.
    func rawValue(_ n: Int) -> String { kind == .codes ? codes[n].code : name(n) }

    /// A code's label from pipeline.json or its codebook.
    func codeLabel(_ n: Int) -> String? { kind == .codes ? codes[n].label : nil }

    /// Numbers listed even when no row has them: every declared code.
    var declared: [Int] { kind == .codes ? Array(0..<codes.count) : [] }

    /// Output order of numbers met: codes in declaration order, months in time, keys by their label when they
    /// have one (regions by name) and else by their text.
    func ordered(_ numbers: Set<Int>, labels: [String: String] = [:]) -> [Int] {
        guard kind == .reference, !labels.isEmpty else { return numbers.sorted() }   // keys are numbered in sorted order
        return numbers.sorted { a, b in
            let la = labels[rawValue(a)] ?? rawValue(a), lb = labels[rawValue(b)] ?? rawValue(b)
            return la == lb ? a < b : la.utf8.lexicographicallyPrecedes(lb.utf8)
        }
    }
}
