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

    /// The smallest text the report allows, in CSS px.
    static let smallestText = 9.0

    /// The SVG with the narrowest width at which its smallest text still renders at `smallestText` px, as the
    /// custom property `--legible` that the stylesheet makes its min-width on screens: a narrower card scrolls the
    /// figure inside its frame rather than shrink its text.
    static func legible(_ svg: String) -> String {
        guard let open = svg.range(of: "<svg "), let width = attribute("width", in: svg[open.upperBound...]) else { return svg }
        var smallest = Double.infinity
        var rest = svg[...]
        while let r = rest.range(of: "font-size=\"") {
            if let size = attribute("font-size", in: rest[r.lowerBound...]) { smallest = min(smallest, size) }
            rest = rest[r.upperBound...]
        }
        guard smallest.isFinite, smallest > 0 else { return svg }
        let minimum = (width * smallestText / smallest).rounded(.up)
        return svg.replacingCharacters(in: open, with: "<svg style=\"--legible:\(Int(minimum))px\" ")
    }

    /// The number in the first `name="…"` of `text`.
    private static func attribute(_ name: String, in text: Substring) -> Double? {
        guard let r = text.range(of: "\(name)=\"") else { return nil }
        return Double(text[r.upperBound...].prefix { $0 != "\"" })
    }
}
