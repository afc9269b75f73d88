import Aggregate
import MigstatCore

/// One published number beside the regenerated one.
public struct VerificationRow: Sendable, Equatable {
    public var exhibit: String
    public var series: String
    public var category: String
    public var published: String
    public var computed: String
    public var status: Status
    public var quote: String

    public enum Status: String, Sendable { case match, differs, textDiffers = "text-differs" }
}

/// Compares each published number with the estimate it answers to, rounded as the study prints it.
public enum Verifier {
    public static func verify(_ published: [PublishedValue], against estimates: [Estimate]) -> [VerificationRow] {
        var index: [String: Estimate] = [:]
        for e in estimates { index["\(e.exhibit)\u{1}\(e.series)\u{1}\(e.category)"] = e }
        return published.map { p in
            let number = PublishedNumber(p.published)!
            let estimate = index["\(p.exhibit)\u{1}\(p.series)\u{1}\(p.category)"]
            let value: Double? = estimate.flatMap { e in
                switch p.measure {
                case "n": return Double(e.n)
                case "base_n": return Double(e.baseN)
                default: return e.percent
                }
            }
            let computed = value.map { formatFixed($0, decimals: number.decimals) } ?? "missing"
            var agrees = false
            if let value {
                switch number.relation {
                case .equal: agrees = computed == formatFixed(number.value, decimals: number.decimals)
                case .greater: agrees = value > number.value
                case .less: agrees = value < number.value
                }
            }
            let status: VerificationRow.Status = agrees ? .match : (p.kind == "text" && value != nil ? .textDiffers : .differs)
            return VerificationRow(exhibit: p.exhibit, series: p.series, category: p.category, published: p.published,
                                   computed: computed, status: status, quote: p.quote)
        }
    }
}
