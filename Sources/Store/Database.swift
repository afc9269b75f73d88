import CSQLite
import Foundation
import MigstatCore

/// SQLite's error, with the statement that caused it.
public struct SQLiteError: Error, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var sql: String
    public var description: String { "SQLite error \(code): \(message) - while executing `\(sql)`" }
}

let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
/// Text bound in place: its bytes outlive the step that reads them.
let SQLITE_STATIC = unsafeBitCast(0, to: sqlite3_destructor_type.self)

/// The one owner of a sqlite3 connection.
public final class Database {
    let handle: OpaquePointer
    public let path: String

    /// `immutable`: read the file as it is on disk, read-only, taking no lock and rolling back no journal
    /// (to check a previous output's store without changing a byte of it).
    public init(path: String, immutable: Bool = false) throws {
        _ = Database.configured
        var h: OpaquePointer?
        // NOMUTEX: a connection is only ever used by one thread at a time, so SQLite need not lock on every call.
        let rc = immutable
            ? sqlite3_open_v2(Database.immutableURI(path), &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nil)
            : sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let h else {
            let message = h.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(h)
            throw SQLiteError(code: rc, message: message, sql: "open \(path)")
        }
        handle = h
        self.path = path
    }

    deinit { sqlite3_close_v2(handle) }

    /// Process-wide settings, applied once before the first connection opens.
    private static let configured: Int32 = migstat_sqlite_no_memstatus()

    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    public func execute(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let message = err.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(err)
            throw SQLiteError(code: rc, message: message, sql: sql)
        }
    }

    public func prepare(_ sql: String) throws -> Statement { try Statement(database: self, sql: sql) }

    public func transaction(_ body: () throws -> Void) throws {
        try execute("BEGIN IMMEDIATE")
        do { try body(); try execute("COMMIT") } catch { try? execute("ROLLBACK"); throw error }
    }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// Rows changed by the last insert, update or delete (0 when an upsert's WHERE kept the old row).
    public var changes: Int { Int(sqlite3_changes(handle)) }
}

/// The one owner of a prepared statement; `sqlite3_step` is called here only.
public final class Statement {
    let handle: OpaquePointer
    let database: Database
    let sql: String

    init(database: Database, sql: String) throws {
        var h: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &h, nil)
        guard rc == SQLITE_OK, let h else { throw SQLiteError(code: rc, message: database.lastError, sql: sql) }
        handle = h; self.database = database; self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    public func bind(_ values: [Value]) throws {
        sqlite3_reset(handle)
        for (i, v) in values.enumerated() {
            let idx = Int32(i + 1)
            let rc: Int32
            switch v {
            case .null: rc = sqlite3_bind_null(handle, idx)
            case .integer(let x): rc = sqlite3_bind_int64(handle, idx, x)
            case .real(let x): rc = sqlite3_bind_double(handle, idx, x)
            case .text(let s): rc = sqlite3_bind_text(handle, idx, s, -1, SQLITE_TRANSIENT)
            }
            if rc != SQLITE_OK { throw SQLiteError(code: rc, message: database.lastError, sql: sql) }
        }
    }

    /// Runs an insert or update with the given values.
    public func run(_ values: [Value]) throws {
        try bind(values)
        let rc = sqlite3_step(handle)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw SQLiteError(code: rc, message: database.lastError, sql: sql) }
    }

    func reset() { sqlite3_reset(handle) }

    /// Steps once over bound values: true while a row is available. With `run` and `rows`, the only calls of sqlite3_step.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw SQLiteError(code: rc, message: database.lastError, sql: sql)
    }

    /// Runs a query and returns every row.
    public func rows(_ values: [Value] = []) throws -> [[Value]] {
        try bind(values)
        var out: [[Value]] = []
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw SQLiteError(code: rc, message: database.lastError, sql: sql) }
            out.append((0..<sqlite3_column_count(handle)).map { column($0) })
        }
        return out
    }

    /// The row `step` stopped on.
    func currentRow() -> [Value] { (0..<sqlite3_column_count(handle)).map { column($0) } }

    private func column(_ i: Int32) -> Value {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_NULL: return .null
        default: return .text(String(cString: sqlite3_column_text(handle, i)))
        }
    }
}
