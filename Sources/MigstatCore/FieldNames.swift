import Foundation

/// Column names of a CSV header that a Frictionless Data Package (and every CSV reader keying columns by name)
/// takes: each non-blank, without surrounding white space, and different from every other. A table's header is
/// made of its labels, and two categories may share a label or be labelled like the stub column.
public enum FieldNames {
    /// The labels as they are where they already qualify (the usual case: the same bytes as before); a blank one
    /// becomes `column_<n>`, surrounding white space (line ends included) is trimmed, and a name met before gets
    /// ` (2)`, ` (3)`, … — the first free one.
    public static func unique(_ labels: [String]) -> [String] {
        var taken = Set<String>(), names: [String] = []
        for (i, label) in labels.enumerated() {
            let trimmed = label.trimmingCharacters(in: .whitespacesAndNewlines)
            let base = trimmed.isEmpty ? "column_\(i + 1)" : trimmed
            var name = base, n = 1
            while taken.contains(name) { n += 1; name = "\(base) (\(n))" }
            taken.insert(name)
            names.append(name)
        }
        return names
    }
}
