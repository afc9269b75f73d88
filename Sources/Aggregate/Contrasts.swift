import MigstatCore

/// What a contrast reads of its exhibit: the design of the exhibit's table and every category's base
/// (`Aggregator.bases`), as the exhibit's estimates counted them.
public struct ContrastBasis: Sendable {
    public var design: SampleDesign
    public var bases: [Aggregator.CategoryBase]
}

extension Aggregator {
    /// The exhibits' estimates and, for the exhibits a contrast reads (`contrasted`), the bases they were counted
    /// from, kept from the same pass over the table rather than counted again. A contrasted exhibit not estimated
    /// here (its estimates kept from the previous run) has its bases counted alone.
    public func estimates(for exhibits: [ExhibitConfig], contrasted: [ExhibitConfig]) throws -> (estimates: [Estimate], bases: [String: ContrastBasis]) {
        let wanted = Set(contrasted.map(\.id))
        var estimates: [Estimate] = [], bases: [String: ContrastBasis] = [:]
        for exhibit in exhibits {
            guard wanted.contains(exhibit.id), !exhibit.kind.isDrawnFromSpec else {
                estimates += try self.estimates(for: exhibit)
                continue
            }
            let plan = try plan(exhibit), table = try table(of: plan), design = table.sampleDesign
            let counted = try seriesCategories(plan, table: table)
            estimates += self.estimates(for: plan, design: design, counted: counted)
            bases[exhibit.id] = ContrastBasis(design: design, bases: Self.bases(counted))
        }
        for exhibit in contrasted where bases[exhibit.id] == nil { bases[exhibit.id] = try basis(of: exhibit) }
        return (estimates, bases)
    }

    public func basis(of exhibit: ExhibitConfig) throws -> ContrastBasis {
        let plan = try plan(exhibit)
        return ContrastBasis(design: try table(of: plan).sampleDesign, bases: try bases(for: plan))
    }
}

/// Computes the declared contrasts from the same bases the exhibits' estimates count (Aggregator.bases).
public enum ContrastCalculator {
    /// Counts each contrasted exhibit's bases with `aggregator`.
    public static func compute(_ configs: [ContrastConfig], exhibits: [ExhibitConfig], aggregator: Aggregator,
                               estimates: [Estimate] = []) throws -> [Contrast] {
        var bases: [String: ContrastBasis] = [:]
        for exhibit in exhibits where configs.contains(where: { $0.exhibit == exhibit.id }) { bases[exhibit.id] = try aggregator.basis(of: exhibit) }
        return try compute(configs, exhibits: exhibits, bases: bases, estimates: estimates)
    }

    /// - Parameter bases: each contrasted exhibit's, by exhibit id (`Aggregator.estimates(for:contrasted:)`).
    /// - Parameter estimates: the run's estimates, for the labels a reader knows the category by.
    public static func compute(_ configs: [ContrastConfig], exhibits: [ExhibitConfig], bases: [String: ContrastBasis],
                               estimates: [Estimate] = []) throws -> [Contrast] {
        try configs.enumerated().map { i, config in
            let path = "$.contrasts[\(i)]"
            guard let exhibit = exhibits.first(where: { $0.id == config.exhibit }), let basis = bases[exhibit.id] else {
                throw MigstatError.config(path: "\(path).exhibit", message: "no exhibit \"\(config.exhibit)\"")
            }
            let inCategory = basis.bases.filter { $0.category == config.category }
            func domain(_ series: String, _ key: String) throws -> DomainContrast.Domain {
                guard let base = inCategory.first(where: { $0.series == series }) else {
                    throw MigstatError.config(path: "\(path).\(key)", message: "\(exhibit.id) has no category \"\(config.category)\" in a series \"\(series)\"")
                }
                return (base.rows, base.hits)
            }
            let a = try domain(config.seriesA, "series_a"), b = try domain(config.seriesB, "series_b")
            let result = DomainContrast.estimate(design: basis.design, a: a, b: b)
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
