import MigstatCore

/// The verdict on one field of a declared column: the single rule of `TableCleaner` (Strings) and
/// `DeliveryCleaner` (bytes, whose fast path takes only values this rule takes as they are).
enum ColumnVerdict {
    case null
    case value(Value)
    case rejected(value: String, reason: String)

    /// What an empty field is.
    enum Empty { case null, emptyText, missing(reason: String) }

    /// An empty unquoted field (`unquoted`) is missing; an empty quoted one ("") is an empty text in an optional
    /// text column, as PostgreSQL's COPY reads them; a required column has a value.
    static func empty(required: Bool, isText: Bool, unquoted: Bool) -> Empty {
        if isText && !required && !unquoted { return .emptyText }
        if required { return .missing(reason: unquoted ? "missing value" : "missing value (an empty quoted string)") }
        return .null
    }

    /// `raw` is nil for an empty unquoted field. A value is parsed under the column's type (`ValueParser`), and a
    /// reference (other than a no-answer code) must be one of its table's keys.
    static func of(_ raw: String?, column: ColumnConfig, parser: ValueParser, referenceKeys: [String: Set<String>]) -> ColumnVerdict {
        if raw?.isEmpty ?? true {
            switch empty(required: column.required, isText: column.type == .text, unquoted: raw == nil) {
            case .null: return .null
            case .missing(let reason): return .rejected(value: "", reason: reason)
            case .emptyText: break   // "" is a value, parsed and checked like any other
            }
        }
        let raw = raw ?? ""
        switch parser.parse(raw, as: column) {
        case .failure(let invalid):
            return .rejected(value: raw, reason: invalid.reason)
        case .success(let value):
            if let ref = column.references, !column.noAnswer.contains(raw), let keys = referenceKeys[ref], !keys.contains(raw) {
                return .rejected(value: raw, reason: "not a \(ref) value")
            }
            return .value(value)
        }
    }
}
