/// A contrast compares one category between two declared series of one survey exhibit with numbers: a census
/// has no sampling error to test, a drawing has no shares, and series found in the data (`split_by`) have no
/// name pipeline.json could give.
extension ConfigValidator {
    func validateContrasts() throws {
        var ids = Set<String>()
        for (i, contrast) in config.contrasts.enumerated() {
            let cp = "$.contrasts[\(i)]"
            try checkIdentifier(contrast.id, path: "\(cp).id")
            guard ids.insert(contrast.id).inserted else { throw fail("\(cp).id", "duplicate contrast id \"\(contrast.id)\"") }
            guard let exhibit = config.exhibits.first(where: { $0.id == contrast.exhibit }) else {
                throw fail("\(cp).exhibit", "no exhibit \"\(contrast.exhibit)\" (expected one of \(config.exhibits.map(\.id).joined(separator: ", ")))")
            }
            if exhibit.kind.isDrawnFromSpec { throw fail("\(cp).exhibit", "\(exhibit.id) is a drawing: it has no shares to compare") }
            if config.deliveryTable(of: exhibit) != nil || table(exhibit.from)?.design?.census == true {
                throw fail("\(cp).exhibit", "\(exhibit.id) is over a census: its shares have no sampling error to test")
            }
            let declared = exhibit.series.filter { $0.splitBy == nil }.map(\.id)
            for (key, series) in [("series_a", contrast.seriesA), ("series_b", contrast.seriesB)] where !declared.contains(series) {
                throw fail("\(cp).\(key)", "\"\(series)\" is not a series of \(exhibit.id) (expected one of \(declared.joined(separator: ", ")))")
            }
            if contrast.seriesA == contrast.seriesB { throw fail("\(cp).series_b", "a contrast compares two different series") }
            for (key, series) in [("series_a", contrast.seriesA), ("series_b", contrast.seriesB)] {
                guard let s = exhibit.series.first(where: { $0.id == series }), let known = categories(of: s, from: exhibit.from) else { continue }
                if !known.contains(contrast.category) {
                    throw fail("\(cp).category", "\"\(contrast.category)\" is not a category of \(exhibit.id)'s series \(key == "series_a" ? contrast.seriesA : contrast.seriesB) (expected one of \(known.joined(separator: ", ")))")
                }
            }
        }
    }
}
