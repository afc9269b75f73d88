import Foundation

/// Fixed-decimal text of a number, rounding half away from zero as printed tables do (so 10.25 shows as 10.3
/// rather than printf's binary-dependent choice).
public func formatFixed(_ x: Double, decimals: Int) -> String {
    guard x.isFinite else { return x.isNaN ? "NaN" : (x < 0 ? "-inf" : "inf") }
    let scale = pow10(decimals)
    let rounded = (x * scale).rounded(.toNearestOrAwayFromZero)
    // Past 2^63 the scaled value no longer fits an integer (and a double has no fractional digits left anyway).
    guard abs(rounded) < 9.2e18 else { return String(format: "%.\(decimals)f", x) }
    let negative = rounded < 0
    let digits = String(Int64(abs(rounded)))
    guard decimals > 0 else { return (negative ? "-" : "") + digits }
    let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
    let cut = padded.index(padded.endIndex, offsetBy: -decimals)
    return (negative ? "-" : "") + padded[..<cut] + "." + padded[cut...]
}

/// A stable text form for unrounded numbers in CSV outputs: at most 10 decimals and at most 12 significant digits
/// (never fewer integer digits), trailing zeros trimmed. A double holds ~16 digits, but the sums behind a total lose
/// some to binary rounding (704068.417 summed from weights of 3 decimals is 704068.4169999997): 12 are the ones a
/// computation over many rows still carries, so the same quantity prints alike in every file.
public func formatPlain(_ x: Double) -> String {
    let magnitude = x == 0 || !x.isFinite ? 0 : Int(log10(abs(x)).rounded(.down))
    var s = formatFixed(x, decimals: min(10, max(0, plainSignificantDigits - 1 - magnitude)))
    if s.contains(".") {
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
    }
    return s == "-0" ? "0" : s
}

/// The significant digits `formatPlain` keeps (see there).
private let plainSignificantDigits = 12

private func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { acc, _ in acc * 10 } }

/// RFC 4180 CSV text: fields quoted only when they hold a comma, quote or line end; LF line ends.
/// Every CSV file migstat writes goes through `escape`, the one place the cell rules live.
public struct CSVText {
    public private(set) var text = ""
    public init(header: [String]) { append(header) }
    public mutating func append(_ fields: [String]) {
        text += fields.map(CSVText.escape).joined(separator: ",") + "\n"
    }
    /// One cell as written: defused (see `defused`), then quoted when it holds a comma, quote or line end.
    public static func escape(_ field: String) -> String {
        let field = defused(field)
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(...)` in a label
    /// from a delivery). Such a cell gets a leading `'`, as the data contract says, unless it is a number (-3, +1.5e2).
    public static func defused(_ field: String) -> String {
        guard let first = field.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@")].contains(first),
              !isNumber(field) else { return field }
        return "'" + field
    }

    /// A signed decimal number, with a point or a comma, optionally with an exponent: what a spreadsheet reads as a value.
    static func isNumber(_ s: String) -> Bool {
        var bytes = s.utf8[...]
        func digits() -> Int { let n = bytes.prefix { (48...57).contains($0) }.count; bytes = bytes.dropFirst(n); return n }
        if let c = bytes.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        var count = digits()
        if let c = bytes.first, c == UInt8(ascii: ".") || c == UInt8(ascii: ",") { bytes = bytes.dropFirst(); count += digits() }
        guard count > 0 else { return false }
        if let c = bytes.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let c = bytes.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
