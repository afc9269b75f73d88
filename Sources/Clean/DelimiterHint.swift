/// A header that lacks declared columns because the file uses another delimiter than pipeline.json says
/// (a comma file declared `;` reads as one field "a,b,c"): the delimiter that splits it into the declared
/// columns, or into as many fields, is named.
enum DelimiterHint {
    static let candidates = [",", ";", "\t", "|"]

    /// "; the header splits into N fields on ',' — is the delimiter ','?", or "" when no other delimiter fits.
    static func hint(header: [String], declared: String, expected: [String]) -> String {
        let line = header.joined(separator: declared)
        var best: (delimiter: String, fields: Int, matches: Int)?
        for delimiter in candidates where delimiter != declared {
            let fields = line.components(separatedBy: delimiter).map { $0.trimmingCharacters(in: .init(charactersIn: "\" ")) }
            guard fields.count > 1 else { continue }
            let matches = expected.filter(fields.contains).count
            if matches > (best?.matches ?? 0) || (matches == 0 && best == nil && fields.count == expected.count) {
                best = (delimiter, fields.count, matches)
            }
        }
        guard let best else { return "" }
        let shown = best.delimiter == "\t" ? "\\t" : best.delimiter
        return "; the header splits into \(best.fields) fields on '\(shown)' — is the delimiter '\(shown)'?"
    }
}
