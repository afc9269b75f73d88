import Exhibits
import Foundation
import MigstatCore
import Postgres
import Registry
import Store

/// PostgreSQL: the exhibits' columns read by `COPY (SELECT …) TO STDOUT` (two shares of the table's pages on two
/// sessions, `CopyShares`) and tallied in migstat as the scan of a SQLite store tallies them (`DeliveryExhibits`:
/// the same estimates), instead of an aggregate statement per series in the server. On 1.84 M rows and the study's four registry exhibits the statements took 6–11 s (a hash
/// aggregate over 1.2 M persons each), the COPY of their six columns about 1 s of the server's time while migstat
/// tallies (docs/registry.md). A table with a decimal column is left to SQL (`DatabaseSQLExhibits`): PostgreSQL
/// prints a double otherwise than SQLite, and the scan compares bytes.
struct PostgresCopyExhibits: RegistryExhibitEngine {
    let connection: PostgresConnection
    /// The store's URL, for the sessions that read the other shares of the table.
    let conninfo: String
    let schema: String

    func estimates(_ plans: [ExhibitPlan], over source: SourceConfig, _ table: TableConfig, tables: [String: DataTable],
                   workDirectory: String) throws -> [Estimate] {
        guard !table.columns.contains(where: { $0.type == .decimal }) else {
            return try DatabaseSQLExhibits(connection: connection).estimates(plans, over: source, table, tables: tables, workDirectory: workDirectory)
        }
        // Person-level rows pass through it: this user's only.
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        let name = StoreTableName.staged(source: source.id, table: table.id)
        return try DeliveryExhibits(plans: plans, table: table, storePath: "",
                                    tableName: name, tables: tables, workDirectory: workDirectory)
            .compute(fieldRows: { columns, _ in try Self.copyScan(connection, conninfo: conninfo, schema: schema, table: name, columns: columns) })
    }

    /// The rows loaded into the table (nil if none) and a scan per share of its pages (`CopyShares`): the first on
    /// the run's session, the others on sessions of their own, each on its own thread.
    static func copyScan(_ connection: PostgresConnection, conninfo: String, schema: String, table: String, columns: [String], threads: Int = 2)
        throws -> (rows: Int, scans: [@Sendable (_ body: (FieldRow) throws -> Void) throws -> Void])? {
        // sum() of bigint is numeric in PostgreSQL: cast back.
        let loaded = try connection.query("SELECT (\(DeliverySchema.selectRowsLoaded(PostgresDialect())))::bigint", [.text(table)]).first?.first
        guard case .integer(let rows)? = loaded, rows > 0 else { return nil }
        let shares = try CopyShares(connection, conninfo: conninfo, schema: schema, table: table, columns: columns, shares: threads)
        let fields = max(columns.count, 1)
        // Connected here, on the calling thread: a refused connection fails before any thread starts.
        nonisolated(unsafe) let sessions = try shares.statements.indices.map { try shares.connection($0, session: connection) }
        return (Int(rows), zip(shares.statements, shares.statements.indices).map { sql, i in
            { @Sendable body in try sessions[i].copyOut(sql, fields: fields) { try body(FieldRow($0)) } }
        })
    }
}
