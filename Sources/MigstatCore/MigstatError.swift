/// Where a problem is: the source, file and physical line (1 = header), and the column.
public struct Location: Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var file: String
    public var line: Int
    public var column: String?
    public init(source: String, file: String, line: Int, column: String? = nil) {
        self.source = source; self.file = file; self.line = line; self.column = column
    }
    public var description: String {
        "\(file):\(line)" + (column.map { ": column \($0)" } ?? "")
    }
}

/// Every error migstat reports: one format, e.g.
/// `raw/akf_2008/respondents.csv:184: column Q2: "-3" not in 14...98 (source akf_2008)`.
public enum MigstatError: Error, CustomStringConvertible, Equatable {
    /// pipeline.json is wrong: the JSON path and what was expected.
    case config(path: String, message: String, file: String = "pipeline.json")
    /// A figure spec is wrong: its file, the JSON path inside it, and what was expected.
    case spec(file: String, path: String, message: String)
    /// An input cannot be read at all (missing, unreadable).
    case io(file: String, message: String)
    /// A value or record is bad and its source is strict.
    case data(Location, value: String?, message: String)
    /// The output cannot be written.
    case output(path: String, message: String)

    public var description: String {
        switch self {
        case let .config(path, message, file): return "\(file): \(path): \(message)"
        case let .spec(file, path, message): return "\(file): \(path): \(message)"
        case let .io(file, message): return "\(file): \(message)"
        case let .data(loc, value, message):
            let v = value.map { "\"\($0)\" " } ?? ""
            return "\(loc): \(v)\(message)" + (loc.source.isEmpty ? "" : " (source \(loc.source))")
        case let .output(path, message): return "cannot write \(path): \(message)"
        }
    }
}

/// A row that failed a check: kept, never dropped, with everything needed to find and fix it.
/// `file` is relative to the raw directory, so the quarantine reads the same wherever the delivery sits.
public struct QuarantineRecord: Error, Sendable, Equatable, Hashable {
    public var source: String
    public var file: String
    public var line: Int
    public var column: String
    public var value: String
    public var reason: String
    public init(source: String, file: String, line: Int, column: String, value: String, reason: String) {
        self.source = source; self.file = file; self.line = line; self.column = column; self.value = value; self.reason = reason
    }
}
