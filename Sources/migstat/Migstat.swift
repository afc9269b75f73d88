import ArgumentParser
import Foundation
import MigstatCore
import Pipeline

@main
struct Migstat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migstat",
        abstract: "Regenerates the tables and figures of a survey study from its raw extracts, and verifies them.",
        discussion: ExitStatus.help,
        version: MigstatVersion.current,
        subcommands: [Run.self, Check.self, Parse.self])
}

/// Options every command that reads a delivery shares.
struct PipelineOptions: ParsableArguments {
    @Option(name: .long, help: "The pipeline declaration.")
    var config = "pipeline.json"
    @Option(name: .long, help: "The directory of raw extracts.")
    var raw = "raw"
}

/// The exit codes cron and scripts rely on.
enum ExitStatus {
    static let failure: Int32 = 1
    static let differs: Int32 = 3
    static let usage: Int32 = 64
    static let help = """
        Exit status: 0 success; 1 failure (bad input, unreadable file, unwritable output); \
        3 verification found a published number that differs (output still written); \
        64 usage or configuration error (pipeline.json).
        """

    /// Prints a clear one-line error, never a stack trace, and exits with the code that matches its kind.
    static func fail(_ error: Error) -> ExitCode {
        let message: String
        var code = failure
        switch error {
        case let e as MigstatError:
            message = e.description
            switch e { case .config, .spec: code = usage; default: break }
        default:
            message = String(describing: error)
        }
        FileHandle.standardError.write(Data("migstat: error: \(message)\n".utf8))
        return ExitCode(code)
    }
}

func logLine(_ line: String) {
    FileHandle.standardError.write(Data("migstat: \(line)\n".utf8))
}
