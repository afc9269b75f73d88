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
        subcommands: [Run.self, Check.self, Explain.self, Schema.self, Parse.self, GenerateData.self, BenchExhibits.self, BenchCoverage.self])
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
    /// EX_TEMPFAIL: another run holds the output's lock; try again later.
    static let locked: Int32 = 75
    static let help = """
        Exit status: 0 success (also when nothing changed and the output was left as it was); \
        1 failure (bad input, unreadable file, unwritable output); \
        3 verification found a published number that differs (output still written); \
        64 usage or configuration error (pipeline.json); \
        75 another run holds the output's lock (its pid and start time are named; nothing was done); \
        130 or 143 stopped by SIGINT or SIGTERM (128 + the signal: the staging directory removed, the lock \
        released, the output whole).
        """

    /// The exit code that matches an error's kind, and its one-line message (never a stack trace).
    static func classify(_ error: Error) -> (code: Int32, message: String) {
        switch error {
        case let e as MigstatError:
            switch e {
            case .config, .spec: return (usage, e.description)
            default: return (failure, e.description)
            }
        case let e as LockedError:
            return (locked, e.description)
        case let e as UnsafeOutputError:
            return (usage, e.description)
        default:
            return (failure, String(describing: error))
        }
    }

    /// Prints a clear one-line error and exits with the code that matches its kind.
    static func fail(_ error: Error) -> ExitCode {
        let (code, message) = classify(error)
        FileHandle.standardError.write(Data("migstat: error: \(message.escapingControlCharacters)\n".utf8))
        return ExitCode(code)
    }
}

func logLine(_ line: String) {
    FileHandle.standardError.write(Data("migstat: \(line.escapingControlCharacters)\n".utf8))
}
