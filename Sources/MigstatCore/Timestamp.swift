/// ISO 8601 timestamps: `yyyy-mm-ddThh:mm:ss`, `T` or a space between date and time, an optional fraction
/// of a second, and `Z`, an offset (`+03:00`, `+0300`, `+03`) or no zone (read as UTC).
///
/// The canonical form is UTC, `yyyy-mm-ddThh:mm:ss[.fraction]Z`, the fraction without trailing zeros.
/// Two canonical forms compare in time order as text once the final `Z` is dropped, which is how the store
/// compares versions.
public enum Timestamp {
    /// The canonical form of a timestamp, or nil if it is not one (or names an impossible date or time).
    public static func canonical(_ text: String) -> String? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { raw in
            canonical(UnsafeRawBufferPointer(raw)).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Whether the bytes are already canonical without a fraction (`yyyy-mm-ddThh:mm:ssZ`, a real date and time):
    /// the usual case in a delivery, answered without allocating.
    public static func isCanonical(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count == 20, b[10] == 84, b[19] == 90, let parts = fields(b) else { return false }
        return parts.valid
    }

    /// The number written with `count` ASCII digits at `at`, or nil.
    public static func digits(_ b: UnsafeRawBufferPointer, _ at: Int, _ count: Int) -> Int? {
        guard at + count <= b.count else { return nil }
        var v = 0
        for i in at..<(at + count) {
            let d = b[i] &- 48
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }

    private static func fields(_ b: UnsafeRawBufferPointer) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, valid: Bool)? {
        guard b.count >= 19 else { return nil }
        func digits(_ at: Int, _ count: Int) -> Int? { Timestamp.digits(b, at, count) }
        guard let year = digits(0, 4), b[4] == 45, let month = digits(5, 2), b[7] == 45, let day = digits(8, 2),
              b[10] == 84 || b[10] == 32, let hour = digits(11, 2), b[13] == 58, let minute = digits(14, 2), b[16] == 58,
              let second = digits(17, 2) else { return nil }
        let valid = DatePattern.isValid(year: year, month: month, day: day) && hour < 24 && minute < 60 && second < 60
        return (year, month, day, hour, minute, second, valid)
    }

    /// The canonical form's bytes; nil if the bytes are not a timestamp. Already-canonical input (the usual
    /// case in a delivery) is returned unchanged without arithmetic.
    public static func canonical(_ b: UnsafeRawBufferPointer) -> [UInt8]? {
        let n = b.count
        guard let f = fields(b), f.valid else { return nil }
        let (year, month, day, hour, minute, second) = (f.year, f.month, f.day, f.hour, f.minute, f.second)
        func digits(_ at: Int, _ count: Int) -> Int? { Timestamp.digits(b, at, count) }
        var i = 19
        var fraction: [UInt8] = []
        if i < n, b[i] == 46 {
            i += 1
            while i < n, b[i] &- 48 < 10 { fraction.append(b[i]); i += 1 }
            guard !fraction.isEmpty else { return nil }
            while fraction.last == 48 { fraction.removeLast() }
        }
        var offset = 0
        if i == n {
            // No zone: read as UTC.
        } else if b[i] == 90, i + 1 == n {
            if b[10] == 84, n == 20 { return Array(b) }
        } else if b[i] == 43 || b[i] == 45 {
            let sign = b[i] == 43 ? 1 : -1
            let rest = n - i - 1
            guard let hh = digits(i + 1, 2), hh < 24 else { return nil }
            var mm = 0
            if rest == 5, b[i + 3] == 58, let m = digits(i + 4, 2) { mm = m }
            else if rest == 4, let m = digits(i + 3, 2) { mm = m }
            else if rest != 2 { return nil }
            guard mm < 60 else { return nil }
            offset = sign * (hh * 3600 + mm * 60)
        } else {
            return nil
        }
        let local = CivilDate.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        let utc = local - offset
        let days = utc >= 0 ? utc / 86_400 : (utc - 86_399) / 86_400
        let rest = utc - days * 86_400
        let date = CivilDate.date(days: days)
        guard date.year >= 1, date.year <= 9999 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(21 + fraction.count)
        func put(_ v: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var x = v
            while divisor > 0 { out.append(UInt8(48 + x / divisor % 10)); x %= divisor; divisor /= 10 }
        }
        put(date.year, 4); out.append(45); put(date.month, 2); out.append(45); put(date.day, 2); out.append(84)
        put(rest / 3600, 2); out.append(58); put(rest / 60 % 60, 2); out.append(58); put(rest % 60, 2)
        if !fraction.isEmpty { out.append(46); out += fraction }
        out.append(90)
        return out
    }
}
