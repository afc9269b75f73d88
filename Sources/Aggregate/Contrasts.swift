import MigstatCore

/// Computes the declared contrasts from the same bases the exhibits' estimates count (Aggregator.bases).
public enum ContrastCalculator {
    /// - Parameter estimates: the run's estimates, for the labels a reader knows the category by.
    public static func compute(_ configs: [ContrastConfig], exhibits: [ExhibitConfig], aggregator: Aggregator,
                               estimates: [Estimate] = []) throws -> [Contrast] {
        try configs.enumerated().map { i, config in
            let path = "$.contrasts[\(i)]"
            guard let exhibit = exhibits.first(where: { $0.id == config.exhibit }) else {
                throw MigstatError.config(path: "\(path).exhibit", message: "no exhibit \"\(config.exhibit)\"")
            }
            let bases = try aggregator.bases(for: exhibit).filter { $0.category == config.category }
            func domain(_ series: String, _ key: String) throws -> DomainContrast.Domain {
                guard let base = bases.first(where: { $0.series == series }) else {
                    throw MigstatError.config(path: "\(path).\(key)", message: "\(exhibit.id) has no category \"\(config.category)\" in a series \"\(series)\"")
                }
                return (base.rows, base.hits)
            }
            let a = try domain(config.seriesA, "series_a"), b = try domain(config.seriesB, "series_b")
            let result = DomainContrast.estimate(design: try aggregator.table(of: exhibit).sampleDesign, a: a, b: b)
            func seriesLabel(_ id: String) -> String { exhibit.series.first { $0.id == id }?.label ?? id }
            let label = estimates.first { $0.exhibit == exhibit.id && $0.category == config.category }?.label
                ?? exhibit.layout.categoryLabels[config.category] ?? config.category
            var c = Contrast(id: config.id, exhibit: exhibit.id, category: config.category, seriesA: config.seriesA, seriesB: config.seriesB,
                             categoryLabel: label, seriesALabel: seriesLabel(config.seriesA), seriesBLabel: seriesLabel(config.seriesB))
            c.percentA = result.percentA; c.percentB = result.percentB; c.difference = result.difference
            c.se = result.se; c.ciLow = result.ciLow; c.ciHigh = result.ciHigh; c.df = result.df; c.t = result.t; c.p = result.p
            return c
        }
    }
}
