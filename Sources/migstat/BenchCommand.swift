import ArgumentParser
import Foundation
import MigstatCore
import Pipeline

/// Hidden: times the registry exhibits over a loaded store, for scripts/bench-registry.sh.
struct BenchExhibits: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-exhibits", abstract: "Time the registry exhibits over a loaded store (for the benchmark).", shouldDisplay: false)

    @OptionGroup var pipeline: PipelineOptions
    @Option(help: "The migration.sqlite holding the loaded registry.") var store: String
    @Flag(help: "Compute them by SQL in SQLite (ExhibitSQL) instead of the byte scan.") var sql = false

    func run() throws {
        do {
            for r in try RegistryExhibitTiming.measure(options: RunOptions(configPath: pipeline.config, rawDirectory: pipeline.raw), store: store, bySQL: sql) {
                StandardStreams.write("\(r.exhibit) \(String(format: "%.3f", r.seconds)) \(r.estimates)\n", to: .output)
            }
        } catch { throw ExitStatus.fail(error) }
    }
}
