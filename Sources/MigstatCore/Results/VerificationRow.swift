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

    public init(exhibit: String, series: String, category: String, published: String, computed: String, status: Status, quote: String,
                prose: Bool = false, measure: String = "percent") {
        self.exhibit = exhibit; self.series = series; self.category = category; self.published = published
        self.computed = computed; self.status = status; self.quote = quote; self.prose = prose; self.measure = measure
    }
}
