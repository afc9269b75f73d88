import Foundation

/// How many of a source's (or a delivery's) rows may be quarantined before the run fails: `max_quarantined`
/// in pipeline.json, a count (`50`) or a percentage of the rows read (`"5%"`). Without one, a source that
/// loses more than half its rows fails the run: a source lost whole is never a success.
public enum QuarantineLimit: Decodable, Sendable, Equatable, CustomStringConvertible {
    case count(Int)
    case percent(Double)

    /// More than half the rows quarantined fails a source (and so every row lost does).
    public static let standard = QuarantineLimit.percent(50)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self) { self = .count(n); return }
        let text = (try? c.decode(String.self)) ?? ""
        guard text.hasSuffix("%"), let p = Double(text.dropLast()), p.isFinite else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a count of rows (50) or a percentage of the rows read (\"5%\")")
        }
        self = .percent(p)
    }

    /// The most rows that may be quarantined out of `read`.
    public func allowed(of read: Int) -> Int {
        switch self {
        case .count(let n): return n
        case .percent(let p): return Int((Double(read) * p / 100).rounded(.down))
        }
    }

    public func isCrossed(quarantined: Int, of read: Int) -> Bool { quarantined > allowed(of: read) }

    public var description: String {
        switch self {
        case .count(let n): return "\(n) rows"
        case .percent(let p): return "\(formatFixed(p, decimals: p == p.rounded() ? 0 : 2))%"
        }
    }
}
