import ArgumentParser
import Foundation
import MigstatCore
import Pipeline
import Postgres

@main
struct Migstat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migstat",
        abstract: "Regenerates the tables and figures of a survey study from its raw extracts, and verifies them.",
        discussion: ExitStatus.help + "\n\n" + ExitStatus.logHelp + "\n\n" + ExitStatus.scheduleHelp,
        subcommands: [Run.self, Check.self, Explain.self, Schema.self, Parse.self, GenerateData.self, BenchExhibits.self, BenchCoverage.self])

    @Flag(name: .long, help: "Print the version and the build's identity (the SHA-256 of this executable, as the incremental fingerprints record it).")
    var version = false

    /// `--version` is handled here rather than by ArgumentParser so that the executable is hashed only when asked.
    func run() throws {
        guard version else { throw CleanExit.helpRequest(self) }
        StandardStreams.write(Migstat.versionLine + "\n", to: .output)
    }

    /// As ArgumentParser's, except that a usage error of a command asked for JSON logs is logged as JSON too
    /// (`run_failed`, `run_finished`, exit 64): cron appends everything to one JSON log.
    static func main() {
        ArgvPasswords.hide()
        do {
            var command = try parseAsRoot(nil)
            try command.run()
            Foundation.exit(StandardStreams.status(0))
        } catch {
            let code = exitCode(for: error)
            if !(error is ExitCode), code != .success, LogOptions.jsonRequested(CommandLine.arguments),
               let options = try? LogOptions.parse(["--log-format", "json"]) {
                let log = RunLog(options)
                log(RunEvent(.error, .run, "run_failed", message(for: error), ["exit_code": .int(Int(code.rawValue))]))
                log.finished(code.rawValue)
                Foundation.exit(code.rawValue)
            }
            exit(withError: error)
        }
    }

    static var versionLine: String { "migstat \(MigstatVersion.current) (build sha256:\(BuildIdentity.sha256))" }
}

/// Options every command that reads a delivery shares.
/// The store's place, for run and check: migration.sqlite in the output, or a PostgreSQL database.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A PostgreSQL database for the store instead of migration.sqlite (wins over pipeline.json's store); a password comes from PGPASSWORD or ~/.pgpass.", valueName: "postgresql://user@host:port/database"))
    var store: String?
    @Option(name: .long, help: "The schema in that database the tables go to (default: pipeline.json's store_schema, or public).")
    var storeSchema: String?
}

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
    /// EX_IOERR: the command's work is done, but a line of its log or output could not be written.
    static let logLost: Int32 = StandardStreams.logLost
    /// EX_DATAERR: a source or delivery lost more rows to the quarantine than its max_quarantined allows.
    static let quarantine: Int32 = 65
    /// EX_UNAVAILABLE: the PostgreSQL store (--store) cannot be reached, refused the login, has no such
    /// database, or the connection was lost.
    static let store: Int32 = PostgresError.exitCode
    static let help = """
        Exit status: 0 success (also when nothing changed and the output was left as it was); \
        1 failure (bad input, unreadable file, unwritable output); \
        3 verification found a published number that differs (output still written); \
        64 usage or configuration error (pipeline.json: every error listed; a --store URL libpq cannot read; also a \
        store schema name PostgreSQL would cut or reserves, or a table of that schema migstat did not make); \
        65 a source or delivery lost more rows to the quarantine than its max_quarantined allows (default: more \
        than half; nothing written, the previous output left as it was, with or without --no-verify; the rows it \
        would have quarantined in <out>.rejected.csv beside it); \
        69 the PostgreSQL store (--store) is unreachable, refused the login, has no such database or lost the \
        connection (host and database named, never the password; the output left as it was); \
        74 the work was done (the output written) but a line of the log or of standard output could not be written \
        (a full or closed log; a failed command keeps its own status); \
        75 another run holds the output's lock, or the PostgreSQL store's lock (the holder is named; nothing was done); \
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
        case let e as ConfigErrors:
            return (usage, e.description)
        case let e as LockedError:
            return (locked, e.description)
        case let e as PostgresLockedError:
            return (locked, e.description)
        case let e as PostgresError:
            // A connection string libpq cannot read is the caller's mistake, like any bad option.
            if case .malformedConninfo = e { return (usage, e.description) }
            // A table of the schema that is not migstat's is the configuration's to change (another schema).
            if case .foreignTable = e { return (usage, e.description) }
            return (store, e.description)
        case let e as QuarantineThresholdError:
            return (quarantine, e.description)
        case let e as UnsafeOutputError:
            return (usage, e.description)
        default:
            return (failure, String(describing: error))
        }
    }

    /// Prints a clear one-line error and exits with the code that matches its kind.
    static func fail(_ error: Error) -> ExitCode {
        let (code, message) = classify(error)
        StandardStreams.write("migstat: error: \(EscapedText.escape(message, .logLine))\n", to: .error)
        return ExitCode(code)
    }
}

extension ExitStatus {
    static let logHelp = """
        Logs: --log-format text (default) or json (one JSON object per line on standard error and standard output, \
        with time, level, stage, event, message, run_id and the event's figures; run_finished, with exit_code, is \
        always the last line); -q logs errors only, -v adds debug events. Schema: docs/logs.md.
        """
    static let scheduleHelp = """
        Schedule: deploy/migstat-cron.sh (cron, with timeout and lock-age alerts) or deploy/migstat.service and \
        migstat.timer (systemd); docs/deploying.md.
        """
}

func logLine(_ line: String) {
    StandardStreams.write("migstat: \(EscapedText.escape(line, .logLine))\n", to: .error)
}
