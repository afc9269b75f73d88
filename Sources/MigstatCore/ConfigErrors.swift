/// Every error the validator found in pipeline.json, in one pass (each with its file:line:col and JSON path),
/// so that an operator fixes them all before the next try. One error is thrown as itself, not as this.
public struct ConfigErrors: Error, CustomStringConvertible {
    /// At most `limit` errors are kept; the rest are only counted.
    public static let limit = 50
    public var errors: [MigstatError]
    public var more: Int
    public var count: Int { errors.count + more }
    public var summary: String { "\(count) configuration errors" + (more > 0 ? " (the first \(errors.count) shown, and \(more) more)" : "") }
    public var description: String { summary + ": " + errors.map(\.description).joined(separator: "; ") + (more > 0 ? "; and \(more) more" : "") }
}

/// Collects the validator's errors, each check going on after another failed.
final class ConfigErrorList {
    private(set) var errors: [MigstatError] = []
    private(set) var more = 0

    /// Runs `check`, keeping its configuration error; reports whether it passed.
    @discardableResult
    func collect(_ check: () throws -> Void) throws -> Bool {
        do {
            try check()
            return true
        } catch let error as MigstatError {
            guard case .config = error else { throw error }
            if errors.count < ConfigErrors.limit { errors.append(error) } else { more += 1 }
            return false
        }
    }

    func throwIfAny() throws {
        if errors.count == 1 { throw errors[0] }
        if !errors.isEmpty { throw ConfigErrors(errors: errors, more: more) }
    }
}
