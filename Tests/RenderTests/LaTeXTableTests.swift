import Aggregate
import Foundation
import MigstatCore
import XCTest
@testable import Render

/// tables/<exhibit>.tex: escaped for LaTeX, and each one compiles with pdflatex inside a minimal document to a
/// page that is not blank (pdftoppm). The study's own files are the committed output/ (StudyRunTests pins it).
final class LaTeXTableTests: XCTestCase {
    func testEscapesEverySpecialCharacterAndSetsCyrillicInRussian() {
        XCTAssertEqual(escapeLaTeX(##"50% & a_b #1 $2 {x} ~ ^ \"##),
                       ##"50\% \& a\_b \#1 \$2 \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{}"##)
        XCTAssertEqual(escapeLaTeX("Moscow (Москва)"), #"Moscow (\foreignlanguage{russian}{Москва})"#)
    }

    /// A table with every special character, a Russian label, a share flagged for review (†, series a has 5
    /// degrees of freedom) and a suppressed one (*, 42 points wide), beside the study's tables.
    func synthetic() throws -> String {
        let json = #"{"id":"x","number":"Table X","kind":"table","title":"Shares & 100% of a_b #1 $ {} ~ ^ \\ — Доля","from":"x","#
            + #""source_note":"Source: Опрос, 2009 (N=500 typed).","series":[{"id":"a","label":"Регион Москва","variable":"v"},{"id":"b","variable":"v"}],"#
            + #""layout":{"rows":"categories","values":["n","percent"],"decimals":1}}"#
        let exhibit = try JSONDecoder().decode(ExhibitConfig.self, from: Data(json.utf8))
        var estimates: [Estimate] = []
        for (s, base) in [("a", 40), ("b", 500)] {
            for (c, n) in [("yes", 30), ("no", 3)] {
                var e = Estimate(exhibit: "x", series: s, category: c, label: c == "yes" ? "Да (yes)" : "No", n: n, baseN: base, weighted: Double(n),
                                 baseWeighted: Double(base), percent: Double(n) / Double(base) * 100, ciLow: Double(n) / Double(base) * 100 - 2,
                                 ciHigh: Double(n) / Double(base) * 100 + (s == "b" && c == "no" ? 40 : 2),
                                 interval: .logit)
                e.nEff = Double(base); e.df = s == "a" ? 5 : 499; e.deff = 1
                e.se = s == "b" && c == "no" ? 20 : 2   // the Korn–Graubard interval the standard judges follows se
                estimates.append(e)
            }
        }
        let tex = LaTeXTableRenderer.render(TableModel(exhibit: exhibit, estimates: estimates))
        XCTAssertTrue(tex.contains("^{\\dagger}") && tex.contains("\\multicolumn{1}{r}{*}"), tex)
        return tex
    }

    func testEveryTableCompilesWithPdflatexToAPageThatIsNotBlank() throws {
        let pdflatex = try ExternalTool.find(["/usr/bin/pdflatex"], install: "apt-get install texlive-latex-recommended texlive-latex-extra texlive-lang-cyrillic")
        let pdftoppm = try ExternalTool.find(["/usr/bin/pdftoppm"], install: "apt-get install poppler-utils")
        let tables = ExternalTool.root.appendingPathComponent("output/tables")
        var files = try FileManager.default.contentsOfDirectory(atPath: tables.path).filter { $0.hasSuffix(".tex") }.sorted()
            .map { ($0, try String(contentsOf: tables.appendingPathComponent($0), encoding: .utf8)) }
        XCTAssertGreaterThanOrEqual(files.count, 13, "every table and chart of the study has its .tex")
        files.append(("synthetic.tex", try synthetic()))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-latex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, tex) in files {
            let doc = "\\documentclass[a4paper]{article}\n\(LaTeXTableRenderer.preamble)\\pagestyle{empty}\n\\begin{document}\n\(tex)\\end{document}\n"
            let base = String(name.dropLast(4))
            try doc.write(to: dir.appendingPathComponent(base + "-doc.tex"), atomically: true, encoding: .utf8)
            let run = try ExternalTool.run(pdflatex, ["-interaction=nonstopmode", "-halt-on-error", base + "-doc.tex"], in: dir)
            XCTAssertEqual(run.status, 0, "\(name) does not compile:\n\(run.output.suffix(1500))")
            guard run.status == 0 else { continue }
            XCTAssertFalse(run.output.contains("Missing character"), "\(name): a glyph the fonts lack")
            try ExternalTool.run(pdftoppm, ["-r", "30", "-gray", base + "-doc.pdf", base], in: dir)
            let pages = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(base + "-") && $0.hasSuffix(".pgm") }
            XCTAssertEqual(pages.count, 1, "\(name): one page")
            for page in pages {
                XCTAssertGreaterThan(try Self.inkedPixels(dir.appendingPathComponent(page)), 100, "\(name): the page is blank")
            }
        }
    }

    /// Pixels darker than mid-grey in a binary PGM (P5) of 8-bit depth.
    static func inkedPixels(_ url: URL) throws -> Int {
        let data = try Data(contentsOf: url)
        var fields = 0, i = 0
        while fields < 4 && i < data.count {   // "P5", width, height, maxval, each ended by whitespace
            while i < data.count, data[i] == 0x20 || data[i] == 0x0A { i += 1 }
            while i < data.count, data[i] != 0x20 && data[i] != 0x0A { i += 1 }
            fields += 1
        }
        return data[(i + 1)...].filter { $0 < 128 }.count
    }
}
