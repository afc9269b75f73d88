import MigstatCore

extension ExhibitConfig {
    /// The exhibit with a `split_by` series replaced by the series its estimates hold (one per value found),
    /// in estimate order, so that tables and figures lay it out like any declared series.
    public func expandingSplitSeries(_ estimates: [Estimate]) -> ExhibitConfig {
        guard series.count == 1, let split = series.first, split.splitBy != nil else { return self }
        var expanded = self
        var seen = Set<String>()
        expanded.series = estimates.filter { $0.exhibit == id && seen.insert($0.series).inserted }.map { e in
            var s = split
            s.id = e.series
            s.label = e.seriesLabel ?? e.series
            s.splitBy = nil
            return s
        }
        return expanded
    }
}
