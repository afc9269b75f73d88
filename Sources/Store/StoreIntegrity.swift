import Foundation
import MigstatCore

/// SQLite's own check of a store's pages, before a run builds on a store an earlier run left.
extension Database {
    /// nil when the store passes `PRAGMA quick_check` (every page and record well formed; it skips only the
    /// check that indexes match their tables, which costs a sort per index); otherwise what SQLite found.
    /// A file that is not a database, or is cut short, fails too.
    public static func integrityProblem(path: String) -> String? {
        do {
            let database = try Database(path: path, immutable: true)
            let findings = try database.prepare("PRAGMA quick_check").rows().map(\.first?.key).compactMap { $0 }
            return findings == ["ok"] ? nil : findings.prefix(3).joined(separator: "; ")
        } catch let error as SQLiteError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    /// A file: URI that opens the file read-only as it is ('?', '#' and '%' in the path percent-encoded).
    static func immutableURI(_ path: String) -> String {
        var encoded = ""
        for c in path.unicodeScalars {
            switch c {
            case "%": encoded += "%25"
            case "?": encoded += "%3F"
            case "#": encoded += "%23"
            default: encoded.unicodeScalars.append(c)
            }
        }
        return "file:\(encoded)?immutable=1"
    }
}
