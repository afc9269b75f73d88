import ArgumentParser
import Foundation
import MigstatCore
import Pipeline

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the pipeline: ingest, clean, join, aggregate, render and verify, into --out (replaced whole).",
        discussion: """
            Safe to schedule: only what changed since the last run is read and rebuilt (a run with nothing new \
            leaves --out as it was), and one run at a time holds <out>.lock. \(ExitStatus.help) \(ExitStatus.logHelp)
            """)

    @OptionGroup var pipeline: PipelineOptions
    @Option(name: .long, help: "The output directory; built beside it and swapped in only when complete.")
    var out = "output"
    @Flag(name: .long, help: "Skip the comparison with the published values (for extracts that are not the study's).")
    var noVerify = false
    @Flag(name: .long, help: "Rebuild everything, re-reading and re-hashing every input, even if nothing changed.")
    var force = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var logging: LogOptions

    func run() throws {
        let bar = ProgressBar(enabled: logging.logFormat == .text && !logging.quiet && isatty(STDERR_FILENO) != 0)
        let log = RunLog(logging, progress: bar)
        // From the start, so that a signal at any moment still ends the log with run_finished.
        SignalCleanup.install(report: log.stopped)
        log.started(command: "run")
        var options = RunOptions(configPath: pipeline.config, rawDirectory: pipeline.raw, outputDirectory: out, verify: !noVerify)
        options.force = force
        options.store = storeOptions.store; options.storeSchema = storeOptions.storeSchema
        var runner = Runner(options: options, log: log.callAsFunction)
        let events = ProgressEvents(log: log)
        runner.progress = { bar.update($0); events.offer($0) }
        let summary: RunSummary
        do {
            // Checked once, here (the output is migstat's, pipeline.json is valid, raw/ holds what it declares):
            // a run that cannot start fails before it takes, and leaves, a lock file.
            let validated = try runner.validate()
            let lock = try RunLock(output: out)
            defer { lock.release() }
            if let previous = lock.takenOver {
                log.warning(.lock, "lock_taken_over", "taking over \(lock.path) from pid \(previous.pid) (started \(previous.started)), which did not finish")
            }
            summary = try runner.run(validated)
        } catch {
            bar.clear()
            let code = log.failed(error)
            log.finished(code)
            throw ExitCode(code)
        }
        bar.clear()
        var line = summary.upToDate ? "up to date: " : ""
        line += "\(summary.exhibits) exhibits, \(summary.estimates) estimates; \(summary.rowsRead) rows read, \(summary.rowsLoaded) loaded, \(summary.rowsQuarantined) quarantined"
        if !noVerify { line += "; verification: \(summary.matched) match, \(summary.differs) differ, \(summary.textDiffers) prose claims differ" }
        var totals: [String: RunEventValue] = ["exhibits": .int(summary.exhibits), "estimates": .int(summary.estimates), "rows_read": .int(summary.rowsRead),
                                               "rows_loaded": .int(summary.rowsLoaded), "rows_quarantined": .int(summary.rowsQuarantined),
                                               "up_to_date": .string(summary.upToDate ? "yes" : "no")]
        if !noVerify {
            totals["matched"] = .int(summary.matched); totals["differs"] = .int(summary.differs); totals["text_differs"] = .int(summary.textDiffers)
        }
        log.result(RunEvent(.info, .run, "run_summary", line, totals))
        let code = StandardStreams.status(summary.differs > 0 ? ExitStatus.differs : 0)
        log.finished(code, totals)
        if code != 0 { throw ExitCode(code) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate pipeline.json and read and clean every raw file, writing nothing.",
        discussion: """
            Lists every error of pipeline.json at once (each with file:line:col and its JSON path; up to 50, then a \
            count). Exits as `run` would before writing: 0, 1, 64, or 65 when a source would cross its max_quarantined. \
            -v shows a line per source read (files, rows read, loaded, quarantined).
            """)

    @OptionGroup var pipeline: PipelineOptions
    @Option(name: .long, help: ArgumentHelp("Write the rows a run would quarantine to FILE (quarantine.csv's columns; no access for other users; a file there that migstat did not write is refused; not inside --raw), also on exit 65.", valueName: "FILE"))
    var quarantine: String?
    @Flag(name: .long, help: "Do not read the published values (for extracts that are not the study's).")
    var noVerify = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var logging: LogOptions

    func run() throws {
        let log = RunLog(logging)
        log.started(command: "check")
        var options = RunOptions(configPath: pipeline.config, rawDirectory: pipeline.raw, verify: !noVerify)
        options.store = storeOptions.store; options.storeSchema = storeOptions.storeSchema
        options.checkQuarantine = quarantine
        let runner = Runner(options: options, log: log.callAsFunction)
        do {
            let (config, cleaned, deliveries) = try runner.check()
            let read = cleaned.files.map(\.read).reduce(0, +) + deliveries.map(\.read).reduce(0, +)
            let quarantined = cleaned.quarantine.count + deliveries.map(\.quarantined).reduce(0, +)
            let files = cleaned.files.count + deliveries.count
            let totals: [String: RunEventValue] = ["sources": .int(config.sources.count), "files": .int(files), "deliveries": .int(deliveries.count),
                                                   "rows_read": .int(read), "rows_quarantined": .int(quarantined), "exhibits": .int(config.exhibits.count)]
            log.result(RunEvent(.info, .check, "check_summary",
                                "ok: \(config.sources.count) sources, \(files) files (\(deliveries.count) deliver\(deliveries.count == 1 ? "y" : "ies")), "
                                + "\(read) rows read, \(quarantined) would be quarantined, \(config.exhibits.count) exhibits", totals))
            let code = StandardStreams.status(0)
            log.finished(code, totals)
            if code != 0 { throw ExitCode(code) }
        } catch let finished as ExitCode {
            throw finished   // logged already
        } catch {
            let code = log.failed(error)
            log.finished(code)
            throw ExitCode(code)
        }
    }
}
