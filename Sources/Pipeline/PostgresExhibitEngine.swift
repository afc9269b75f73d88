import Exhibits
import Foundation
import MigstatCore
import Postgres
import Registry
import Store

/// PostgreSQL: the exhibits' columns read in one `COPY (SELECT …) TO STDOUT` and tallied in migstat as the scan of
/// a SQLite store tallies them (`DeliveryExhibits`: the same estimates), instead of an aggregate statement per
/// series in the server. On 1.84 M rows and the study's four registry exhibits the statements took 6–11 s (a hash
/// aggregate over 1.2 M persons each), the COPY of their six columns about 1 s of the server's time while migstat
/// tallies (docs/registry.md). A table with a decimal column is left to SQL (`DatabaseSQLExhibits`): PostgreSQL
/// prints a double otherwise than SQLite, and the scan compares bytes.
struct PostgresCopyExhibits: RegistryExhibitEngine {
    let connection: PostgresConnection

    func estimates(_ exhibits: [ExhibitConfig], over source: SourceConfig, _ table: TableConfig, referenceKeys: [String: Set<String>],
                   tables: [String: DataTable], workDirectory: String) throws -> [Estimate] {
        guard !table.columns.contains(where: { $0.type == .decimal }) else {
            return try DatabaseSQLExhibits(connection: connection).estimates(exhibits, over: source, table, referenceKeys: referenceKeys,
                                                                             tables: tables, workDirectory: workDirectory)
        }
        // Person-level rows pass through it: this user's only.
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        let name = deliveryTableName(source, table)
        return try DeliveryExhibits(plans: ExhibitPlan.compile(exhibits, over: table, referenceKeys: referenceKeys), table: table, storePath: "",
                                    tableName: name, tables: tables, workDirectory: workDirectory)
            .compute(fieldRows: { columns, _ in try Self.copyScan(connection, table: name, columns: columns) })
    }

    /// One scan (the server's one COPY) of `columns` of the table, and the rows loaded into it; nil if it is empty.
    static func copyScan(_ connection: PostgresConnection, table: String, columns: [String])
        throws -> (rows: Int, scans: [@Sendable (_ body: (FieldRow) throws -> Void) throws -> Void])? {
        let dialect = PostgresDialect()
        // sum() of bigint is numeric in PostgreSQL: cast back.
        let loaded = try connection.query("SELECT (\(DeliverySchema.selectRowsLoaded(dialect)))::bigint", [.text(table)]).first?.first
        guard case .integer(let rows)? = loaded, rows > 0 else { return nil }
        let list = columns.isEmpty ? "1" : columns.map(dialect.identifier).joined(separator: ", ")
        let sql = "COPY (SELECT \(list) FROM \(dialect.identifier(table))) TO STDOUT"
        let fields = max(columns.count, 1)
        // The one scan runs on the calling thread (Parallel.run's first job), the session's own.
        nonisolated(unsafe) let session = connection
        let scan: @Sendable (_ body: (FieldRow) throws -> Void) throws -> Void = { body in
            try session.copyOut(sql, fields: fields) { try body(FieldRow($0)) }
        }
        return (Int(rows), [scan])
    }
}
