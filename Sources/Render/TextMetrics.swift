/// Estimated text widths for laying out SVG text without a font engine, so figures come out the same on every
/// machine. Advance widths are DejaVu Sans's (the first face of `SVGStyle.font`) in ems; bold is about 10% wider.
public enum TextMetrics {
    public static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        var ems = 0.0
        for ch in text { ems += advance(ch) }
        return ems * size * (bold ? 1.1 : 1.0)
    }

    /// Greedy word wrap so that no line is wider than `maxWidth` (a single long word stands alone).
    public static func wrap(_ text: String, maxWidth: Double, size: Double, bold: Bool = false) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if current.isEmpty || width(candidate, size: size, bold: bold) <= maxWidth { current = candidate }
            else { lines.append(current); current = String(word) }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    private static func advance(_ c: Character) -> Double {
        if let w = table[c] { return w }
        if c.isUppercase { return 0.70 }
        if c.isNumber { return 0.636 }
        return 0.62
    }

    private static let table: [Character: Double] = {
        var t: [Character: Double] = [:]
        let groups: [(String, Double)] = [
            ("iljI|", 0.278), ("'", 0.275), (".,:;!", 0.33), (" ", 0.318), ("ft", 0.37), ("r", 0.411), ("()[]{}", 0.39),
            ("-/", 0.36), ("\"“”‘’", 0.46), ("sz", 0.525), ("c", 0.55), ("kvxy", 0.59), ("aeo", 0.613),
            ("bdghnpqu", 0.634), ("0123456789", 0.636), ("w", 0.818), ("m", 0.974), ("–", 0.5), ("—", 1.0),
            ("?", 0.531), ("&", 0.778), ("%", 0.95), ("J", 0.295), ("FLP", 0.58), ("ESTYZ", 0.63), ("ABKRVX", 0.69),
            ("C", 0.698), ("DHNU", 0.75), ("GOQ", 0.78), ("M", 0.863), ("W", 0.989), ("→", 0.838), ("•", 0.59),
        ]
        for (chars, w) in groups { for c in chars { t[c] = w } }
        return t
    }()
}
