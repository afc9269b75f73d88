import ArgumentParser
import Foundation
import Pipeline

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the pipeline: ingest, clean, join, aggregate, render and verify, into --out (replaced whole).")

    @OptionGroup var pipeline: PipelineOptions
    @Option(name: .long, help: "The output directory; built beside it and swapped in only when complete.")
    var out = "output"
    @Flag(name: .long, help: "Skip the comparison with the published values (for extracts that are not the study's).")
    var noVerify = false

    func run() throws {
        let runner = Runner(options: RunOptions(configPath: pipeline.config, rawDirectory: pipeline.raw, outputDirectory: out, verify: !noVerify),
                            log: logLine)
        let summary: RunSummary
        do { summary = try runner.run() } catch { throw ExitStatus.fail(error) }
        var line = "\(summary.exhibits) exhibits, \(summary.estimates) estimates; \(summary.rowsRead) rows read, \(summary.rowsLoaded) loaded, \(summary.rowsQuarantined) quarantined"
        if !noVerify { line += "; verification: \(summary.matched) match, \(summary.differs) differ, \(summary.textDiffers) prose claims differ" }
        print(line)
        if summary.differs > 0 { throw ExitCode(ExitStatus.differs) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate pipeline.json and read and clean every raw file, writing nothing.")

    @OptionGroup var pipeline: PipelineOptions

    func run() throws {
        let runner = Runner(options: RunOptions(configPath: pipeline.config, rawDirectory: pipeline.raw))
        do {
            let (config, cleaned) = try runner.check()
            let read = cleaned.files.map(\.read).reduce(0, +)
            print("ok: \(config.sources.count) sources, \(cleaned.files.count) files, \(read) rows read, \(cleaned.quarantine.count) would be quarantined, \(config.exhibits.count) exhibits")
        } catch { throw ExitStatus.fail(error) }
    }
}
