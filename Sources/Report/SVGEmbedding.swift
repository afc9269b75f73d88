import Foundation
import Render

/// Several SVGs on one page share one id space: ids written for a standalone file ("title") are prefixed with
/// the exhibit id, together with every reference to them.
enum SVGEmbedding {
    static func prefixIds(_ svg: String, prefix raw: String) -> String {
        let prefix = escapeHTML(raw)   // it lands in attributes
        var ids: [String] = []
        var rest = svg[...]
        while let r = rest.range(of: " id=\"") {
            let after = rest[r.upperBound...]
            guard let close = after.firstIndex(of: "\"") else { break }
            let id = String(after[..<close])
            if !id.hasPrefix(prefix + "-") && !ids.contains(id) { ids.append(id) }
            rest = after[close...]
        }
        var out = svg
        for id in ids {
            let new = "\(prefix)-\(id)"
            for (old, replacement) in [(" id=\"\(id)\"", " id=\"\(new)\""), ("aria-labelledby=\"\(id)\"", "aria-labelledby=\"\(new)\""),
                                       ("url(#\(id))", "url(#\(new))"), ("href=\"#\(id)\"", "href=\"#\(new)\"")] {
                out = out.replacingOccurrences(of: old, with: replacement)
            }
        }
        return out
    }
}
