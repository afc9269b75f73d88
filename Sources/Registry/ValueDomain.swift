import Clean
import Foundation
import MigstatCore

/// The values a split or category column can take, numbered so that a row's value is a small integer found
/// from its bytes without making a String: a code's declaration order, a reference table's keys, the month of
/// a date, or (for free values) numbers handed out as values are met.
final class ValueDomain: @unchecked Sendable {
    enum Kind { case codes, reference, month, free }
    let kind: Kind
    /// Codes and reference keys, numbered in sorted order by the set.
    private let set: ByteSet?
    /// For codes: sorted number → declaration order.
    private let declaredOrder: [Int]
    private let codes: [CodeConfig]
    /// For free values: numbers handed out under a lock (several threads scan at once).
    private var free: [String: Int] = [:]
    private var freeValues: [String] = []
    private let lock = NSLock()
    /// The largest number a value may get, so that it fits its bits in a packed entry.
    let limit: Int

    init(column: ColumnConfig, referenceKeys: [String: Set<String>], month: Bool) {
        codes = column.codes
        if month {
            kind = .month; set = nil; declaredOrder = []
            limit = 10_000 * 12
        } else if column.type == .code {
            kind = .codes
            let s = ByteSet(column.codes.map(\.code))
            set = s
            declaredOrder = (0..<s.members).map { i in column.codes.firstIndex { $0.code == s.member(i) }! }
            limit = column.codes.count
        } else if let ref = column.references, let keys = referenceKeys[ref] {
            kind = .reference; set = ByteSet(keys); declaredOrder = []
            limit = keys.count
        } else {
            kind = .free; set = nil; declaredOrder = []
            limit = 1 << 20
        }
    }

    deinit { set?.deallocate() }

    /// Bits a number of this domain needs in a packed entry (0 is kept for "no value").
    var bits: Int { Int.bitWidth - (limit + 1).leadingZeroBitCount }

    /// The value's number, or nil for a value outside the domain (cannot happen after cleaning, except free
    /// values beyond the limit).
    func number(_ b: UnsafeRawBufferPointer) -> Int? {
        switch kind {
        case .codes:
            return set!.index(of: b).map { declaredOrder[$0] }
        case .reference:
            return set!.index(of: b)
        case .month:
            guard b.count >= 7, b[4] == 45 else { return nil }
            var year = 0, month = 0
            for i in 0..<4 { let d = b[i] &- 48; guard d < 10 else { return nil }; year = year * 10 + Int(d) }
            for i in 5..<7 { let d = b[i] &- 48; guard d < 10 else { return nil }; month = month * 10 + Int(d) }
            guard month >= 1, month <= 12 else { return nil }
            return year * 12 + month - 1
        case .free:
            let value = String(decoding: b, as: UTF8.self)
            lock.lock()
            defer { lock.unlock() }
            if let n = free[value] { return n }
            guard freeValues.count < limit else { return nil }
            free[value] = freeValues.count
            freeValues.append(value)
            return freeValues.count - 1
        }
    }

    /// The text of a number: the code's category name, the key, `yyyy-mm`, or the value.
    func name(_ n: Int) -> String {
        switch kind {
        case .codes: return codes[n].name
        case .reference: return set!.member(n)
        case .month:
            let year = String(n / 12), month = String(n % 12 + 1)
            return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + (month.count == 1 ? "0" : "") + month
        case .free:
            lock.lock()
            defer { lock.unlock() }
            return freeValues[n]
        }
    }

    /// The raw value of a number, for labels looked up in a reference table.
    func rawValue(_ n: Int) -> String { kind == .codes ? codes[n].code : name(n) }

    /// A code's label from pipeline.json or its codebook.
    func codeLabel(_ n: Int) -> String? { kind == .codes ? codes[n].label : nil }

    /// Numbers listed even when no row has them: every declared code.
    var declared: [Int] { kind == .codes ? Array(0..<codes.count) : [] }

    /// Output order of numbers met: codes in declaration order, everything else by its text.
    func ordered(_ numbers: Set<Int>) -> [Int] {
        if kind == .codes { return numbers.sorted() }
        if kind == .month { return numbers.sorted() }
        return numbers.sorted { name($0).utf8.lexicographicallyPrecedes(name($1).utf8) }
    }
}
