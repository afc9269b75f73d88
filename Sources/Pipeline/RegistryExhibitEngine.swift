import Aggregate
import Exhibits
import Foundation
import MigstatCore
import Postgres
import Registry
import Store

/// How the exhibits over a delivery table are computed where its rows are, from their plans (compiled once, by
/// `RegistryStage`). Chosen once, with the store (`StoreTarget.exhibitEngine`): the run computes registry
/// exhibits through it and names no backend.
protocol RegistryExhibitEngine {
    func estimates(_ plans: [ExhibitPlan], over source: SourceConfig, _ table: TableConfig, tables: [String: DataTable],
                   workDirectory: String) throws -> [Estimate]
}

/// SQLite: the store file scanned (DeliveryExhibits).
struct SQLiteScanExhibits: RegistryExhibitEngine {
    let storePath: String

    func estimates(_ plans: [ExhibitPlan], over source: SourceConfig, _ table: TableConfig, tables: [String: DataTable],
                   workDirectory: String) throws -> [Estimate] {
        // Person-level rows pass through it: this user's only.
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        return try DeliveryExhibits(plans: plans, table: table, storePath: storePath,
                                    tableName: StoreTableName.staged(source: source.id, table: table.id), tables: tables, workDirectory: workDirectory).compute()
    }
}

/// SQLite by SQL (ExhibitSQL): for the benchmark against the scan (`bench-exhibits --sql`), not the run's engine.
struct SQLiteSQLExhibits: RegistryExhibitEngine {
    let storePath: String

    func estimates(_ plans: [ExhibitPlan], over source: SourceConfig, _ table: TableConfig, tables: [String: DataTable],
                   workDirectory: String) throws -> [Estimate] {
        try ExhibitSQL(plans: plans, table: table, tableName: StoreTableName.staged(source: source.id, table: table.id),
                       tables: tables).compute(on: Database(path: storePath))
    }
}

/// PostgreSQL: SQL computed in the server (ExhibitSQL), in the run's session.
struct DatabaseSQLExhibits: RegistryExhibitEngine {
    let connection: PostgresConnection

    func estimates(_ plans: [ExhibitPlan], over source: SourceConfig, _ table: TableConfig, tables: [String: DataTable],
                   workDirectory: String) throws -> [Estimate] {
        let sql = try ExhibitSQL(plans: plans, table: table, tableName: StoreTableName.staged(source: source.id, table: table.id),
                                 tables: tables, dialect: PostgresDialect())
        return try connection.withAggregateMemory { try sql.compute(on: connection) }
    }
}
