import Aggregate
import Foundation
import MigstatCore
import TestSupport
import XCTest
@testable import Render

/// Issue 19 #7: whatever characters a label holds, the `.tex` compiles: Greek, CJK, emoji, combining accents,
/// U+2028, ∑ ≤ ✓, bidi overrides, zero-width joiners and control characters.
final class LaTeXUnicodeTests: XCTestCase {
    static let seeds = Int(ProcessInfo.processInfo.environment["MIGSTAT_PROPERTY_SEEDS"] ?? "") ?? 10

    func testEachKindOfCharacterHasItsForm() {
        XCTAssertEqual(escapeLaTeX("α ≤ β, Σ ∑ ✓"), #"\ensuremath{\alpha} \ensuremath{\leq} \ensuremath{\beta}, \ensuremath{\Sigma} \ensuremath{\sum} \ensuremath{\surd}"#)
        XCTAssertEqual(escapeLaTeX("Ώμέγα"), #"\ensuremath{\Omega}\ensuremath{\mu}\ensuremath{\epsilon}\ensuremath{\gamma}\ensuremath{\alpha}"#, "accents off Greek")
        XCTAssertEqual(escapeLaTeX("Cafe\u{301} nai\u{308}ve"), "Café naïve", "a letter and its combining accent composed")
        XCTAssertEqual(escapeLaTeX("x\u{301}\u{20DD}"), "x", "marks that compose with nothing dropped")
        XCTAssertEqual(escapeLaTeX("a\u{2028}b\u{2029}c\td\ne"), "a b c d e")
        XCTAssertEqual(escapeLaTeX("\u{202E}rtl\u{202C} a\u{200D}b \u{1}\u{1B}[31m\u{7F}\u{9B}z\u{FEFF}"), "rtl ab [31mz", "bidi, joiners and controls dropped")
        XCTAssertEqual(escapeLaTeX("Москва — «Ўзбекистон» №1 € é ß"), #"\foreignlanguage{russian}{Москва} — «\foreignlanguage{russian}{Ўзбекистон}» №1 € é ß"#)
        let (tex, unmapped) = LaTeXText.collectingUnmapped { escapeLaTeX("北京 😀 x") }
        XCTAssertEqual(tex, "?? ? x")
        XCTAssertEqual(unmapped.map(\.value), [0x5317, 0x4EAC, 0x1F600])
        XCTAssertEqual(LaTeXText.collectingUnmapped { escapeLaTeX("ascii only") }.1, [])
    }

    /// A random label: characters of every plane, weighted towards the blocks labels come from, with controls.
    static func label(_ random: inout SplitMix64) -> String {
        let picks: [ClosedRange<UInt32>] = [0x0...0x7F, 0x80...0x2FF, 0x300...0x36F, 0x370...0x3FF, 0x400...0x52F, 0x590...0x6FF, 0x2000...0x206F,
                                            0x2100...0x27FF, 0x3000...0x9FFF, 0xAC00...0xD7A3, 0xE000...0xFFFF, 0x1_0000...0x1_FFFF,
                                            0x1_F300...0x1_FAFF, 0x2_0000...0x10_FFFF]
        var text = ""
        for _ in 0..<(1 + random.next(24)) {
            let range = picks[random.next(picks.count)]
            let value = range.lowerBound + UInt32(random.next(Int(range.upperBound - range.lowerBound) + 1))
            if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }   // not a surrogate
        }
        return text
    }

    func testRandomUnicodeLabelsAlwaysCompileWithPdflatex() throws {
        let pdflatex = try ExternalTool.find(["/usr/bin/pdflatex"], install: "apt-get install texlive-latex-recommended texlive-latex-extra texlive-lang-cyrillic")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-latex-unicode-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var random = SplitMix64(seed: 19)
        let fixed = "Ελλάδα 北京 😀👩‍👩‍👧 e\u{301}\u{2028}∑ ≤ ✓ \u{202E}عربى\u{202C} a\u{200D}b \u{0}\u{7}\u{1B}\u{7F} Ѣ ɐ 𝔸 \u{10FFFF}"
        for seed in 0..<Self.seeds {
            let labels = (0..<6).map { _ in Self.label(&random) } + [fixed]
            let json: [String: Any] = [
                "id": "u", "number": "Table \(labels[0])", "kind": "table", "title": labels[1], "from": "x", "source_note": labels[2],
                "series": [["id": "a", "label": labels[3], "variable": "v"], ["id": "b", "label": labels[6], "variable": "v"]],
                "layout": ["rows": "categories", "values": ["n", "percent"], "decimals": 1, "stub_header": labels[4]],
            ]
            let exhibit = try JSONDecoder().decode(ExhibitConfig.self, from: JSONSerialization.data(withJSONObject: json))
            var estimates: [Estimate] = []
            for series in ["a", "b"] {
                for (category, label) in [("yes", labels[5]), ("no", labels[6])] {
                    estimates.append(Estimate(exhibit: "u", series: series, category: category, label: label, n: 10, baseN: 40, weighted: 10, baseWeighted: 40,
                                              percent: 25, ciLow: 20, ciHigh: 30, interval: .census))
                }
            }
            let (tex, _) = LaTeXTableRenderer.renderReportingUnmapped(TableModel(exhibit: exhibit, estimates: estimates))
            let doc = "\\documentclass[a4paper]{article}\n\(LaTeXTableRenderer.preamble)\\begin{document}\n\(tex)\\end{document}\n"
            try doc.write(to: dir.appendingPathComponent("u\(seed).tex"), atomically: true, encoding: .utf8)
            let run = try ExternalTool.run(pdflatex, ["-interaction=nonstopmode", "-halt-on-error", "u\(seed).tex"], in: dir)
            XCTAssertEqual(run.status, 0, "seed \(seed), labels \(labels.map { $0.unicodeScalars.map { String($0.value, radix: 16) } }):\n\(run.output.suffix(1500))")
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("u\(seed).pdf").path), "seed \(seed): a PDF")
        }
    }
}
