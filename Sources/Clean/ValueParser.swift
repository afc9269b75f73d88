import Foundation
import MigstatCore

/// Turns one raw field into a typed value under a column's declaration and the source's format,
/// or says what was expected.
struct ValueParser {
    let format: FormatConfig
    let datePattern: DatePattern

    init(format: FormatConfig) {
        self.format = format
        self.datePattern = DatePattern(format.date) ?? DatePattern("yyyy-mm-dd")!
    }

    func parse(_ raw: String, as column: ColumnConfig) -> Result<Value, Invalid> {
        if column.noAnswer.contains(raw) {
            // No-answer codes are kept as they were delivered; the aggregate stage excludes them from bases.
            return .success(column.type == .integer ? Int64(raw).map(Value.integer) ?? .text(raw) : .text(raw))
        }
        switch column.type {
        case .text:
            return .success(.text(raw))
        case .code:
            guard column.codes.contains(where: { $0.code == raw }) else {
                let known = (column.codes.map(\.code) + column.noAnswer).joined(separator: ", ")
                return .failure(Invalid("unknown code, expected one of \(known)"))
            }
            return .success(.text(raw))
        case .integer:
            guard let i = Int64(raw), raw.first != "+" else { return .failure(Invalid("expected an integer")) }
            return inRange(Double(i), column).map { _ in .integer(i) }
        case .decimal:
            return parseDecimal(raw).flatMap { d in inRange(d, column).map { _ in .real(d) } }
        case .date:
            guard let iso = datePattern.iso(raw) else { return .failure(Invalid("expected a real date as \(format.date)")) }
            return .success(.text(iso))
        case .timestamp:
            guard let canonical = Timestamp.canonical(raw) else { return .failure(Invalid("expected an ISO 8601 timestamp such as 2014-01-31T09:30:00Z")) }
            return .success(.text(canonical))
        }
    }

    private func parseDecimal(_ raw: String) -> Result<Double, Invalid> {
        let mark: Character = format.decimal == "," ? "," : "."
        let other: Character = mark == "," ? "." : ","
        if raw.contains(other) {
            return .failure(Invalid("decimal \(other == "," ? "comma" : "point") where the source declares a decimal \(mark == "," ? "comma" : "point")"))
        }
        let normal = mark == "," ? raw.replacingOccurrences(of: ",", with: ".") : raw
        guard !normal.isEmpty, normal.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
              let d = Double(normal), d.isFinite else {
            return .failure(Invalid("expected a number with a decimal \(mark == "," ? "comma" : "point")"))
        }
        return .success(d)
    }

    private func inRange(_ d: Double, _ column: ColumnConfig) -> Result<Void, Invalid> {
        guard let r = column.range else { return .success(()) }
        let lo = r.first ?? nil, hi = r.count > 1 ? r[1] : nil
        if let lo, d < lo { return .failure(Invalid("below the range \(describe(lo))...\(hi.map(describe) ?? "")")) }
        if let hi, d > hi { return .failure(Invalid("above the range \(lo.map(describe) ?? "")...\(describe(hi))")) }
        return .success(())
    }

    private func describe(_ d: Double) -> String { formatNumber(d) }
}

/// Why a raw value was rejected, phrased as what was expected.
struct Invalid: Error { let reason: String; init(_ reason: String) { self.reason = reason } }
