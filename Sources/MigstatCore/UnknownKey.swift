/// What a misspelt key is told: the nearest key the object accepts, or the keys it accepts.
/// Shared by pipeline.json and the figure specs, so both say it the same way.
enum UnknownKey {
    static func message(_ key: String, known: [String]) -> String {
        if let near = suggestion(for: key, among: known) { return "unknown key; did you mean \"\(near)\"?" }
        return "unknown key; expected one of \(known.joined(separator: ", "))"
    }

    /// The known key within two edits (Levenshtein, case-insensitive), or else the one sharing the longest
    /// prefix of at least three characters with it; ties go to the first in the model's order.
    static func suggestion(for key: String, among known: [String]) -> String? {
        let k = Array(key.lowercased())
        let byDistance = known.map { (name: $0, d: distance(k, Array($0.lowercased()))) }.filter { $0.d <= 2 }
        if let best = byDistance.min(by: { $0.d < $1.d }) { return best.name }
        let byPrefix = known.map { (name: $0, p: zip(k, Array($0.lowercased())).prefix { $0 == $1 }.count) }.filter { $0.p >= 3 }
        return byPrefix.max(by: { $0.p < $1.p })?.name
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var row = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                row[j + 1] = min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }
}
