import ArgumentParser
import Foundation
import Logging
import MigstatCore
import Pipeline

/// How a command reports: text lines for people, or one JSON object per line for log collectors (every line
/// on standard error and standard output alike: cron can append both to one JSON log).
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// The logging options `run` and `check` share.
struct LogOptions: ParsableArguments {
    @Option(name: .long, help: "Log lines as text, or as one JSON object per line on standard error and standard output (docs/logs.md).")
    var logFormat: LogFormat = .text
    @Flag(name: .shortAndLong, help: "Log errors only (the result line on standard output and, in JSON, run_finished stay).")
    var quiet = false
    @Flag(name: .shortAndLong, help: "Log debug events too (each source cleaned, the run's start and end).")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("give -q or -v, not both") }
    }

    var level: Logger.Level { quiet ? .error : verbose ? .debug : .info }

    /// Whether the command line asks for JSON logs, read before (or without) parsing it.
    static func jsonRequested(_ arguments: [String]) -> Bool {
        arguments.contains("--log-format=json") || zip(arguments, arguments.dropFirst()).contains { $0 == "--log-format" && $1 == "json" }
    }
}

/// A command's log: the runner's events, and the CLI's own (`run_started`, `run_failed`, the summary,
/// `run_finished`), through swift-log to `LineLogHandler`. Each run has its own `run_id`.
final class RunLog: @unchecked Sendable {   // `closed` is guarded by `closing`; the rest never changes
    let runId = UUID().uuidString.lowercased()
    let started = Date()
    let format: LogFormat
    private let events: Logger
    private let results: Logger
    /// run_finished is written whatever -q says: it closes every run's log.
    private let closing: Logger
    /// Taken to write run_finished, once: by the command, or by the signal thread if a signal comes first.
    private let closingLock = NSLock()
    private var closed = false

    init(_ options: LogOptions, progress: ProgressBar? = nil) {
        format = options.logFormat
        func logger(_ stream: LineLogHandler.Stream, _ level: Logger.Level) -> Logger {
            var handler = LineLogHandler(format: options.logFormat, stream: stream, logLevel: level)
            if let progress, stream == .standardError { handler.beforeWrite = { progress.clear() } }
            return Logger(label: "migstat") { _ in handler }
        }
        events = logger(.standardError, options.level)
        results = logger(.standardOutput, .trace)
        closing = logger(.standardError, .trace)
    }

    func callAsFunction(_ event: RunEvent) { write(event, to: events) }

    func warning(_ stage: RunStage, _ name: String, _ message: String) { self(RunEvent(.warning, stage, name, message)) }

    /// The command's one-line result on standard output: its text as it was, or a JSON event.
    func result(_ event: RunEvent) {
        if format == .text { StandardStreams.write(event.message + "\n", to: .output) } else { write(event, to: results) }
    }

    func started(command: String) {
        // Text shows the start and end of a run with -v only; a JSON log always has them.
        self(RunEvent(format == .json ? .info : .debug, .run, "run_started", "migstat \(command) \(MigstatVersion.current) (build \(BuildIdentity.sha256.prefix(12)))",
                      ["command": .string(command), "version": .string(MigstatVersion.current), "build": .string(BuildIdentity.sha256),
                       "pid": .int(Int(getpid()))]))
    }

    /// The error that ends a command, with its exit code.
    func failed(_ error: Error) -> Int32 {
        let (code, message) = ExitStatus.classify(error)
        // Each crossing is an event with its figures in JSON; text keeps one error line, which names them all.
        if format == .json, let crossed = (error as? QuarantineThresholdError)?.crossed { crossed.forEach { self($0.event) } }
        // Each configuration error on a line (an event) of its own, in text and JSON alike; run_failed counts them.
        if let all = error as? ConfigErrors {
            for e in all.errors { self(RunEvent(.error, .run, "config_error", e.description)) }
            self(RunEvent(.error, .run, "run_failed", all.summary + " (each above)", ["exit_code": .int(Int(code)), "errors": .int(all.count)]))
            return code
        }
        self(RunEvent(.error, .run, "run_failed", message, ["exit_code": .int(Int(code))]))
        return code
    }

    /// A signal stopped the run (SignalCleanup): its error and run_finished, unless the run had already finished.
    func stopped(_ message: String, code: Int32) {
        closingLock.lock(); defer { closingLock.unlock() }
        guard !closed else { return }
        self(RunEvent(.error, .run, "run_stopped", message, ["exit_code": .int(Int(code))]))
        close(code, [:])
    }

    /// The last line of every run: its exit code, time and totals (in text, shown with -v).
    func finished(_ code: Int32, _ totals: [String: RunEventValue] = [:]) {
        closingLock.lock(); defer { closingLock.unlock() }
        guard !closed else { return }
        close(code, totals)
    }

    private func close(_ code: Int32, _ totals: [String: RunEventValue]) {
        closed = true
        var fields = totals
        fields["exit_code"] = .int(Int(code))
        fields["seconds"] = .double(Date().timeIntervalSince(started))
        let event = RunEvent(format == .text ? .debug : code == 0 ? .info : .error, .run, "run_finished", "finished with exit code \(code)", fields)
        write(event, to: format == .json ? closing : events)
    }

    private func write(_ event: RunEvent, to logger: Logger) {
        var metadata: Logger.Metadata = ["time": .string(LineLogHandler.timestamp(event.time)), "stage": .string(event.stage.rawValue),
                                         "event": .string(event.name), "run_id": .string(runId)]
        for (key, value) in event.fields {
            switch value {
            case .int(let n): metadata[key] = .stringConvertible(n)
            case .double(let x): metadata[key] = .stringConvertible(x)
            case .string(let s): metadata[key] = .string(s)
            }
        }
        logger.log(level: Self.level(event.level), "\(event.message)", metadata: metadata)
    }

    static func level(_ level: RunEvent.Level) -> Logger.Level {
        switch level {
        case .debug: return .debug
        case .info: return .info
        case .warning: return .warning
        case .error: return .error
        }
    }
}
