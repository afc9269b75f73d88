import Foundation

/// Text on its way into a `.tex` file: every character reaches pdflatex (with `LaTeXTableRenderer.preamble`:
/// T1 and T2A fonts, utf8 inputenc, no Greek fonts) in a form it compiles. LaTeX's specials are escaped;
/// Cyrillic is set in Russian (T2A); the characters the preamble's encodings set (found by compiling every
/// character utf8's `.dfu` files declare, in T1 and in Russian) go as they are; Greek and common mathematical
/// symbols become math (`\ensuremath{\alpha}`, `\ensuremath{\leq}`, ✓ as `\surd`); a precomposed letter
/// the fonts lack loses its accents; line and paragraph separators and other spaces are spaces; controls,
/// format characters (bidi overrides, zero-width joiners) and combining marks left alone are dropped; anything
/// else is a `?`, reported (`collectingUnmapped`) so that the run log names it.
enum LaTeXText {
    /// The characters replaced by `?` while `collectingUnmapped` runs.
    final class Unmapped: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [Unicode.Scalar] = []
        func note(_ u: Unicode.Scalar) { lock.withLock { if !seen.contains(u) { seen.append(u) } } }
        var scalars: [Unicode.Scalar] { lock.withLock { seen } }
    }

    @TaskLocal static var unmapped: Unmapped?

    /// Runs `body` (rendering) and returns with its result the characters it wrote as `?`, in order met.
    static func collectingUnmapped<R>(_ body: () throws -> R) rethrows -> (R, [Unicode.Scalar]) {
        let collector = Unmapped()
        let result = try $unmapped.withValue(collector) { try body() }
        return (result, collector.scalars)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        var cyrillic = false
        // Composed first, so that a letter and its combining accent become the one character the fonts have.
        for u in s.precomposedStringWithCanonicalMapping.unicodeScalars {
            let (piece, isCyrillic) = translate(u)
            if piece.isEmpty { continue }
            if isCyrillic != cyrillic {
                out += isCyrillic ? "\\foreignlanguage{russian}{" : "}"
                cyrillic = isCyrillic
            }
            out += piece
        }
        return out + (cyrillic ? "}" : "")
    }

    /// One character as LaTeX source, and whether it is set in Russian; "" drops it.
    static func translate(_ u: Unicode.Scalar) -> (String, Bool) {
        switch u {
        case "\\": return ("\\textbackslash{}", false)
        case "{", "}", "%", "&", "_", "#", "$": return ("\\" + String(u), false)
        case "~": return ("\\textasciitilde{}", false)
        case "^": return ("\\textasciicircum{}", false)
        case "<": return ("\\textless{}", false)
        case ">": return ("\\textgreater{}", false)
        case "†": return ("\\textdagger{}", false)
        case "‡": return ("\\textdaggerdbl{}", false)
        case "\t", "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": return (" ", false)
        case " "..."~": return (String(u), false)
        default: break
        }
        let category = u.properties.generalCategory
        if u.value < 0x20 || (0x7F...0x9F).contains(u.value) || [.format, .nonspacingMark, .enclosingMark, .spacingMark].contains(category) {
            return ("", false)
        }
        if cyrillicLetters.contains(where: { $0.contains(u.value) }) { return (String(u), true) }
        if textCharacters.contains(where: { $0.contains(u.value) }) { return (String(u), false) }
        if category == .spaceSeparator || category == .lineSeparator || category == .paragraphSeparator { return (" ", false) }
        if let command = math[u.value] ?? greek(u.value) { return ("\\ensuremath{\(command)}", false) }
        // A precomposed letter the fonts lack (ǹ, ά): its base letter, the accents dropped.
        let parts = Array(String(u).decomposedStringWithCanonicalMapping.unicodeScalars)
        if parts.count > 1, parts[0] != u { return translate(parts[0]) }
        unmapped?.note(u)
        return ("?", false)
    }

    /// Set in T1 (or by the text companion, TS1) with the preamble: compiled one by one, every one of utf8's
    /// declared characters outside the Cyrillic block that pdflatex took (TeX Live 2022).
    static let textCharacters: [ClosedRange<UInt32>] = [
        0xA0...0x125, 0x128...0x137, 0x139...0x13E, 0x141...0x148, 0x14A...0x165, 0x168...0x17E, 0x192...0x192,
        0x1C4...0x1D4, 0x1E2...0x1E3, 0x1E6...0x1EB, 0x1F0...0x1F0, 0x1F4...0x1F5, 0x218...0x21B, 0x232...0x233,
        0x237...0x237, 0x2C6...0x2C7, 0x2D8...0x2D9, 0x2DB...0x2DD, 0xE3F...0xE3F, 0x1E02...0x1E03, 0x1E0D...0x1E0D,
        0x1E1E...0x1E21, 0x1E25...0x1E25, 0x1E30...0x1E31, 0x1E37...0x1E37, 0x1E43...0x1E43, 0x1E45...0x1E45,
        0x1E47...0x1E47, 0x1E5B...0x1E5B, 0x1E63...0x1E63, 0x1E6D...0x1E6D, 0x1E8E...0x1E91, 0x1E9E...0x1E9E,
        0x1EF2...0x1EF3, 0x200C...0x200C, 0x2010...0x2016, 0x2018...0x201A, 0x201C...0x201E, 0x2020...0x2022,
        0x2026...0x2026, 0x2030...0x2031, 0x2039...0x203B, 0x203D...0x203D, 0x2044...0x2044, 0x204E...0x204E,
        0x2052...0x2052, 0x20A1...0x20A1, 0x20A4...0x20A4, 0x20A6...0x20A6, 0x20A9...0x20A9, 0x20AB...0x20AC,
        0x20B1...0x20B1, 0x2103...0x2103, 0x2116...0x2117, 0x211E...0x211E, 0x2120...0x2120, 0x2122...0x2122,
        0x2126...0x2127, 0x212E...0x212E, 0x2190...0x2193, 0x2329...0x232A, 0x2422...0x2423, 0x25E6...0x25E6,
        0x25EF...0x25EF, 0x266A...0x266A, 0x27E8...0x27E9, 0x3008...0x3009, 0xFB00...0xFB06, 0xFEFF...0xFEFF,
    ]

    /// Cyrillic letters T2A has, set inside `\foreignlanguage{russian}`; the block's others are not in its fonts.
    static let cyrillicLetters: [ClosedRange<UInt32>] = [
        0x400...0x45F, 0x490...0x493, 0x496...0x49D, 0x4A0...0x4A5, 0x4AA...0x4AB, 0x4AE...0x4B3, 0x4B6...0x4BB,
        0x4C0...0x4C2, 0x4D0...0x4DF, 0x4E2...0x4E9, 0x4EC...0x4F5, 0x4F8...0x4F9,
    ]

    /// Greek letters as math symbols (the preamble has no Greek fonts): those that look like Latin capitals as them.
    static func greek(_ v: UInt32) -> String? {
        let lower = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "o",
                     "pi", "rho", "varsigma", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"]
        let upper = ["A", "B", "\\Gamma", "\\Delta", "E", "Z", "H", "\\Theta", "I", "K", "\\Lambda", "M", "N", "\\Xi", "O", "\\Pi", "P", "",
                     "\\Sigma", "T", "\\Upsilon", "\\Phi", "X", "\\Psi", "\\Omega"]
        switch v {
        case 0x3B1...0x3C9: let name = lower[Int(v - 0x3B1)]; return name == "o" ? "o" : "\\" + name
        case 0x391...0x3A9 where v != 0x3A2: let name = upper[Int(v - 0x391)]; return name.hasPrefix("\\") ? name : "\\mathrm{\(name)}"
        default: return nil
        }
    }

    /// Common mathematical and other symbols, as base LaTeX's math commands (✓ and ✔ as √: amssymb's
    /// \checkmark is not in the preamble).
    static let math: [UInt32: String] = [
        0x2264: "\\leq", 0x2265: "\\geq", 0x2260: "\\neq", 0x2248: "\\approx", 0x2261: "\\equiv", 0x223C: "\\sim", 0x221D: "\\propto",
        0x2211: "\\sum", 0x220F: "\\prod", 0x222B: "\\int", 0x221A: "\\surd", 0x221E: "\\infty", 0x2208: "\\in", 0x2209: "\\notin",
        0x220B: "\\ni", 0x2229: "\\cap", 0x222A: "\\cup", 0x2282: "\\subset", 0x2283: "\\supset", 0x2286: "\\subseteq",
        0x2287: "\\supseteq", 0x2200: "\\forall", 0x2203: "\\exists", 0x2205: "\\emptyset", 0x2202: "\\partial", 0x2207: "\\nabla",
        0x2212: "-", 0x2213: "\\mp", 0x2217: "\\ast", 0x2218: "\\circ", 0x22C5: "\\cdot", 0x2219: "\\bullet", 0x2227: "\\wedge",
        0x2228: "\\vee", 0x2295: "\\oplus", 0x2297: "\\otimes", 0x22A5: "\\perp", 0x2225: "\\parallel", 0x2216: "\\setminus",
        0x2032: "\\prime", 0x2033: "\\prime\\prime", 0x21D2: "\\Rightarrow", 0x21D0: "\\Leftarrow", 0x21D4: "\\Leftrightarrow",
        0x2194: "\\leftrightarrow", 0x21A6: "\\mapsto", 0x27F6: "\\longrightarrow", 0x22EF: "\\cdots", 0x22EE: "\\vdots",
        0x2605: "\\star", 0x2606: "\\star", 0x2713: "\\surd", 0x2714: "\\surd", 0x2717: "\\times", 0x2718: "\\times",
        0x2660: "\\spadesuit", 0x2663: "\\clubsuit", 0x2665: "\\heartsuit", 0x2666: "\\diamondsuit", 0x25C7: "\\diamond",
        0x25B3: "\\triangle", 0x2113: "\\ell", 0x2135: "\\aleph", 0x210F: "\\hbar", 0x211C: "\\Re", 0x2111: "\\Im",
        0x2308: "\\lceil", 0x2309: "\\rceil", 0x230A: "\\lfloor", 0x230B: "\\rfloor", 0x22A2: "\\vdash",
    ]
}

extension LaTeXTableRenderer {
    /// The table's `.tex`, and the characters written as `?` in it (none the fonts could set), for the run log.
    public static func renderReportingUnmapped(_ model: TableModel) -> (tex: String, unmapped: [Unicode.Scalar]) {
        LaTeXText.collectingUnmapped { render(model) }
    }
}
