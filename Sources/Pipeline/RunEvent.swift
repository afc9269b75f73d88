import Foundation

/// Where in a run an event happened. The list is fixed and documented (README, "Logs"): log collectors
/// filter on it, so a new stage is a new case here and a line there, never free text.
public enum RunStage: String, Sendable, CaseIterable {
    case run, lock, plan, clean, join, aggregate, registry, verify, render, output, check
}

/// A figure an event carries as its own field (rows, bytes, seconds, a file, an exit code).
public enum RunEventValue: Sendable, Equatable {
    case int(Int)
    case double(Double)
    case string(String)
}

/// One thing a run did, as data: the CLI formats it as a text line or a JSON object (RunLog.swift), tests
/// read its fields, and nothing parses a message back into figures.
public struct RunEvent: Sendable {
    public enum Level: String, Sendable, CaseIterable { case debug, info, warning, error }

    public var level: Level
    public var stage: RunStage
    /// A stable name (`source_cleaned`, `delivery_loaded`, …): the README lists them.
    public var name: String
    public var message: String
    public var fields: [String: RunEventValue]
    /// When it happened (a JSON log's `time`): taken when the event is made, not when its line is written.
    public var time: Date

    public init(_ level: Level = .info, _ stage: RunStage, _ name: String, _ message: String, _ fields: [String: RunEventValue] = [:],
                time: Date = Date()) {
        self.level = level; self.stage = stage; self.name = name; self.message = message; self.fields = fields; self.time = time
    }

    /// The event as a text log has always read it: "stage: message".
    public var text: String { "\(stage.rawValue): \(message)" }
}
