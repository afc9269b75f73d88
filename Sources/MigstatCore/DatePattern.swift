/// A date format declared for a source, built from `dd`, `mm` and `yyyy` with any separators.
public struct DatePattern: Sendable {
    enum Part { case day, month, year, literal(UInt8) }
    let parts: [Part]
    public let pattern: String

    public init?(_ pattern: String) {
        var parts: [Part] = []
        var rest = Substring(pattern.lowercased())
        while !rest.isEmpty {
            if rest.hasPrefix("yyyy") { parts.append(.year); rest = rest.dropFirst(4) }
            else if rest.hasPrefix("dd") { parts.append(.day); rest = rest.dropFirst(2) }
            else if rest.hasPrefix("mm") { parts.append(.month); rest = rest.dropFirst(2) }
            else if let c = rest.first, c.isASCII, !c.isLetter, !c.isNumber { parts.append(.literal(c.asciiValue!)); rest = rest.dropFirst() }
            else { return nil }
        }
        let kinds = parts.filter { if case .literal = $0 { return false } else { return true } }
        guard kinds.count == 3 else { return nil }
        self.parts = parts
        self.pattern = pattern
    }

    /// Parses a date and returns it as ISO `yyyy-mm-dd`, or nil if it does not fit the pattern or is no real date.
    public func iso(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var i = 0, day = 0, month = 0, year = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= bytes.count else { return nil }
            var v = 0
            for b in bytes[i..<(i + n)] { guard b >= 48 && b <= 57 else { return nil }; v = v * 10 + Int(b - 48) }
            i += n
            return v
        }
        for part in parts {
            switch part {
            case .day: guard let v = digits(2) else { return nil }; day = v
            case .month: guard let v = digits(2) else { return nil }; month = v
            case .year: guard let v = digits(4) else { return nil }; year = v
            case .literal(let c): guard i < bytes.count, bytes[i] == c else { return nil }; i += 1
            }
        }
        guard i == bytes.count, DatePattern.isValid(year: year, month: month, day: day) else { return nil }
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard year >= 1, (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
}
