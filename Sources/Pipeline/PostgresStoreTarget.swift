import Exhibits
import Foundation
import MigstatCore
import Postgres
import Registry
import Store

/// A PostgreSQL database as the store (`--store postgresql://…`): one session for the whole run, holding the
/// schema's advisory lock beside the output's file lock, so that two migstat processes on different machines
/// never write the same tables at once. Deliveries load in one transaction each (`PostgresDeliveryStore`), the
/// registry exhibits are read by one COPY and tallied in migstat (`PostgresCopyExhibits`), and the run's tables are written through
/// `PostgresBackend`. Nothing is written to the output for the store: migration.sqlite does not exist.
final class PostgresStoreTarget: StoreTarget {
    let outputFile: String? = nil
    let scratchDirectory: String? = nil
    let url: String
    let schema: String
    let force: Bool
    /// Every table the run makes in the schema: one there that is not migstat's is refused before anything is made.
    let tables: [String]
    /// The tables did not match their checksums: not built on, every delivery loaded again.
    private var distrusted = false
    /// The run's one session (holding the lock) and the run's tables over it, once connected.
    private var session: (connection: PostgresConnection, store: RunStore)?

    init(url: String, schema: String, force: Bool, tables: [String]) {
        self.url = url; self.schema = schema; self.force = force; self.tables = tables
    }

    var identity: String { "postgresql \(PostgresURL.redacted(url)) schema \(schema)" }

    /// Connects and takes the lock (once per run); a PostgresLockedError names the session holding it.
    private func connected() throws -> (connection: PostgresConnection, store: RunStore) {
        if let session { return session }
        let connection = try PostgresConnection(url)
        try connection.tryAdvisoryLock(schema: schema)
        let opened = (connection: connection, store: try RunStore(backend: try PostgresBackend(connection: connection, schema: schema, uses: tables)))
        session = opened
        return opened
    }

    /// The database keeps what earlier runs loaded; `--force` loads every delivery again.
    func open(previous: PreviousOutput?, config: PipelineConfig, out: OutputDirectory) throws -> Bool {
        try connected().store.dropStale(config)
        return !force && !distrusted
    }

    func deliverySink(_ source: SourceConfig, _ table: TableConfig) throws -> DeliverySink {
        return try PostgresDeliveryStore(connection: try connected().connection, schema: schema, source: source.id, tableName: StoreTableName.staged(source: source.id, table: table.id),
                                         columns: table.columns, upsert: table.upsert!)
    }

    func exhibitEngine() throws -> RegistryExhibitEngine { PostgresCopyExhibits(connection: try connected().connection, conninfo: url, schema: schema) }

    func runStore() throws -> RunStore { try connected().store }

    /// The tables the previous run wrote are still in the database, read before this run replaces them.
    func previousRunStore(_ previous: PreviousOutput) throws -> RunStore { try connected().store }

    func runError(_ error: Error, outputDirectory: String) -> Error? { nil }

    /// Compares every table migstat owns in the schema with the checksums the last finished run recorded (after
    /// taking the lock, so that no other run is writing them).
    func distrust() throws -> String? {
        guard let checksums = try connected().store.backend as? StoreChecksums, let mismatch = try checksums.checksumMismatch() else { return nil }
        distrusted = true
        return mismatch
    }

    func seal() throws { try (connected().store.backend as? StoreChecksums)?.recordChecksums() }

    /// Connects (server, login, database), refuses a table of a name the run would use that is not migstat's, as
    /// the run would, and lets go; nothing is written and the lock is not taken, so a check runs beside a run.
    func check() throws {
        let connection = try PostgresConnection(url)
        if let foreign = try PostgresBackend.foreignTables(connection, schema: schema, among: tables).first {
            throw PostgresError.foreignTable(connection.endpoint, schema: schema, table: foreign)
        }
    }
}
