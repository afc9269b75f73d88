import Aggregate
import Diagram
import Figures
import Foundation
import MigstatCore
import Render
import Report
import Verify
import Workbook

/// Renders every exhibit to its files (tables/<id>.csv|md|html|tex, figures/<id>.svg|pdf|png|tex) and keeps what
/// the report shows of each, so that report.html embeds exactly the bytes written beside it.
struct ExhibitOutputs {
    private(set) var files: [(path: String, text: String)] = []
    /// The figures whose PDF and PNG are to be drawn from their SVG (`FigureDrawing`, after this is built).
    private(set) var figures: [FigureDrawing.Figure] = []
    /// An exhibit that could not be built: thrown after the figures before it are drawn, so that the run
    /// reports the first failure in the exhibits' order, as when each figure was drawn in turn.
    private(set) var failure: Error?
    private(set) var report: [ReportExhibit] = []
    /// The tables and charts with numbers, for tables.xlsx.
    private(set) var sheets: [(exhibit: String, table: TableModel)] = []
    /// Each exhibit's contrasts, in declaration order, for their sheets of tables.xlsx.
    private(set) var contrastSheets: [ContrastSheet] = []
    /// The disclosure audit's verdict, for the report's summary.
    var disclosure: String?
    /// Characters of a table's texts pdflatex could not set, written as `?` (`LaTeXText`), for the run log.
    private(set) var latexUnmapped: [(file: String, character: Unicode.Scalar)] = []

    init(config: PipelineConfig, estimates: [Estimate], verification: [VerificationRow], contrasts: [Contrast] = []) {
        for exhibit in config.exhibits {
            do { try add(exhibit, estimates: estimates, verification: verification, contrasts: contrasts) } catch {
                failure = error
                return
            }
        }
        // Published numbers that answer to no exhibit (the official and derived indicators) are reported too.
        let declared = Set(config.exhibits.map(\.id))
        var others: [String] = []
        for row in verification where !declared.contains(row.exhibit) && !others.contains(row.exhibit) { others.append(row.exhibit) }
        for id in others {
            let derived = config.indicators?.derived ?? []
            let checks = verification.filter { $0.exhibit == id }.map { row -> ReportCheck in
                let note = derived.first { $0.indicator == row.series && $0.period == row.category }?.note
                let check = Self.check(row, exhibit: nil, estimates: estimates)
                return ReportCheck(label: note.map { "\($0) (\(row.category))" } ?? "\(row.series), \(row.category)",
                                   published: check.published, computed: check.computed, status: check.status, quote: check.quote)
            }
            let isIndicators = config.indicators != nil && id == "indicators"
            report.append(ReportExhibit(id: id, number: isIndicators ? "Official statistics" : id,
                                        title: isIndicators ? "Official statistics and indicators derived from them" : id,
                                        kind: .text, sourceNote: isIndicators ? "indicators.csv" : "", body: .text, checks: checks))
        }
    }

    /// One exhibit's files and report entry (a figure's PDF and PNG are drawn later).
    private mutating func add(_ exhibit: ExhibitConfig, estimates: [Estimate], verification: [VerificationRow], contrasts: [Contrast]) throws {
        let checks = verification.filter { $0.exhibit == exhibit.id }.map { Self.check($0, exhibit: exhibit, estimates: estimates) }
        var entry = ReportExhibit(id: exhibit.id, number: exhibit.number, title: exhibit.title, kind: exhibit.kind,
                                  sourceNote: exhibit.sourceNote, body: .text, checks: checks)
        addContrasts(contrasts.filter { $0.exhibit == exhibit.id }, of: exhibit, to: &entry)
        switch exhibit.kind {
        case .table:
            let model = TableModel(exhibit: exhibit, estimates: estimates)
            add("tables/\(exhibit.id).csv", CSVTableRenderer.render(model), to: &entry)
            add("tables/\(exhibit.id).md", MarkdownTableRenderer.render(model), to: &entry)
            add("tables/\(exhibit.id).html", HTMLTableRenderer.render(model), to: &entry)
            addLaTeX("tables/\(exhibit.id).tex", model, to: &entry)
            entry.body = .table(model)
            sheets.append((exhibit.id, model))
        case .figure:
            let svg = BarChart(exhibit: exhibit, estimates: estimates).svg()
            try addFigure(exhibit, svg: svg, to: &entry)
            // The chart's numbers, as a table for LaTeX and the workbook.
            let numbers = TableModel(exhibit: exhibit, estimates: estimates)
            addLaTeX("tables/\(exhibit.id).tex", numbers, to: &entry)
            sheets.append((exhibit.id, numbers))
            entry.body = .figure(svg: svg)
        case .diagram, .timeline:
            let svg = try Self.drawing(exhibit)
            try addFigure(exhibit, svg: svg, to: &entry)
            entry.body = .figure(svg: svg)
            entry.basis = exhibit.figure.map {
                switch $0 { case let .diagram(d): return d.basis; case let .timeline(t): return t.basis }
            }
        case .text:
            break
        }
        report.append(entry)
    }

    /// report.html for this run.
    func reportPage(config: PipelineConfig, quarantine: [QuarantineRecord], rowsRead: Int, verified: Bool, limits: [String] = [],
                    statistics: [Statistic] = [], tests: [IndependenceTest] = []) -> String {
        var input = ReportInput(studyTitle: config.study.title, citation: config.study.citation, contents: config.study.contents,
                                exhibits: report, quarantine: quarantine, rowsRead: rowsRead, rowsLoaded: rowsRead - quarantine.count,
                                verified: verified, generator: "migstat \(MigstatVersion.current)")
        input.quarantineLimits = limits
        input.statistics = statistics.map { ReportStatistic($0, source: Self.sourceTitle(of: $0.from, config: config)) }
        input.tests = tests
        input.disclosure = disclosure
        return ReportPage(input).html()
    }

    /// The title of the source a table or join reads ("hh_migrants" → its source's title), for the report.
    static func sourceTitle(of from: String, config: PipelineConfig) -> String {
        var name = from
        for _ in 0...config.joins.count {   // a join reads a table or an earlier join: at most every join once
            guard let join = config.joins.first(where: { $0.id == name }) else { break }
            name = join.from
        }
        let sourceId = String(name.prefix { $0 != "." })
        return config.sources.first { $0.id == sourceId }?.title ?? from
    }

    /// The exhibit's declared contrasts beside it: tables/<id>_contrasts.* and the report's panel.
    private mutating func addContrasts(_ contrasts: [Contrast], of exhibit: ExhibitConfig, to entry: inout ReportExhibit) {
        guard !contrasts.isEmpty else { return }
        let table = ContrastTable(exhibit: exhibit, contrasts: contrasts)
        for (ext, text) in [("csv", table.csv()), ("md", table.markdown()), ("html", table.html()), ("tex", table.latex())] {
            add("tables/\(exhibit.id)_contrasts.\(ext)", text, to: &entry)
        }
        entry.contrasts = table
        contrastSheets.append(ContrastSheet(exhibit: exhibit, contrasts: contrasts))
    }

    private mutating func add(_ path: String, _ text: String, to entry: inout ReportExhibit) {
        files.append((path, text))
        entry.files.append(path)
    }

    /// The SVG, its PDF and PNG, and the LaTeX float that includes the PDF.
    private mutating func addFigure(_ exhibit: ExhibitConfig, svg: String, to entry: inout ReportExhibit) throws {
        add("figures/\(exhibit.id).svg", svg, to: &entry)
        figures.append(FigureDrawing.Figure(svg: svg, pdf: "figures/\(exhibit.id).pdf", png: "figures/\(exhibit.id).png"))
        entry.files += ["figures/\(exhibit.id).pdf", "figures/\(exhibit.id).png"]
        add("figures/\(exhibit.id).tex", LaTeXFigureRenderer.render(id: exhibit.id, number: exhibit.number, title: exhibit.title), to: &entry)
    }

    private mutating func addLaTeX(_ path: String, _ model: TableModel, to entry: inout ReportExhibit) {
        let (tex, unmapped) = LaTeXTableRenderer.renderReportingUnmapped(model)
        add(path, tex, to: &entry)
        latexUnmapped += unmapped.map { (file: path, character: $0) }
    }

    static func drawing(_ exhibit: ExhibitConfig) throws -> String {
        switch exhibit.figure {
        case let .diagram(spec)?:
            return try DiagramChart(number: exhibit.number, title: exhibit.title, sourceNote: exhibit.sourceNote,
                                    idPrefix: exhibit.id, spec: spec).svg()
        case let .timeline(spec)?:
            return TimelineChart(number: exhibit.number, title: exhibit.title, sourceNote: exhibit.sourceNote,
                                 idPrefix: exhibit.id, spec: spec).svg()
        case nil:
            throw MigstatError.config(path: "exhibits.\(exhibit.id).spec", message: "the spec was not loaded (use ConfigLoader.load)")
        }
    }

    /// A verification row with the labels a reader knows: series (when there are several) and category.
    static func check(_ row: VerificationRow, exhibit: ExhibitConfig?, estimates: [Estimate]) -> ReportCheck {
        let category = estimates.first { $0.exhibit == row.exhibit && $0.series == row.series && $0.category == row.category }?.label
            ?? exhibit?.layout.categoryLabels[row.category] ?? row.category
        let series = exhibit?.series.first { $0.id == row.series }.map { $0.label ?? $0.id } ?? row.series
        let status: ReportCheck.Status = row.status == .match ? .match : (row.status == .differs ? .differs : .textDiffers)
        let measure = ["n": " (n)", "base_n": " (N, the base)"][row.measure] ?? ""
        return ReportCheck(group: (exhibit?.series.count ?? 0) > 1 ? series : nil, label: category + measure, published: row.published, computed: row.computed, status: status,
                           quote: row.prose ? row.quote : nil)
    }
}
