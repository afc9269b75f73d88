import Foundation

/// JSON paths as configuration errors name a value ("$.sources[3].tables[0]"): written and read back.
extension JSONDocument {
    /// "$.a[0].b" for [.key("a"), .index(0), .key("b")]; keys that are not plain words are quoted ($["a b"]).
    public static func path(_ components: [PathComponent]) -> String {
        components.reduce("$") { acc, c in
            switch c {
            case let .index(i): return acc + "[\(i)]"
            case let .key(k):
                let plain = !k.isEmpty && k.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "$" }
                return plain ? acc + "." + k : acc + "[\"" + k.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"]"
            }
        }
    }

    /// The components of a path as `path(_:)` writes it ("$.a[0].b", `$["a b"]`), or nil for another text.
    public static func components(of path: String) -> [PathComponent]? {
        guard path.hasPrefix("$") else { return nil }
        var rest = Substring(path.dropFirst())
        var out: [PathComponent] = []
        while let first = rest.first {
            if first == "." {
                rest = rest.dropFirst()
                let key = rest.prefix { $0 != "." && $0 != "[" }
                out.append(.key(String(key)))
                rest = rest.dropFirst(key.count)
            } else if rest.hasPrefix("[\"") {
                // A quoted key: up to the first `"]` not escaped.
                var key = "", i = rest.index(rest.startIndex, offsetBy: 2), closed = false
                while i < rest.endIndex {
                    let c = rest[i]
                    if c == "\\", rest.index(after: i) < rest.endIndex { i = rest.index(after: i); key.append(rest[i]) }
                    else if c == "\"" { closed = true; break }
                    else { key.append(c) }
                    i = rest.index(after: i)
                }
                guard closed, rest[i...].hasPrefix("\"]") else { return nil }
                out.append(.key(key))
                rest = rest[rest.index(i, offsetBy: 2)...]
            } else if first == "[" {
                let digits = rest.dropFirst().prefix { $0.isNumber }
                guard let index = Int(digits), rest.dropFirst(1 + digits.count).first == "]" else { return nil }
                out.append(.index(index))
                rest = rest.dropFirst(2 + digits.count)
            } else {
                return nil
            }
        }
        return out
    }
}
