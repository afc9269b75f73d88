import Foundation
import MigstatCore

/// Another session holds the database's migstat lock: the caller exits at once with the lock's code (75, as
/// for the file lock `LockedError`), naming the holder as PostgreSQL knows it.
public struct PostgresLockedError: Error, CustomStringConvertible, Equatable {
    public var endpoint: PostgresEndpoint
    public var schema: String
    /// The holder's server process, application_name, client address ("local socket" for a Unix socket) and
    /// session start (UTC), from pg_locks and pg_stat_activity; nil if it let go before they were read.
    public var holderPid: Int32?
    public var holderApplication: String?
    public var holderClient: String?
    public var holderStarted: String?

    public var description: String {
        let who = holderPid.map { pid in
            "server pid \(pid)" + (holderApplication.map { ", application \($0.isEmpty ? "(unnamed)" : $0)" } ?? "")
                + (holderClient.map { ", from \($0)" } ?? "") + (holderStarted.map { ", connected \($0)" } ?? "")
        } ?? "another session"
        return "another migstat run holds the PostgreSQL lock of schema \(schema) (\(endpoint)) (\(who)); not starting a second one"
    }
}

extension PostgresConnection {
    /// The advisory lock's key for a schema: the first 8 bytes of SHA-256 of "migstat" and the schema, so that
    /// every migstat, whatever its version or machine, takes the same key for the same tables.
    public static func advisoryLockKey(schema: String) -> Int64 {
        var hash = SHA256()
        hash.update(Array("migstat\u{0}\(schema)".utf8))
        let digest = hash.finalize()
        return Int64(bitPattern: UInt64(digest.prefix(16), radix: 16)!)
    }

    /// Takes the session-level advisory lock of `schema` without waiting, or throws `PostgresLockedError`
    /// naming its holder. PostgreSQL releases it when the session ends, however it ends (a killed run, a lost
    /// connection), so no lock outlives its holder.
    public func tryAdvisoryLock(schema: String) throws {
        let key = PostgresConnection.advisoryLockKey(schema: schema)
        guard try query("SELECT pg_try_advisory_lock($1::bigint)::int", [.integer(key)]).first?.first != .integer(1) else { return }
        // A bigint key is kept in pg_locks as its high and low 32 bits (classid, objid) with objsubid 1.
        let holder = try query("""
            SELECT a.pid, a.application_name, coalesce(host(a.client_addr), 'local socket'),
                   to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid = (($1::bigint >> 32) & 4294967295)::oid AND l.objid = ($1::bigint & 4294967295)::oid
            """, [.integer(key)]).first
        throw PostgresLockedError(endpoint: endpoint, schema: schema, holderPid: holder.flatMap { $0[0].number.map { Int32($0) } },
                                  holderApplication: holder?[1].key, holderClient: holder?[2].key, holderStarted: holder?[3].key)
    }

    /// Releases the lock before the session ends.
    public func releaseAdvisoryLock(schema: String) throws {
        _ = try query("SELECT pg_advisory_unlock($1::bigint)", [.integer(PostgresConnection.advisoryLockKey(schema: schema))])
    }
}
