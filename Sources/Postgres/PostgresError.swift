import Foundation

/// Where a connection goes, as the messages name it: the host (or the Unix socket directory), the port and
/// the database the connection string gives (or PGHOST, PGPORT, PGDATABASE); empty where neither names one,
/// and then called libpq's default. Never the password: it is not a field here.
public struct PostgresEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: String
    public var database: String
    public init(host: String, port: String, database: String) { self.host = host; self.port = port; self.database = database }
    public var description: String { "\(place), \(port.isEmpty ? "the default port" : "port \(port)"), \(database.isEmpty ? "the default database" : "database \(database)")" }
    /// The host or socket directory: libpq takes a host that starts with "/" as the directory of a Unix socket.
    public var place: String {
        host.isEmpty ? "the default socket directory" : host.hasPrefix("/") ? "socket directory \(host)" : "host \(host)"
    }
}

/// A PostgreSQL store's failure. Every message names the server and database (`PostgresEndpoint`) and none
/// names the password: every message of libpq or the server has gone through `PasswordScrubber`, and URLs are
/// shown through `PostgresURL.redacted`.
public enum PostgresError: Error, CustomStringConvertible, Equatable {
    /// No server answers there (no socket, connection refused, unknown host, timeout).
    case unreachable(PostgresEndpoint, message: String)
    /// The server refused the login (wrong or missing password, no pg_hba entry).
    case authenticationRefused(PostgresEndpoint, user: String, message: String)
    /// The server is there, the database is not.
    case databaseMissing(PostgresEndpoint)
    /// The connection broke during a session (server stopped, backend terminated, network gone).
    case connectionLost(PostgresEndpoint, message: String)
    /// A statement failed; `sqlState` is PostgreSQL's five-character code (e.g. 23505 unique violation).
    case queryFailed(PostgresEndpoint, sqlState: String, message: String, sql: String)
    /// libpq cannot read the URL or conninfo, or would read another password than the URL's.
    case malformedConninfo(message: String)
    /// The schema holds a table of a name migstat uses that migstat did not make: it is not written into. A
    /// configuration error (exit 64: name another schema), not an unreachable store.
    case foreignTable(PostgresEndpoint, schema: String, table: String)

    /// The exit code of a store error: EX_UNAVAILABLE (sysexits.h), free among migstat's codes
    /// (0, 1, 3, 64, 65, 75, 130, 143).
    public static let exitCode: Int32 = 69

    public var endpoint: PostgresEndpoint {
        switch self {
        case let .unreachable(e, _), let .authenticationRefused(e, _, _), let .databaseMissing(e), let .connectionLost(e, _),
             let .queryFailed(e, _, _, _), let .foreignTable(e, _, _):
            return e
        case .malformedConninfo:
            return PostgresEndpoint(host: "", port: "", database: "")
        }
    }

    /// One line whatever libpq or the server sent: its lines (a DETAIL, a HINT, libpq's "\n\t" continuations)
    /// joined with "; ", so that a text log keeps one line per error.
    public var description: String { Self.oneLine(multiLineDescription) }

    /// `text`'s non-blank lines, trimmed, joined with "; ".
    public static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
    }

    private var multiLineDescription: String {
        switch self {
        case let .unreachable(e, message):
            return "cannot reach the PostgreSQL server (\(e)): \(message)"
        case let .authenticationRefused(e, user, message):
            return "the PostgreSQL server (\(e)) refused the login of user \(user): \(message)"
        case let .databaseMissing(e):
            let place = "the PostgreSQL server (\(e.place), \(e.port.isEmpty ? "the default port" : "port \(e.port)"))"
            guard !e.database.isEmpty else { return "\(place) has no database named as the user (libpq's default when the URL names none); name one in the URL" }
            return "\(place) has no database \(e.database); create it (createdb \(e.database)) or name another in the URL"
        case let .connectionLost(e, message):
            return "lost the connection to the PostgreSQL server (\(e)): \(message)"
        case let .queryFailed(e, sqlState, message, sql):
            return "PostgreSQL (\(e)) error \(sqlState): \(message) - while executing `\(sql.split(whereSeparator: \.isWhitespace).joined(separator: " ").prefix(300))`"
        case let .malformedConninfo(message):
            return "the PostgreSQL connection string cannot be used: \(message)"
        case let .foreignTable(e, schema, table):
            return "schema \(schema) (\(e)) holds a table \(table) that migstat did not make; migstat writes only its own tables: "
                + "name another schema (--store-schema) or move that table"
        }
    }
}
