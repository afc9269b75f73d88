import Aggregate
import MigstatCore


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
