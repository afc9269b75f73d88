import CLibPQ
import Foundation
import MigstatCore
import Store

/// The one owner of a libpq connection; every statement and every COPY goes through it.
///
/// Used by one thread at a time (the loader's store thread), like `Database`.
public final class PostgresConnection {
    let handle: OpaquePointer
    /// Host (or socket directory), port and database, for messages: never the password.
    public let endpoint: PostgresEndpoint
    /// A COPY in progress: no other statement may run until it ends.
    var copying = false
    /// Every message of libpq and the server goes through it before it is shown.
    let scrubber: PasswordScrubber
    /// Where the server's warnings go (scrubbed), kept alive as long as the connection that calls it.
    let notices: NoticeSink

    /// Connects with a `postgresql://` URL or a `key=value` conninfo. The password comes from the string,
    /// `PGPASSWORD` or `~/.pgpass` (libpq looks them up in that order); the session is named `migstat`
    /// (`application_name`, which the advisory lock's message shows of its holder). `environment` is where
    /// PGPASSWORD, PGHOST, PGPORT and PGDATABASE are looked up for the messages (libpq reads the process's).
    public init(_ conninfo: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let scrubber = PasswordScrubber(conninfo: conninfo, environment: environment)
        // Read before connecting: a string libpq cannot read is refused with its reason, scrubbed (libpq quotes
        // the string), and a password that libpq would cut at an '@' or '/' never reaches it.
        let parsed = PasswordScrubber.parse(conninfo)
        if let error = parsed.error { throw PostgresError.malformedConninfo(message: scrubber.scrub(error)) }
        if scrubber.misread(by: parsed.options) {
            throw PostgresError.malformedConninfo(message: "the URL's password holds a character at which libpq ends it ('@' or '/'): "
                + "percent-encode it (%40, %2F), or give the password in PGPASSWORD or ~/.pgpass")
        }
        let endpoint = PostgresEndpoint.named(by: parsed.options, environment: environment)
        // expand_dbname: the first "dbname" is the whole URL or conninfo; the keywords after it override it.
        let keywords = ["dbname", "application_name"], values = [conninfo, "migstat"]
        let connection = withCStrings(keywords) { k in withCStrings(values) { v in PQconnectdbParams(k, v, 1) } }
        guard let connection else { throw PostgresError.unreachable(endpoint, message: "out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = scrubber.scrub(string(PQerrorMessage(connection))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
            let user = scrubber.scrub(string(PQuser(connection)) ?? "")
            let needsPassword = PQconnectionNeedsPassword(connection) == 1
            PQfinish(connection)
            throw PostgresConnection.classify(message, endpoint: endpoint, user: user, needsPassword: needsPassword)
        }
        handle = connection
        self.endpoint = endpoint
        self.scrubber = scrubber
        notices = NoticeSink(scrubber: scrubber)
        PQsetNoticeProcessor(connection, { context, message in
            guard let context, let message else { return }
            Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue().receive(String(cString: message))
        }, Unmanaged.passUnretained(notices).toOpaque())
        // libpq prints every NOTICE ("relation already exists, skipping") on stderr: warnings and errors only.
        try execute("SET client_min_messages = warning")
    }

    deinit { PQfinish(handle) }

    /// libpq reports a failed connection as text only (no SQLSTATE before the session exists); the server's
    /// FATAL messages for a refused login and a missing database are matched, anything else is unreachable.
    static func classify(_ message: String, endpoint: PostgresEndpoint, user: String, needsPassword: Bool) -> PostgresError {
        if message.contains("database \"") && message.contains("does not exist") { return .databaseMissing(endpoint) }
        if needsPassword || message.contains("authentication failed") || message.contains("no password supplied")
            || message.contains("pg_hba.conf") || message.contains("SCRAM") {
            return .authenticationRefused(endpoint, user: user, message: message)
        }
        return .unreachable(endpoint, message: message)
    }

    /// The server process of this session (what pg_terminate_backend takes).
    public var backendPid: Int32 { PQbackendPID(handle) }

    /// Runs one or more statements without parameters.
    public func execute(_ sql: String) throws {
        guard !copying else { throw misuse("a COPY is in progress", sql: sql) }
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        if let error = failure(result, sql: sql) { throw error }
    }

    /// Runs one statement with parameters (`$1`, `$2`, … sent as text, typed by the server) and returns its rows,
    /// each value typed by its column: integers, reals (float and numeric), text, or null.
    public func query(_ sql: String, _ parameters: [Value] = []) throws -> [[Value]] {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        let (rows, columns) = (PQntuples(result), PQnfields(result))
        let kinds = (0..<columns).map { PostgresConnection.kind(ofType: PQftype(result, $0)) }
        return (0..<rows).map { row in
            (0..<columns).map { column in
                if PQgetisnull(result, row, column) == 1 { return .null }
                let text = String(cString: PQgetvalue(result, row, column))
                switch kinds[Int(column)] {
                case .integer: return Int64(text).map(Value.integer) ?? .text(text)
                case .real: return Double(text).map(Value.real) ?? .text(text)
                default: return .text(text)
                }
            }
        }
    }

    /// Runs one statement with parameters and returns the rows it inserted, updated or deleted.
    @discardableResult
    public func update(_ sql: String, _ parameters: [Value] = []) throws -> Int {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    public func transaction<R>(_ body: () throws -> R) throws -> R {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Starts `COPY … FROM STDIN` (text format): rows are then sent through the returned writer until it finishes.
    public func copyIn(_ sql: String) throws -> CopyInWriter {
        guard !copying else { throw misuse("a COPY is already in progress", sql: sql) }
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COPY_IN else {
            throw failure(result, sql: sql) ?? misuse("the statement did not start a COPY FROM STDIN", sql: sql)
        }
        copying = true
        return CopyInWriter(connection: self, sql: sql)
    }

    private func run(_ sql: String, _ parameters: [Value]) throws -> OpaquePointer? {
        guard !copying else { throw misuse("a COPY is in progress", sql: sql) }
        let texts: [String?] = parameters.map {
            switch $0 {
            case .null: return nil
            case .integer(let i): return String(i)
            case .real(let r): return String(r)  // the shortest text that reads back as the same double
            case .text(let s): return s
            }
        }
        let result = withOptionalCStrings(texts) { values in
            PQexecParams(handle, sql, Int32(texts.count), nil, values, nil, nil, 0)
        }
        if let error = failure(result, sql: sql) { PQclear(result); throw error }
        return result
    }

    /// The error a result stands for, or nil if it succeeded. A session that broke gives `connectionLost`
    /// (also a backend terminated by an administrator, SQLSTATE class 57P or 08).
    func failure(_ result: OpaquePointer?, sql: String) -> PostgresError? {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN || status == PGRES_EMPTY_QUERY { return nil }
        // The primary message ('M') without libpq's "ERROR:  " prefix; the connection's message if there is none.
        // With the server's DETAIL ('D') and HINT ('H'), which say what to do; PostgresError makes it one line.
        let field = { (code: Character) in result.flatMap { string(PQresultErrorField($0, Int32(code.asciiValue!))) } }
        let primary = field("M") ?? string(PQerrorMessage(handle)) ?? ""
        let message = scrubber.scrub(([primary] + [field("D").map { "DETAIL: " + $0 }, field("H").map { "HINT: " + $0 }].compactMap { $0 })
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
        let sqlState = result.flatMap { string(PQresultErrorField($0, Int32(UInt8(ascii: "C")))) } ?? ""
        if PQstatus(handle) != CONNECTION_OK || sqlState.hasPrefix("57P") || sqlState.hasPrefix("08") {
            return .connectionLost(endpoint, message: message.isEmpty ? "the server closed the connection" : message)
        }
        return .queryFailed(endpoint, sqlState: sqlState, message: message, sql: sql)
    }

    /// An error of this connection's state (not the server's), like SQLite's MISUSE.
    func misuse(_ message: String, sql: String) -> PostgresError {
        if PQstatus(handle) != CONNECTION_OK { return .connectionLost(endpoint, message: scrubber.scrub(string(PQerrorMessage(handle)) ?? message)) }
        return .queryFailed(endpoint, sqlState: "", message: message, sql: sql)
    }

    /// The connection's last error, as thrown: `connectionLost` once the session is broken.
    func lastError(sql: String) -> PostgresError {
        let message = scrubber.scrub((string(PQerrorMessage(handle)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        return PQstatus(handle) != CONNECTION_OK ? .connectionLost(endpoint, message: message)
            : .queryFailed(endpoint, sqlState: "", message: message, sql: sql)
    }

    /// How a column of this type (its OID, from pg_type) is returned.
    static func kind(ofType oid: Oid) -> ResultKind {
        switch oid {
        case 20, 21, 23, 26: return .integer           // int8, int2, int4, oid
        case 700, 701, 1700: return .real              // float4, float8, numeric
        default: return .text
        }
    }
}

/// The server's warnings and libpq's notices, scrubbed, on stderr (libpq's default prints them as they come).
final class NoticeSink: @unchecked Sendable {
    // Unchecked: called by libpq on the connection's one thread.
    let scrubber: PasswordScrubber
    var show: (String) -> Void = { StandardStreams.write("migstat: PostgreSQL: " + $0 + "\n", to: .error) }
    init(scrubber: PasswordScrubber) { self.scrubber = scrubber }
    func receive(_ message: String) { show(PostgresError.oneLine(scrubber.scrub(message))) }
}

/// How a result column's values are typed.
enum ResultKind { case integer, real, text }

func string(_ pointer: UnsafePointer<CChar>?) -> String? {
    guard let pointer, pointer.pointee != 0 else { return nil }
    return String(cString: pointer)
}

func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String? { string(UnsafePointer(pointer)) }

/// An array of C strings (nil-terminated) alive for the call.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    withOptionalCStrings(strings + [nil], body)
}

/// An array of C strings, nil where the value is nil (a NULL parameter), alive for the call.
func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { $0.map { strdup($0)! } }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { $0.map { UnsafePointer($0) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

extension PostgresConnection {
    /// Runs `body` in a transaction whose sorts and hash aggregates may use `PostgresDeliveryStore.sessionMemory`
    /// each (SET LOCAL: the session's and the server's settings are as before afterwards): the registry
    /// exhibits' per-person aggregates then stay in memory instead of spilling to disk.
    public func withAggregateMemory<R>(_ body: () throws -> R) throws -> R {
        try transaction {
            try execute("SET LOCAL work_mem = '\(PostgresDeliveryStore.sessionMemory)'")
            return try body()
        }
    }
}

extension PostgresConnection: SQLQuerying {
    /// Each cell as the server prints it (libpq's text results), NULL as nil: what `ExhibitSQL` reads.
    public func rows(_ sql: String) throws -> [[String?]] {
        let result = try run(sql, [])
        defer { PQclear(result) }
        return (0..<PQntuples(result)).map { row in
            (0..<PQnfields(result)).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }
}
