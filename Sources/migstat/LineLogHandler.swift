import Foundation
import Logging
import MigstatCore

/// swift-log's handler for migstat: one line per event on one stream, as text for people
/// (`migstat: [level: ]stage: message`) or as one JSON object for log collectors. The fields of the JSON
/// object are the README's log schema: `time`, `level`, `stage`, `event`, `message`, `run_id`, then the
/// event's figures, sorted by name.
struct LineLogHandler: LogHandler {
    enum Stream { case standardOutput, standardError }

    let format: LogFormat
    let stream: Stream
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    /// Called before a line is written (clears a progress bar).
    var beforeWrite: (@Sendable () -> Void)?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        for (key, value) in event.metadata ?? [:] { fields[key] = value }
        let line = format == .json ? Self.json(level: event.level, message: event.message.description, fields: fields)
            : Self.text(level: event.level, message: event.message.description, fields: fields)
        beforeWrite?()
        StandardStreams.write(line + "\n", to: stream == .standardOutput ? .output : .error)
    }

    /// The names the schema gives swift-log's levels.
    static func name(_ level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: return "debug"
        case .info, .notice: return "info"
        case .warning: return "warning"
        case .error, .critical: return "error"
        }
    }

    /// A line of text as migstat has always written them; events of the run as a whole carry no stage prefix.
    static func text(level: Logger.Level, message: String, fields: Logger.Metadata) -> String {
        let levelName = name(level)
        var line = "migstat: " + (levelName == "info" ? "" : levelName + ": ")
        if case .string(let stage)? = fields["stage"], stage != "run" { line += stage + ": " }
        return line + EscapedText.escape(message, .logLine)
    }

    static let leading = ["time", "level", "stage", "event", "message", "run_id"]

    static func json(level: Logger.Level, message: String, fields: Logger.Metadata) -> String {
        var members: [(String, JSONText)] = [("time", fields["time"].map(value) ?? .string(Self.timestamp(Date()))), ("level", .string(name(level)))]
        for key in ["stage", "event"] { members.append((key, fields[key].map(value) ?? .null)) }
        members.append(("message", .string(message)))
        members.append(("run_id", fields["run_id"].map(value) ?? .null))
        for key in fields.keys.sorted() where !leading.contains(key) { members.append((key, value(fields[key]!))) }
        return JSONText.object(members).compact
    }

    /// Numbers stay numbers (they arrive as `.stringConvertible`), everything else is a JSON string.
    static func value(_ v: Logger.Metadata.Value) -> JSONText {
        switch v {
        case .string(let s): return .string(s)
        case .stringConvertible(let n as Int): return .integer(n)
        case .stringConvertible(let n as Int32): return .integer(Int(n))
        case .stringConvertible(let x as Double): return x.isFinite ? .number(formatFixed(x, decimals: 3)) : .null
        case .stringConvertible(let other): return .string(other.description)
        case .array(let items): return .array(items.map(value))
        case .dictionary(let d): return .object(d.keys.sorted().map { ($0, value(d[$0]!)) })
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
