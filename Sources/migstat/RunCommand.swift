import ArgumentParser
import Foundation
import Pipeline

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the pipeline: ingest, clean, join, aggregate, render and verify, into --out (replaced whole).",
        discussion: """
            Safe to schedule: only what changed since the last run is read and rebuilt (a run with nothing new \
            leaves --out as it was), and one run at a time holds <out>.lock. \(ExitStatus.help)
            """)

    @OptionGroup var pipeline: PipelineOptions
    @Option(name: .long, help: "The output directory; built beside it and swapped in only when complete.")
    var out = "output"
    @Flag(name: .long, help: "Skip the comparison with the published values (for extracts that are not the study's).")
    var noVerify = false
    @Flag(name: .long, help: "Rebuild everything, re-reading and re-hashing every input, even if nothing changed.")
    var force = false
    @Option(name: .long, help: "Log lines as text, or as one JSON object per line (for cron and log collectors).")
    var logFormat: LogFormat = .text

    func run() throws {
        let bar = ProgressBar(enabled: logFormat == .text && isatty(STDERR_FILENO) != 0)
        let log = RunLog(format: logFormat, progress: bar)
        var options = RunOptions(configPath: pipeline.config, rawDirectory: pipeline.raw, outputDirectory: out, verify: !noVerify)
        options.force = force
        var runner = Runner(options: options, log: log.info)
        runner.progress = bar.enabled ? bar.update : nil
        let summary: RunSummary
        do {
            try OutputOwnership.check(output: out, raw: pipeline.raw, config: pipeline.config)
            SignalCleanup.install(report: log.error)
            let lock = try RunLock(output: out)
            defer { lock.release() }
            if let previous = lock.takenOver {
                log.warning("lock: taking over \(lock.path) from pid \(previous.pid) (started \(previous.started)), which did not finish")
            }
            summary = try runner.run()
        } catch {
            bar.clear()
            let (code, message) = ExitStatus.classify(error)
            log.error(message)
            throw ExitCode(code)
        }
        bar.clear()
        var line = summary.upToDate ? "up to date: " : ""
        line += "\(summary.exhibits) exhibits, \(summary.estimates) estimates; \(summary.rowsRead) rows read, \(summary.rowsLoaded) loaded, \(summary.rowsQuarantined) quarantined"
        if !noVerify { line += "; verification: \(summary.matched) match, \(summary.differs) differ, \(summary.textDiffers) prose claims differ" }
        print(line)
        if summary.differs > 0 { throw ExitCode(ExitStatus.differs) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate pipeline.json and read and clean every raw file, writing nothing.")

    @OptionGroup var pipeline: PipelineOptions
    @Flag(name: .long, help: "Do not read the published values (for extracts that are not the study's).")
    var noVerify = false

    func run() throws {
        let runner = Runner(options: RunOptions(configPath: pipeline.config, rawDirectory: pipeline.raw, verify: !noVerify))
        do {
            let (config, cleaned, deliveries) = try runner.check()
            let read = cleaned.files.map(\.read).reduce(0, +) + deliveries.map(\.read).reduce(0, +)
            let quarantined = cleaned.quarantine.count + deliveries.map(\.quarantined).reduce(0, +)
            print("ok: \(config.sources.count) sources, \(cleaned.files.count + deliveries.count) files (\(deliveries.count) deliver\(deliveries.count == 1 ? "y" : "ies")), "
                  + "\(read) rows read, \(quarantined) would be quarantined, \(config.exhibits.count) exhibits")
        } catch { throw ExitStatus.fail(error) }
    }
}
