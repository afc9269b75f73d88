/// JSON written with its members in a chosen order (a schema that reads like the model, a log record whose
/// first fields are always the same), compact on one line or pretty, two spaces to a level. Strings are
/// escaped by `EscapedText`; numbers arrive as the text they print as.
public indirect enum JSONText: Sendable {
    case object([(String, JSONText)])
    case array([JSONText])
    case string(String)
    case integer(Int)
    /// A number already written as JSON (`formatFixed`, …).
    case number(String)
    case bool(Bool)
    case null

    /// A JSON string literal.
    public static func quoted(_ text: String) -> String { "\"" + EscapedText.escape(text, .json) + "\"" }

    /// On one line, no spaces (a JSON Lines record).
    public var compact: String {
        switch self {
        case let .object(members): return "{" + members.map { Self.quoted($0.0) + ":" + $0.1.compact }.joined(separator: ",") + "}"
        case let .array(items): return "[" + items.map(\.compact).joined(separator: ",") + "]"
        default: return scalar
        }
    }

    /// Two spaces a level; an array of strings only on one line.
    public func pretty(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case let .object(members) where !members.isEmpty:
            return "{\n" + members.map { inner + Self.quoted($0.0) + ": " + $0.1.pretty(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "}"
        case .object: return "{}"
        case let .array(items) where items.allSatisfy({ if case .string = $0 { return true } else { return false } }):
            return "[" + items.map { $0.pretty(indent: inner) }.joined(separator: ", ") + "]"
        case let .array(items):
            return "[\n" + items.map { inner + $0.pretty(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        default: return scalar
        }
    }

    private var scalar: String {
        switch self {
        case let .string(s): return Self.quoted(s)
        case let .integer(i): return String(i)
        case let .number(n): return n
        case let .bool(b): return b ? "true" : "false"
        case .null, .object, .array: return "null"
        }
    }
}
