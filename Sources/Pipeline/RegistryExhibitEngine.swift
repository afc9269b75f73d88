import Aggregate
import Foundation
import MigstatCore
import Postgres
import Registry

/// How the exhibits over a delivery table are computed where its rows are. Chosen once, with the store
/// (`StoreTarget.exhibitEngine`): the run computes registry exhibits through it and names no backend.
protocol RegistryExhibitEngine {
    func estimates(_ exhibits: [ExhibitConfig], over source: SourceConfig, _ table: TableConfig, referenceKeys: [String: Set<String>],
                   tables: [String: DataTable], workDirectory: String) throws -> [Estimate]
}

/// SQLite: the store file scanned (DeliveryExhibits).
struct SQLiteScanExhibits: RegistryExhibitEngine {
    let storePath: String

    func estimates(_ exhibits: [ExhibitConfig], over source: SourceConfig, _ table: TableConfig, referenceKeys: [String: Set<String>],
                   tables: [String: DataTable], workDirectory: String) throws -> [Estimate] {
        // Person-level rows pass through it: this user's only.
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        return try DeliveryExhibits(exhibits: exhibits, table: table, storePath: storePath, tableName: deliveryTableName(source, table),
                                    referenceKeys: referenceKeys, tables: tables, workDirectory: workDirectory).compute()
    }
}

/// PostgreSQL: SQL computed in the server (ExhibitSQL), in the run's session.
struct DatabaseSQLExhibits: RegistryExhibitEngine {
    let connection: PostgresConnection

    func estimates(_ exhibits: [ExhibitConfig], over source: SourceConfig, _ table: TableConfig, referenceKeys: [String: Set<String>],
                   tables: [String: DataTable], workDirectory: String) throws -> [Estimate] {
        let sql = try ExhibitSQL(exhibits: exhibits, table: table, tableName: deliveryTableName(source, table), referenceKeys: referenceKeys,
                                 tables: tables)
        return try connection.withAggregateMemory { try sql.compute(on: connection) }
    }
}
