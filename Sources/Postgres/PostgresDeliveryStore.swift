import Foundation
import MigstatCore
import Store

/// A delivery table kept in PostgreSQL: the same tables as the SQLite store (`stg_<source>_<table>`,
/// `deliveries`, `quarantine`), in a schema of their own if one is named, and the same rule (`UpsertRule`).
///
/// Types: integer columns are `bigint`, decimals `double precision` (SQLite's REAL, the same 64-bit double),
/// and text, codes, dates and timestamps `text`: the cleaner writes dates and timestamps canonical
/// (`yyyy-mm-dd`, `yyyy-mm-ddThh:mm:ssZ`), and kept as that text they read back byte for byte as from SQLite,
/// where PostgreSQL's `date`/`timestamptz` would print them in its own style (`2014-01-01 00:00:00+00`) and the
/// exhibits and outputs would differ. The order of versions does not depend on the text: it is `row_version`.
///
/// Loading a delivery is one transaction: rows stream through `COPY` into a temporary staging table while the
/// reader parses (the COPY stays open across `write` calls), then one statement upserts them into the table,
/// and the delivery is marked complete in the same transaction. A kill or a lost connection at any moment
/// rolls the whole delivery back on the server; the next run loads it again.
public final class PostgresDeliveryStore: DeliverySink {
    public let connection: PostgresConnection
    /// The schema's tables as migstat's own (listed, layout numbered), as for the run's other tables.
    let backend: PostgresBackend
    public let tableName: String
    public let schema: String?
    let source: String
    let columns: [ColumnConfig]
    let upsert: UpsertConfig
    /// Every statement about the table and its deliveries, in PostgreSQL's words.
    let tables: DeliverySchema
    private var copy: CopyInWriter?
    /// Quarantined records met while the rows' COPY is open (one COPY at a time per connection); sent by a
    /// COPY of their own when they fill a chunk and at the end.
    private let quarantined = CopyRows()
    private var deliveryId: Int64 = 0
    /// The delivery being loaded.
    private var file = ""
    public private(set) var heldBackRows = 0
    public private(set) var runCount = 0
    public private(set) var mergeSeconds = 0.0
    public private(set) var commitSeconds = 0.0

    private static let staging = "pg_temp.migstat_staging"
    /// The memory a session takes for its staging table and for the sort of a delivery's rows (per setting).
    static let sessionMemory = "256MB"

    public init(connection: PostgresConnection, schema: String? = nil, source: String, tableName: String,
                columns: [ColumnConfig], upsert: UpsertConfig) throws {
        self.connection = connection
        self.schema = schema; self.source = source; self.tableName = tableName; self.columns = columns; self.upsert = upsert
        tables = DeliverySchema(PostgresDialect(), source: source, tableName: tableName, columns: columns, upsert: upsert)
        // The staging table lives in the session's local buffers (temp_buffers, 8 MB by default, settable only
        // before the session first touches a temporary table): a delivery's rows then stay in memory.
        try connection.execute("SET temp_buffers = '\(PostgresDeliveryStore.sessionMemory)'")
        // Every statement below (and UpsertRule's lookup of `deliveries`) names its tables unqualified.
        backend = try PostgresBackend(connection: connection, schema: schema ?? "public")
        try createSchema()
    }

    /// Creates what is missing. A table declared otherwise before (other columns, types or key: a store carried
    /// over from an earlier pipeline.json) is dropped with its deliveries and quarantine: every delivery is then
    /// loaded again, as with SQLite. Changes of migstat's own layout are `StoreLayout`'s steps.
    private func createSchema() throws {
        try StoreLayout.migrate(backend)
        for name in ["deliveries", "delivery_tables", tableName] { try backend.requireOwn(name) }
        try connection.transaction {
            for statement in tables.createBookkeeping { try connection.execute(statement) }
            try backend.create(RunTables.quarantine)
            let recorded = try connection.query(tables.selectDeclaration, [.text(tableName)]).first?.first
            if let recorded, recorded != .text(tables.declaration) {
                try connection.execute(tables.dropTable)
                try connection.update(tables.forgetDeliveries, [.text(tableName)])
                try connection.update(tables.forgetQuarantine, [.text(source)])
            }
            try connection.execute(tables.createTable)
            try connection.update(tables.recordDeclaration, [.text(tableName), .text(tables.declaration)])
            for name in ["deliveries", "delivery_tables", tableName] { try backend.register(name) }
        }
    }

    private var columnList: String { tables.columnList.joined(separator: ", ") }

    public func loadedDeliveries() throws -> [LoadedDelivery] {
        try connection.query(tables.selectLoadedDeliveries, [.text(tableName)]).map(DeliverySchema.loadedDelivery)
    }

    public func clear() throws {
        try connection.transaction {
            try connection.execute(tables.emptyTable)
            try connection.update(tables.forgetDeliveries, [.text(tableName)])
            try connection.update(tables.forgetQuarantine, [.text(source)])
        }
    }

    /// Opens the delivery's transaction and its staging table, and starts the COPY the rows stream through.
    public func begin(file: String) throws {
        try connection.execute("BEGIN")
        do {
            self.file = file
            deliveryId = try connection.query(tables.beginDelivery, [.text(source), .text(tableName), .text(file)]).first.flatMap { $0.first?.integer } ?? 0
            try connection.update(tables.forgetFileQuarantine, [.text(source), .text(file)])
            // Temporary: never written to the WAL, and gone with the transaction whether it commits or not.
            try connection.execute("""
                CREATE TEMP TABLE migstat_staging ON COMMIT DROP AS SELECT \(columnList) FROM \(tables.table) WITH NO DATA
                """)
            copy = try connection.copyIn("COPY \(PostgresDeliveryStore.staging) (\(columnList)) FROM STDIN")
            quarantined.removeAll()
            heldBackRows = 0; runCount = 0; mergeSeconds = 0; commitSeconds = 0
        } catch {
            rollback()
            throw error
        }
    }

    /// Encodes the batch's rows (with their version, delivery and line) into the open COPY, sending full chunks.
    public func write(_ batch: RowBatch) throws {
        guard let copy else { throw connection.misuse("no delivery begun", sql: "COPY") }
        let rows = copy.rows
        for row in 0..<batch.count {
            let version = try tables.version(batch, row: row, file: file)
            for column in 0..<columns.count {
                switch batch.kind(row, column) {
                case .integer: rows.integer(batch.integer(row, column))
                case .real: rows.real(batch.real(row, column))
                case .text: rows.text(batch.text(row, column))
                default: rows.null()
                }
            }
            rows.integer(version)
            rows.integer(deliveryId)
            rows.integer(Int64(batch.lines[row]))
            rows.endRow()
            try copy.sendIfFull()
        }
        for q in batch.quarantine {
            quarantined.text(q.source); quarantined.text(q.file); quarantined.integer(Int64(q.line))
            quarantined.text(q.column); quarantined.text(q.value); quarantined.text(q.reason)
            quarantined.endRow()
        }
        // Kept in memory up to a chunk: then the rows' COPY pauses while they are sent.
        if quarantined.byteCount >= CopyInWriter.chunkBytes {
            try copy.finish()
            try sendQuarantined()
            self.copy = try connection.copyIn(copy.sql)
        }
    }

    private func sendQuarantined() throws {
        guard quarantined.rowCount > 0 else { return }
        let writer = try connection.copyIn("COPY quarantine (\(RunTables.quarantine.columns.map { quote($0.name) }.joined(separator: ", "))) FROM STDIN")
        try writer.send(quarantined)
        try writer.finish()
    }

    /// Ends the COPY, upserts the staged rows in one statement, marks the delivery complete and commits.
    /// Returns the rows that changed the table (new keys and newer versions).
    @discardableResult
    public func finish(_ delivery: LoadedDelivery) throws -> Int {
        guard let copy else { throw connection.misuse("no delivery begun", sql: "COPY") }
        do {
            try copy.finish()
            self.copy = nil
            try sendQuarantined()
            let started = Date()
            // The reduction to one row per key sorts the delivery: in memory rather than in temporary files.
            try connection.execute("SET LOCAL work_mem = '\(PostgresDeliveryStore.sessionMemory)'")
            let applied = try connection.update(try isEmpty() ? upsertSQL(conflicts: false) : upsertSQL(conflicts: true))
            mergeSeconds = Date().timeIntervalSince(started)
            try connection.update(tables.finishDelivery, DeliverySchema.finishValues(delivery, id: deliveryId))
            let committing = Date()
            try connection.execute("COMMIT")
            commitSeconds = Date().timeIntervalSince(committing)
            return applied
        } catch {
            rollback()
            throw error
        }
    }

    /// Whether the table holds no row (a first load, or after `clear`): every staged key is then new.
    private func isEmpty() throws -> Bool {
        try connection.query("SELECT (NOT EXISTS (SELECT 1 FROM \(tables.table)))::int").first?.first == .integer(1)
    }

    /// The staged rows into the table, by UpsertRule.
    ///
    /// `ON CONFLICT DO UPDATE` may not touch the same row twice in one statement (PostgreSQL refuses: "command
    /// cannot affect row a second time"), and a delivery may hold a key several times. So the staged rows are
    /// first reduced to one per key, the newest of the delivery: all share its file, so by UpsertRule the
    /// greatest (row_version, source_line), which `DISTINCT ON (key) … ORDER BY key, row_version DESC,
    /// source_line DESC` keeps. That row then replaces the stored one only where UpsertRule finds it newer.
    ///
    /// Into an empty table (`conflicts: false`) no key can conflict, and the statement is a plain INSERT: each
    /// row's speculative insertion (a probe of the key's index before the insert, for ON CONFLICT) costs
    /// more than the insertion: 1 M staged rows into an empty table, 5.3–5.7 s with ON CONFLICT, 3.0–3.7 s
    /// without (docs/postgres.md). The run's advisory lock keeps migstat's other writers out; a row inserted
    /// meanwhile by anyone else would make the INSERT fail on the primary key, never store a key twice.
    func upsertSQL(conflicts: Bool) -> String {
        let newest = """
            SELECT \(columnList) FROM (SELECT DISTINCT ON (\(tables.quotedKey)) \(columnList) FROM \(PostgresDeliveryStore.staging)
                                 ORDER BY \(tables.quotedKey), \(UpsertRule.newestInDeliveryFirst)) newest
            """
        return conflicts ? tables.upsert(newest) : tables.insert(newest)
    }

    /// Abandons the delivery: the COPY is aborted and the transaction rolled back (on a lost connection the
    /// server has already rolled it back).
    public func rollback() {
        copy?.abort()
        copy = nil
        quarantined.removeAll()
        try? connection.execute("ROLLBACK")
    }
}

private extension Value {
    var integer: Int64? { if case .integer(let i) = self { return i } else { return nil } }
}

/// An identifier as PostgreSQL reads it.
func quote(_ identifier: String) -> String { PostgresDialect().identifier(identifier) }
