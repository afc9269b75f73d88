/// A declared contrast (contrasts.csv): one category's share in one series of an exhibit minus its share in
/// another series of the same exhibit, with the covariance of the two domain estimators over the whole design.
public struct ContrastConfig: Decodable, Sendable, Equatable {
    public var id: String
    /// The exhibit whose series are compared (a survey exhibit with numbers).
    public var exhibit: String
    /// The category compared, by its name in estimates.csv.
    public var category: String
    /// difference = percent in `series_a` − percent in `series_b`.
    public var seriesA: String
    public var seriesB: String

    public init(id: String, exhibit: String, category: String, seriesA: String, seriesB: String) {
        self.id = id; self.exhibit = exhibit; self.category = category; self.seriesA = seriesA; self.seriesB = seriesB
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case id, exhibit, category, seriesA = "series_a", seriesB = "series_b" }
}
