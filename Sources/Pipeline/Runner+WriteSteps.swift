import Figures
import Foundation
import MigstatCore
import Store
import Workbook

/// The steps that write: the quarantine limits judged before anything is, the output files, the store's
/// tables; then the manifest and the swap (`commit`), after the last step.
extension Runner {
    /// Sources not read again keep their quarantine and accounts from the previous store; a source that lost
    /// too many rows stops the run before anything is written, leaving the previous output as it was.
    func enforceLimits(_ run: RunState, _: Set<String>) throws {
        let config = run.config
        let kept = try keptFromPrevious(config, plan: run.plan, previous: run.carried ? run.previousStore : nil)
        let deliveryFiles = run.deliveryAccounts.flatMap(\.accounts)
        run.quarantine = config.sources.flatMap { s in (kept.quarantine + run.cleaned.quarantine).filter { $0.source == s.id } }
        run.files = config.sources.flatMap { s in (kept.files + run.cleaned.files + deliveryFiles).filter { $0.source == s.id } }
        run.limits = QuarantineThresholds.judge(config, surveyFiles: kept.files + run.cleaned.files, deliveries: run.deliveryAccounts)
        do {
            try QuarantineThresholds.enforce(run.limits, log: log)
        } catch var crossed as QuarantineThresholdError {
            // The output stays as it was; the rows that failed go beside it, for the operator to see why.
            crossed.rejectedFile = try RejectedFile.write(output: options.outputDirectory, config: config, records: run.quarantine,
                                                          delivered: run.deliveryQuarantine)
            throw crossed
        }
    }

    func render(_ run: RunState, _: Set<String>) throws {
        let config = run.config, out = run.output
        func emit(_ name: String, _ text: String) throws { try out.write(name, text); run.written.append(name) }
        // The exports read only the tables and write only export/: on a thread of their own while the exhibits
        // are built. Their error, if any, is still thrown after the report, where it was.
        let tables = run.tables, read = run.plan.sourcesToRead, previous = run.previous
        let exportsTask = BackgroundTask { try writeExports(config, tables: tables, read: read, previous: previous, into: out) }
        try emit("estimates.csv", OutputFiles.estimates(run.estimates))
        try QuarantineFile.write(to: out.path("quarantine.csv"), config: config, records: run.quarantine, delivered: run.deliveryQuarantine)
        run.written.append("quarantine.csv")
        if config.indicators != nil { try emit("indicators.csv", OutputFiles.indicators(run.indicators)) }
        if options.verify { try emit("verification.csv", OutputFiles.verification(run.verification)) }
        if !run.statistics.isEmpty { try emit("statistics.csv", OutputFiles.statistics(run.statistics)) }
        if !run.independence.isEmpty { try emit("tests.csv", OutputFiles.tests(run.independence)) }
        if !run.contrasts.isEmpty { try emit("contrasts.csv", OutputFiles.contrasts(run.contrasts)) }
        // Memory the steps since the load freed (the exhibits' counting threads) goes back to the system before the
        // exports and the figures take theirs; each one's goes back before the next.
        FreedMemory.release()
        var exhibits = ExhibitOutputs(config: config, estimates: run.published, verification: run.verification, contrasts: run.contrasts)
        let exports = exportsTask.result()
        // Nothing render writes after the exports reads the tables: they are let go for the figures (the joined
        // ones' rows are 5 MB of the study's 11 MB heap; the others share theirs with the cleaned tables).
        run.tables = [:]
        FreedMemory.release()
        let figures = exhibits.figures
        let toDraw = try writeKeptFigures(figures, previous: run.trusted, into: out)
        // An exhibit that could not be built: the figures before it drawn, then its error, the first in exhibit
        // order, as when the figures were drawn one by one.
        if let failure = exhibits.failure {
            try drawFigures(toDraw, of: figures.count, into: out)
            throw failure
        }
        // One figure to draw (a run after a new delivery: the registry's) leaves a core free: it is drawn on a
        // thread of its own while the tables, the workbook and the report are written, its error first. More
        // (the whole study) take both cores, and are drawn before the rest, which would add its memory to theirs.
        let figuresTask = toDraw.count == 1 ? BackgroundTask { try drawFigures(toDraw, of: figures.count, into: out) } : nil
        if figuresTask == nil { try drawFigures(toDraw, of: figures.count, into: out) }
        let rest = Result {
            if run.disclosure.tables > 0 { exhibits.disclosure = run.disclosure.sentence }
            for file in exhibits.files { try emit(file.path, file.text) }
            run.written += figures.flatMap { [$0.pdf, $0.png] }
            try TablesWorkbook.write(exhibits.sheets, contrasts: exhibits.contrastSheets, to: out.path("tables.xlsx"))
            run.written.append("tables.xlsx")
            // The report counts every quarantined row and lists the first ones: the survey tables', then the deliveries'.
            let reported = run.quarantine + config.sources.flatMap { run.deliveryQuarantine[$0.id] ?? [] }
            let rowsRead = run.files.map(\.read).reduce(0, +)
            try emit("report.html", exhibits.reportPage(config: config, quarantine: reported, rowsRead: rowsRead, verified: options.verify,
                                                      limits: run.limits.map(\.message), statistics: run.statistics, tests: run.independence))
        }
        try figuresTask?.result().get()
        for (file, character) in exhibits.latexUnmapped {
            let code = String(format: "U+%04X", character.value)
            log(RunEvent(.warning, .render, "latex_character_replaced",
                         "\(file): \(code) cannot be set by pdflatex with the LaTeX preamble: written as ?", ["file": .string(file), "character": .string(code)]))
        }
        try rest.get()
        run.written += try exports.get()
        log(RunEvent(.info, .render, "files_rendered", "\(run.written.count) files",
                     ["files": .int(run.written.count), "seconds": .double(run.stepSeconds)]))
    }

    /// Writes the previous output's drawings of unchanged figures; returns the others.
    private func writeKeptFigures(_ figures: [FigureDrawing.Figure], previous: PreviousOutput?, into out: OutputDirectory) throws -> [FigureDrawing.Figure] {
        let kept = KeptFigures(previous: previous, renderer: RendererIdentity.sha256)
        var toDraw: [FigureDrawing.Figure] = []
        for figure in figures {
            guard let drawing = kept.drawing(of: figure) else { toDraw.append(figure); continue }
            try out.write(figure.pdf, drawing.pdf)
            try out.write(figure.png, drawing.png)
        }
        return toDraw
    }

    /// Each figure's PDF and PNG, two at a time, written in order as they come.
    private func drawFigures(_ drawn: [FigureDrawing.Figure], of count: Int, into out: OutputDirectory) throws {
        try FigureDrawing.draw(drawn) { index, pdf, png in
            try out.write(drawn[index].pdf, pdf)
            try out.write(drawn[index].png, png)
        }
        FreedMemory.release()
        guard count > 0 else { return }
        log(RunEvent(.info, .render, "figures_drawn", "\(drawn.count) of \(count) figures drawn, \(count - drawn.count) kept from the previous output",
                     ["drawn": .int(drawn.count), "kept": .int(count - drawn.count)]))
    }

    /// The run's tables into the store, the run logged in it, and the store sealed: before render, so that a
    /// store that is an output file is hashed on a thread of its own while render draws.
    func writeStore(_ run: RunState, _: Set<String>) throws {
        let store = try run.target.runStore()
        for (name, table) in run.tables.sorted(by: { $0.key < $1.key }) {
            try store.writeTable(table, as: StoreTableName.of(name, in: run.config))
        }
        try store.writeCodebook(run.cleaned.tables.sorted { $0.key < $1.key }.map(\.value))
        let surveySources = run.plan.sourcesToRead.filter { id in !run.deliveryTables.contains { $0.0.id == id } }
        try store.writeQuarantine(run.cleaned.quarantine, replacing: surveySources.sorted())
        try store.writeEstimates(run.estimates)
        try store.writeStatistics(run.statistics)
        try store.writeTests(run.independence)
        try store.writeVerification(run.verification)
        try store.writeFiles(run.files)
        let differs = run.verification.filter { $0.status == .differs }.count
        try store.logRun(startedAt: ISO8601DateFormatter().string(from: run.started), seconds: Date().timeIntervalSince(run.started),
                         status: differs > 0 ? "differs" : "ok", version: MigstatVersion.current)
        try run.target.seal()
        if let file = run.target.outputFile {
            run.written.append(file)
            run.outputFileHash = (file, BackgroundHash(path: run.output.path(file)))
        }
    }

    /// After the last step: the data package and the manifest, then the staged output swapped in.
    func commit(_ run: RunState) throws -> RunSummary {
        let out = run.output, verification = run.verification
        run.written.append(try writeDataPackage(run.config, written: run.written, store: try run.target.runStore(), into: out))
        let read = run.files.map(\.read).reduce(0, +), quarantined = run.files.map(\.quarantined).reduce(0, +)
        let summary = RunSummary(exhibits: run.config.exhibits.count, estimates: run.estimates.count, rowsRead: read, rowsLoaded: read - quarantined,
                                 rowsQuarantined: quarantined, matched: verification.filter { $0.status == .match }.count,
                                 differs: verification.filter { $0.status == .differs }.count,
                                 textDiffers: verification.filter { $0.status == .textDiffers }.count)
        let startedAt = ISO8601DateFormatter().string(from: run.started)
        var manifest = Manifest(files: run.files, configSha256: run.configSha256, sqliteVersion: Database.libraryVersion,
                                outputs: run.written.sorted(), startedAt: startedAt, timings: run.timings)
        // Fingerprints again now that new deliveries are hashed, as the next run will compute them.
        let context = run.context, hashes = run.hashes
        manifest.fingerprints = IncrementalPlan.fingerprints(context, hash: { inputHash($0, hashes: hashes, previous: nil, context: context) })
        manifest.summary = summary.snapshot
        manifest.rendererSha256 = RendererIdentity.sha256   // render, a step of every rebuild, drew under it
        var known: [String: String] = [:]
        if let (file, hash) = run.outputFileHash { known[file] = hash.result() }
        try manifest.recordHashes(of: run.written, in: out, known: known)
        try out.write("manifest.json", try manifest.json())
        try out.commit()
        run.hashes.save()
        RejectedFile.removeStale(output: options.outputDirectory)
        log(RunEvent(.info, .output, "output_written", "\(options.outputDirectory) written",
                     ["directory": .string(options.outputDirectory), "files": .int(run.written.count),
                      "seconds": .double(Date().timeIntervalSince(run.started))]))
        return summary
    }
}
