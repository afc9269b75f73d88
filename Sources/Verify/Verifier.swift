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
    /// True for a number the thesis states in its prose (published.csv kind "text"), whose quote is its words.
    public var prose: Bool = false
    /// What the number is: "percent", "n", "base_n" or "value" (published.csv `measure`).
    public var measure: String = "percent"

    public enum Status: String, Sendable { case match, differs, textDiffers = "text-differs" }
}

/// Compares each published number with the estimate it answers to, rounded as the study prints it.
public enum Verifier {
    /// Indicators answer to published rows of exhibit `indicators`, series = indicator, category = period, measure `value`.
    public static func verify(_ published: [PublishedValue], against estimates: [Estimate], indicators: [Indicator] = []) -> [VerificationRow] {
        var values: [String: Double] = [:]
        func key(_ parts: String...) -> String { parts.joined(separator: "\u{1}") }
        for e in estimates {
            values[key(e.exhibit, e.series, e.category, "n")] = Double(e.n)
            values[key(e.exhibit, e.series, e.category, "base_n")] = Double(e.baseN)
            if let p = e.percent { values[key(e.exhibit, e.series, e.category, "percent")] = p }
        }
        for i in indicators { values[key("indicators", i.indicator, i.period, "value")] = i.value }
        return published.map { p in
            let number = PublishedNumber(p.published)!
            let value = values[key(p.exhibit, p.series, p.category, p.measure)]
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
                                   computed: computed, status: status, quote: p.quote, prose: p.kind == "text", measure: p.measure)
        }
    }
}
