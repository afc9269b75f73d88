/// The codebook as the store keeps it, for the data package.
extension StoreReader {
    /// The labels of every category that has a code in the codebook: category name → language → label. A name
    /// used by several variables with different labels gets them joined with " | ".
    public func categoryLabels() throws -> [String: [String: String]] {
        var labels: [String: [String: [String]]] = [:]
        let rows = try database.prepare("""
            SELECT DISTINCT category, label_en, label_ru FROM codebook
            WHERE code IS NOT NULL AND no_answer = 0 AND (label_en IS NOT NULL OR label_ru IS NOT NULL) ORDER BY category, label_en, label_ru
            """).rows()
        for row in rows {
            for (language, value) in [("en", row[1]), ("ru", row[2])] where !value.isNull {
                if !(labels[row[0].key]?[language] ?? []).contains(value.key) { labels[row[0].key, default: [:]][language, default: []].append(value.key) }
            }
        }
        return labels.mapValues { $0.mapValues { $0.joined(separator: " | ") } }
    }
}
