/// A delivery is dated by its file name (`registry_20140201.csv`: extracts.md, "registry"). No date in a row may
/// lie more than one day after it: a mistyped year 9999 would otherwise win over every later correction.
public struct DeliveryDate: Sendable, Equatable {
    public let year: Int, month: Int, day: Int

    /// The date the file name carries: its last run of exactly eight digits that is a real yyyymmdd date; nil
    /// for a name without one (such a delivery's dates are not bounded).
    public init?(fileName path: String) {
        let name = Array((path.split(separator: "/").last.map(String.init) ?? path).utf8)
        func isDigit(_ i: Int) -> Bool { name[i] &- 48 < 10 }
        var end = name.count
        while end > 0 {
            guard isDigit(end - 1) else { end -= 1; continue }
            var start = end
            while start > 0 && isDigit(start - 1) { start -= 1 }
            if end - start == 8 {
                let value = name[start..<end].reduce(0) { $0 * 10 + Int($1 - 48) }
                let (y, m, d) = (value / 10_000, value / 100 % 100, value % 100)
                if DatePattern.isValid(year: y, month: m, day: d) { year = y; month = m; day = d; return }
            }
            end = start
        }
        return nil
    }

    /// `yyyy-mm-dd` of the delivery's date.
    public var iso: String { DeliveryDate.iso(year, month, day) }

    /// `yyyy-mm-dd` of the last day a row's date may fall on: the delivery's date plus one day (time zones).
    public var latestAllowed: String {
        let next = CivilDate.date(days: CivilDate.days(year: year, month: month, day: day) + 1)
        return DeliveryDate.iso(next.year, next.month, next.day)
    }

    /// Whether a canonical date or timestamp (`yyyy-mm-dd…`, UTC) lies after `latestAllowed`; text that is not
    /// one (a no-answer code kept as delivered) never does.
    public static func isAfter(_ value: UnsafeRawBufferPointer, latest: [UInt8]) -> Bool {
        guard value.count >= 10, value[4] == 45, value[7] == 45 else { return false }
        for i in 0..<10 where value[i] != latest[i] { return value[i] > latest[i] }
        return false
    }

    static func iso(_ y: Int, _ m: Int, _ d: Int) -> String {
        func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}
