import Aggregate
import Foundation
import MigstatCore
import XCTest
@testable import Render

/// tables/<exhibit>.tex and figures/<exhibit>.tex: escaped for LaTeX, and each one compiles with pdflatex inside a
/// minimal document that refers to its label, to a page that is not blank (pdftoppm). The study's own files are
/// the committed output/ (StudyRunTests pins it).
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
        XCTAssertTrue(tex.contains("\\textdagger") && tex.contains("& * &"), tex)
        return tex
    }

    /// Every table and figure float of the study, and the synthetic table, in a minimal document that refers to
    /// it: compiles (twice, for the reference), the reference resolves, no glyph is missing, no line sticks out
    /// of the text block, and the float's page is not blank. A wide table turns its page instead of shrinking.
    func testEveryTableAndFigureCompilesWithPdflatexAndItsLabelResolves() throws {
        let pdflatex = try ExternalTool.find(["/usr/bin/pdflatex"], install: "apt-get install texlive-latex-recommended texlive-latex-extra texlive-lang-cyrillic")
        let pdftoppm = try ExternalTool.find(["/usr/bin/pdftoppm"], install: "apt-get install poppler-utils")
        let output = ExternalTool.root.appendingPathComponent("output")
        var files: [(name: String, label: String, tex: String)] = []
        for (folder, prefix) in [("tables", "tab"), ("figures", "fig")] {
            let dir = output.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".tex") }).sorted() {
                files.append((folder + "-" + name, prefix + ":" + name.dropLast(4), try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)))
            }
        }
        XCTAssertGreaterThanOrEqual(files.filter { $0.label.hasPrefix("tab:") }.count, 13, "every table and chart of the study has its .tex")
        XCTAssertGreaterThanOrEqual(files.filter { $0.label.hasPrefix("fig:") }.count, 17, "every figure has its float")
        files.append(("synthetic.tex", "tab:x", try synthetic()))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-latex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, label, tex) in files {
            XCTAssertTrue(tex.contains("\\label{\(label)}") && tex.contains("\\caption[") && !tex.contains("\\caption*"), "\(name): \\caption and \\label{\(label)}")
            XCTAssertFalse(tex.contains("adjustbox") || tex.contains("resizebox") || tex.contains("scalebox"), "\(name): set at its size, never shrunk")
            let doc = "\\documentclass[a4paper]{article}\n\(LaTeXTableRenderer.preamble)\\graphicspath{{\(output.path)/}}\n\\pagestyle{empty}\n"
                + "\\begin{document}\nSee~\\ref{\(label)}.\n\(tex)\\end{document}\n"
            let base = String(name.dropLast(4))
            try doc.write(to: dir.appendingPathComponent(base + "-doc.tex"), atomically: true, encoding: .utf8)
            var run = try ExternalTool.run(pdflatex, ["-interaction=nonstopmode", "-halt-on-error", base + "-doc.tex"], in: dir)
            if run.status == 0 { run = try ExternalTool.run(pdflatex, ["-interaction=nonstopmode", "-halt-on-error", base + "-doc.tex"], in: dir) }
            XCTAssertEqual(run.status, 0, "\(name) does not compile:\n\(run.output.suffix(1500))")
            guard run.status == 0 else { continue }
            let log = try String(contentsOf: dir.appendingPathComponent(base + "-doc.log"), encoding: .isoLatin1)
            XCTAssertFalse(log.contains("Missing character"), "\(name): a glyph the fonts lack")
            XCTAssertFalse(log.contains("There were undefined references") || log.contains("undefined on input line"), "\(name): \\ref{\(label)} does not resolve")
            XCTAssertFalse(log.contains("Overfull \\hbox"), "\(name): wider than the text block")
            try ExternalTool.run(pdftoppm, ["-r", "30", "-gray", base + "-doc.pdf", base], in: dir)
            let pages = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(base + "-") && $0.hasSuffix(".pgm") }.sorted()
            let turned = tex.contains("\\begin{landscape}")
            XCTAssertEqual(pages.count, turned ? 2 : pages.count, "\(name): a turned table on a page of its own")
            XCTAssertLessThanOrEqual(pages.count, 2, "\(name): the reference's page, and the float's if it has one")
            guard let page = pages.last else { continue }
            XCTAssertGreaterThan(try Self.inkedPixels(dir.appendingPathComponent(page)), 100, "\(name): the page is blank")
            let size = try Self.size(dir.appendingPathComponent(page))
            XCTAssertEqual(size.width > size.height, turned, "\(name): a turned page is landscape, any other upright")
        }
    }

    /// Registry table 1's 17 months: a page of its own turned to landscape, column heads upright, no shrinking.
    func testAWideTableTurnsItsPageInsteadOfShrinking() throws {
        let tex = try String(contentsOf: ExternalTool.root.appendingPathComponent("output/tables/registry_registrations.tex"), encoding: .utf8)
        XCTAssertTrue(tex.hasPrefix("% Registry table 1:"))
        XCTAssertTrue(tex.contains("\\begin{landscape}\n\\begin{table}") && tex.contains("\\rotatebox{90}{2012-09 (N=14)}"), tex)
        let turned = try String(contentsOf: ExternalTool.root.appendingPathComponent("output/tables/table_a_1.tex"), encoding: .utf8)
        XCTAssertTrue(turned.contains("\\begin{landscape}") && !turned.contains("rotatebox"), "seven columns of long headers: turned, headers across")
        let narrow = try String(contentsOf: ExternalTool.root.appendingPathComponent("output/tables/figure_4_4.tex"), encoding: .utf8)
        XCTAssertFalse(narrow.contains("landscape"))
    }

    /// A value column is flush right: the base under the percentages and `<5` among the counts end on the same
    /// edge as the numbers (no decimal-aligned column that shifts them), and a review mark hangs past the edge.
    func testCellsOfAColumnEndOnOneEdge() throws {
        XCTAssertTrue(try synthetic().contains("\\rlap{\\textsuperscript{\\textdagger}}"))
        let narrow = try String(contentsOf: ExternalTool.root.appendingPathComponent("output/tables/figure_4_4.tex"), encoding: .utf8)
        XCTAssertTrue(narrow.contains("p{3.6cm}rr@{}}") && narrow.contains("N (base) & 1078 &  \\\\"), narrow)
        let counts = try String(contentsOf: ExternalTool.root.appendingPathComponent("output/tables/registry_registrations.tex"), encoding: .utf8)
        XCTAssertFalse(counts.contains("multicolumn{1}{r}{\\textless{}5}") || counts.contains("D{"), "no cell set apart from its column")
    }

    /// The header comment's "see README.md \"…\"" names a heading that exists.
    func testTheHeaderPointsToAHeadingThatExists() throws {
        let guide = LaTeXTableRenderer.guide
        let readme = try String(contentsOf: ExternalTool.root.appendingPathComponent(guide.file), encoding: .utf8)
        XCTAssertTrue(readme.split(separator: "\n").contains { $0.hasPrefix("#") && $0.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces) == guide.heading },
                      "\(guide.file) has no heading \"\(guide.heading)\"")
        let header = try String(contentsOf: ExternalTool.root.appendingPathComponent("output/tables/table_4_1.tex"), encoding: .utf8).prefix { $0 != "\n" }
        XCTAssertTrue(header.hasSuffix("(see \(guide.file) \"\(guide.heading)\")."), String(header))
    }

    /// Width and height of a binary PGM.
    static func size(_ url: URL) throws -> (width: Int, height: Int) {
        let fields = String(decoding: try Data(contentsOf: url).prefix(40), as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
        return (Int(fields[1]) ?? 0, Int(fields[2]) ?? 0)
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
