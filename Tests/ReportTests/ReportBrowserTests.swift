import Foundation
import MigstatCore
import Pipeline
import XCTest

/// Opens the report of a real run in headless Chromium, as a reader would: it must load without a console
/// error, draw every figure at a real size, and hold every table and figure the study lists, in its order.
/// Skipped on a machine without Chromium, except in CI (CI=true), where a missing browser fails the test.
final class ReportBrowserTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    // Written once by the class's setUp, before any test of it runs; only read after.
    nonisolated(unsafe) static var output: URL!
    nonisolated(unsafe) static var runError: Error?
    nonisolated(unsafe) static var summary: RunSummary?

    override class func setUp() {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("migstat-report-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let options = RunOptions(configPath: root.appendingPathComponent("pipeline.json").path, rawDirectory: root.appendingPathComponent("raw").path,
                                 outputDirectory: output.appendingPathComponent("out").path)
        do { summary = try Runner(options: options).run() } catch { runError = error }
    }
    override class func tearDown() { try? FileManager.default.removeItem(at: output) }

    var report: URL { Self.output.appendingPathComponent("out/report.html") }

    func chromium() throws -> String {
        // CHROMIUM names the browser to use (and only it); otherwise the Debian paths.
        let candidates = ProcessInfo.processInfo.environment["CHROMIUM"].map { [$0] } ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw MissingBrowser(description: "Chromium is not installed: CI must run the browser test (.ci/run installs the Debian package chromium)")
        }
        throw XCTSkip("Chromium is not installed (apt-get install chromium); the browser test runs in CI")
    }

    /// Runs Chromium headless on `arguments`, killed after a minute; returns stdout and stderr.
    func browse(_ arguments: [String]) throws -> (out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try chromium())
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--user-data-dir=\(Self.output.appendingPathComponent("profile").path)"] + arguments
        // Files rather than pipes: Chromium's output can outgrow a pipe's buffer while we wait.
        let outFile = Self.output.appendingPathComponent("chromium.out"), errFile = Self.output.appendingPathComponent("chromium.err")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate(); XCTFail("Chromium did not finish within 60 s") }
        process.waitUntilExit()
        return (try String(contentsOf: outFile, encoding: .utf8), try String(contentsOf: errFile, encoding: .utf8))
    }

    /// The tables and figures of the study, in its order: from the thesis' own lists when the thesis is at hand
    /// (shared/study/thesis.txt beside the repository), else from pipeline.json's copy of them.
    func studyList() throws -> [String] {
        let config = try ConfigLoader.load(path: Self.root.appendingPathComponent("pipeline.json").path)
        let declared = config.study.contents.map(\.number)
        let thesis = Self.root.deletingLastPathComponent().appendingPathComponent("shared/study/thesis.txt")
        guard let text = try? String(contentsOf: thesis, encoding: .utf8) else { return declared }
        var listed: [(number: String, page: Int)] = []
        var inLists = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("List of Figures") && !line.contains("\t") { inLists = true; continue }
            if line.hasPrefix("List of Abbreviations") && !line.contains("\t") && inLists { break }
            guard inLists, line.hasPrefix("Figure ") || line.hasPrefix("Table ") else { continue }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let page = Int(line.reversed().prefix { $0.isNumber }.reversed().map(String.init).joined()) ?? 0
            listed.append(("\(words[0]) \(words[1])", page))
        }
        // Figures and tables interleave in the study by page; a stable sort keeps each list's own order on a tie.
        let ordered = listed.enumerated().sorted { ($0.element.page, $0.offset) < ($1.element.page, $1.offset) }.map(\.element.number)
        XCTAssertEqual(declared, ordered, "pipeline.json's study.contents must be the thesis' List of Figures and List of Tables, in the study's order")
        return ordered
    }

    func testTheReportLoadsWithEveryTableAndFigureOfTheStudyDrawn() throws {
        if let error = Self.runError { throw error }
        _ = try chromium()
        // The report has no script of its own; the probe is added to a copy, first in <head>, to catch every error.
        let probe = """
        <script>
        window.__problems = [];
        window.addEventListener('error', function (e) { window.__problems.push(String(e.message || (e.target && e.target.outerHTML) || 'error')); }, true);
        window.addEventListener('load', function () {
          var figures = [].slice.call(document.querySelectorAll('figure.exhibit svg')).map(function (s) {
            var r = s.getBoundingClientRect(); return { id: s.closest('section').id, width: r.width, height: r.height };
          });
          var sections = [].slice.call(document.querySelectorAll('section.exhibit-section')).map(function (s) {
            return { number: s.getAttribute('data-number'), status: s.getAttribute('data-status'),
                     tables: s.querySelectorAll('table.exhibit').length, figures: s.querySelectorAll('figure.exhibit').length };
          });
          var out = document.createElement('pre'); out.id = 'migstat-probe';
          out.textContent = JSON.stringify({ problems: window.__problems, figures: figures, sections: sections,
            tables: document.querySelectorAll('table.exhibit').length, figureCount: document.querySelectorAll('figure.exhibit').length });
          document.body.appendChild(out);
        });
        </script>
        """
        let html = try String(contentsOf: report, encoding: .utf8)
        let probed = Self.output.appendingPathComponent("out/probe.html")
        try html.replacingOccurrences(of: "<head>\n", with: "<head>\n" + probe + "\n").write(to: probed, atomically: true, encoding: .utf8)
        let (dom, log) = try browse(["--enable-logging=stderr", "--v=0", "--window-size=1280,900", "--dump-dom", probed.absoluteString])

        let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        XCTAssertEqual(console, [], "console messages while loading the report")
        guard let start = dom.range(of: "<pre id=\"migstat-probe\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            return XCTFail("the probe did not run: \(dom.prefix(300)) \(log.suffix(500))")
        }
        let json = dom[start.upperBound..<end.lowerBound].replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        struct Probe: Decodable {
            struct Figure: Decodable { var id: String; var width: Double; var height: Double }
            struct Section: Decodable { var number: String; var status: String; var tables: Int; var figures: Int }
            var problems: [String]; var figures: [Figure]; var sections: [Section]; var tables: Int; var figureCount: Int
        }
        let page = try JSONDecoder().decode(Probe.self, from: Data(json.utf8))
        XCTAssertEqual(page.problems, [])

        for f in page.figures { XCTAssertTrue(f.width > 50 && f.height > 50, "\(f.id) is drawn at \(f.width)x\(f.height)") }
        XCTAssertEqual(page.figures.count, page.figureCount, "every figure holds its SVG inline")

        // One section per table and figure the study lists, in the study's order; then the exhibits pipeline.json
        // adds that the study does not list (the registry's), in declaration order.
        let listed = try studyList()
        let config = try ConfigLoader.load(path: Self.root.appendingPathComponent("pipeline.json").path)
        let added = config.exhibits.filter { $0.kind != .text && !listed.contains($0.number) }.map(\.number)
        XCTAssertEqual(page.sections.map(\.number), listed + added)
        // Every exhibit pipeline.json declares is on the page as a real table or figure (the rest say they are missing).
        let declared = config.exhibits.filter { $0.kind != .text }
        XCTAssertEqual(page.tables + page.figureCount, declared.count)
        XCTAssertEqual(page.tables, declared.filter { $0.kind == .table }.count)
        for s in page.sections {
            let isDeclared = declared.contains { $0.number == s.number }
            XCTAssertEqual(s.status == "missing", !isDeclared, "\(s.number): \(s.status)")
            if isDeclared { XCTAssertEqual(s.tables + s.figures, 1, "\(s.number) shows one table or figure") }
        }
    }

    /// The summary accounts for every row of verification.csv and quarantine.csv of the same run.
    func testTheSummaryAgreesWithTheRunsOwnFiles() throws {
        if let error = Self.runError { throw error }
        let out = Self.output.appendingPathComponent("out")
        let html = try String(contentsOf: report, encoding: .utf8)
        let statuses = try String(contentsOf: out.appendingPathComponent("verification.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").last.map(String.init) ?? "" }
        let quarantined = try XCTUnwrap(Self.summary).rowsQuarantined   // quarantine.csv values may hold line breaks
        let matched = statuses.filter { $0 == "match" }.count, prose = statuses.filter { $0 == "text-differs" }.count
        let differs = statuses.filter { $0 == "differs" }.count
        // One card, whose three counts are the run's and add up to the total it states: none reads against another.
        let card = try XCTUnwrap(html.range(of: "<div class=\"card [a-z]+\" id=\"summary-matched\">.*?</div>", options: .regularExpression).map { String(html[$0]) })
        XCTAssertTrue(card.contains("<p class=\"value\">\(statuses.count)</p><p class=\"label\">published numbers checked</p>"), card)
        let detail = try XCTUnwrap(card.range(of: "<p class=\"detail\">.*?</p>", options: .regularExpression).map { String(card[$0]) })
        let counts = detail.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        XCTAssertEqual(counts, [matched, prose, differs], detail)
        XCTAssertTrue(detail.contains("match") && detail.contains("prose claim") && detail.contains("bear out") && detail.contains("differ"), detail)
        XCTAssertTrue(html.contains("<p class=\"value\">\(quarantined)</p><p class=\"label\">rows quarantined</p>"))
        XCTAssertEqual(html.components(separatedBy: "<tr class=\"match\">").count - 1, matched, "every match is listed beside its exhibit")
    }

    /// The subtitle cites the study (its title as the thesis' title page gives it), not a file of the repository.
    func testTheSubtitleCitesTheStudyNotAFile() throws {
        if let error = Self.runError { throw error }
        let html = try String(contentsOf: report, encoding: .utf8)
        let citation = try XCTUnwrap(html.range(of: "<p class=\"citation\">.*?</p>", options: .regularExpression).map { String(html[$0]) })
        XCTAssertNil(citation.range(of: "[./\\\\]+[a-z]+/|\\.txt|\\.pdf", options: .regularExpression), citation)
        let thesis = Self.root.deletingLastPathComponent().appendingPathComponent("shared/study/thesis.txt")
        guard let text = try? String(contentsOf: thesis, encoding: .utf8) else { return }
        // The title page's first line of the title ("**IN SEARCH OF BETTER LIVES:"), in any case.
        let title = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("**") }).filter { $0.isLetter || $0 == " " }
        XCTAssertTrue(citation.lowercased().contains(title.lowercased()), "\(citation) names \(title)")
    }

    /// A table split by a code column (Table A.2 by region) names its rows by the codes' labels, never the codes.
    func testSplitTablesShowLabelsNotCodes() throws {
        if let error = Self.runError { throw error }
        let config = try ConfigLoader.load(path: Self.root.appendingPathComponent("pipeline.json").path)
        let html = try String(contentsOf: report, encoding: .utf8)
        var checked = 0
        for exhibit in config.exhibits where exhibit.kind == .table {
            for column in exhibit.series.compactMap({ $0.splitBy?.column }) {
                let codes = config.sources.flatMap(\.tables).compactMap { $0.column(column) }.flatMap(\.codes)
                guard !codes.isEmpty else { continue }   // a text column (the registry's host region) is its own label
                let section = try XCTUnwrap(html.components(separatedBy: "<section class=\"exhibit-section\" id=\"\(exhibit.id)\"").dropFirst().first)
                    .components(separatedBy: "</section>")[0]
                for code in codes {
                    let label = try XCTUnwrap(code.label, "\(column) code \(code.code) has no label in pipeline.json")
                    XCTAssertTrue(section.contains("<th scope=\"row\">\(label)</th>"), "\(exhibit.number) shows \(label)")
                    if label != code.name { XCTAssertFalse(section.contains("<th scope=\"row\">\(code.name)</th>"), "\(exhibit.number) shows \(code.name)") }
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 7, "Table A.1's two sexes and Table A.2's five regions")
    }

    func testTheReportPrints() throws {
        if let error = Self.runError { throw error }
        _ = try chromium()
        let pdf = Self.output.appendingPathComponent("report.pdf")
        _ = try browse(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", report.absoluteString])
        let data = try Data(contentsOf: pdf)
        let text = String(decoding: data, as: UTF8.self)
        let pages = text.components(separatedBy: "/Type /Page").count - 1 - (text.components(separatedBy: "/Type /Pages").count - 1)
        XCTAssertGreaterThan(pages, 3, "the whole report on A4 pages")
    }
}

extension ReportBrowserTests {
    /// The print layout at the width of an A4 page less its margins (186 mm = 703 CSS px): every cell of Registry
    /// table 1 (17 month columns) lies within the page, none hidden behind a scroll. The print rules are applied to
    /// the screen of a copy, since headless Chromium lays out print media only into a PDF.
    func testEveryColumnOfRegistryTable1IsWithinThePrintedPage() throws {
        if let error = Self.runError { throw error }
        _ = try chromium()
        let probe = """
        <script>
        window.addEventListener('load', function () {
          var width = document.documentElement.clientWidth, out = [];
          [].slice.call(document.querySelectorAll('table.exhibit')).forEach(function (t) {
            var section = t.closest('section'), cells = t.querySelectorAll('th,td'), outside = 0, right = 0;
            [].slice.call(cells).forEach(function (c) { var r = c.getBoundingClientRect(); right = Math.max(right, r.right); if (r.right > width + 0.5) outside++; });
            var frame = t.closest('.scroll-frame') || t.parentElement;
            out.push({ number: section.getAttribute('data-number'), columns: t.querySelector('tbody tr').children.length,
                       outside: outside, right: right, width: width, scrolls: frame.scrollWidth > frame.clientWidth + 1 });
          });
          var pre = document.createElement('pre'); pre.id = 'migstat-probe'; pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
        });
        </script>
        """
        let html = try String(contentsOf: report, encoding: .utf8)
        XCTAssertTrue(html.contains("@media print{"))
        let printed = html.replacingOccurrences(of: "@media print{", with: "@media all{").replacingOccurrences(of: "<head>\n", with: "<head>\n" + probe + "\n")
        let copy = Self.output.appendingPathComponent("out/print-probe.html")
        try printed.write(to: copy, atomically: true, encoding: .utf8)
        let (dom, log) = try browse(["--hide-scrollbars", "--window-size=703,1000", "--dump-dom", copy.absoluteString])
        guard let start = dom.range(of: "<pre id=\"migstat-probe\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            return XCTFail("the probe did not run: \(dom.prefix(300)) \(log.suffix(500))")
        }
        struct Table: Decodable { var number: String; var columns: Int; var outside: Int; var right: Double; var width: Double; var scrolls: Bool }
        let tables = try JSONDecoder().decode([Table].self, from: Data(String(dom[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&amp;", with: "&").utf8))
        let registry = try XCTUnwrap(tables.first { $0.number == "Registry table 1" })
        XCTAssertEqual(registry.columns, 18, "the host region and 17 months")
        for t in tables {
            XCTAssertEqual(t.outside, 0, "\(t.number): cells past the page's right edge (\(t.right) > \(t.width) px)")
            XCTAssertFalse(t.scrolls, "\(t.number): part of the table sits behind a scroll")
        }
    }
}

/// Thrown (a failure, not a skip) when CI lacks the browser.
struct MissingBrowser: Error, CustomStringConvertible { var description: String }
