import ArgumentParser
import Foundation
import MigstatCore
import Pipeline

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Trace one estimate to its raw rows: CSV file,line,unit,in_category, one row per unit of its base.",
        discussion: """
            EXHIBIT, SERIES and CATEGORY are the first three columns of estimates.csv. The rows number base_n and \
            in_category sums to n. unit is the unit's key (a composite key joined with +); for a \
            multiple-response series, the respondent's row. Survey exhibits only: a registry exhibit is traced \
            in migration.sqlite. \(ExitStatus.help)
            """)

    @Argument(help: "The exhibit, as in estimates.csv (e.g. table_1_1).") var exhibit: String
    @Argument(help: "The series (e.g. work).") var series: String
    @Argument(help: "The category (e.g. enough).") var category: String
    @OptionGroup var pipeline: PipelineOptions
    @Option(name: .long, help: "Accepted for symmetry with run; explain reads raw/ and writes nothing.")
    var out = "output"

    func run() throws {
        do {
            let explainer = try Explainer(options: RunOptions(configPath: pipeline.config, rawDirectory: pipeline.raw, outputDirectory: out))
            let units = try explainer.units(exhibit: exhibit, series: series, category: category)
            StandardStreams.write(Explainer.csv(units), to: .output)
        } catch {
            throw ExitStatus.fail(error)
        }
    }
}
