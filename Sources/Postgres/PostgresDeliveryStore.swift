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
    let keyColumn: Int
    let versionColumn: Int
    private var copy: CopyInWriter?
    /// Quarantined records met while the rows' COPY is open (one COPY at a time per connection); sent by a
    /// COPY of their own when they fill a chunk and at the end.
    private let quarantined = CopyRows()
    private var deliveryId: Int64 = 0
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
        keyColumn = columns.firstIndex { $0.name == upsert.key } ?? 0
        versionColumn = columns.firstIndex { $0.name == upsert.version } ?? 0
        // The staging table lives in the session's local buffers (temp_buffers, 8 MB by default, settable only
        // before the session first touches a temporary table): a delivery's rows then stay in memory.
        try connection.execute("SET temp_buffers = '\(PostgresDeliveryStore.sessionMemory)'")
        // Every statement below (and UpsertRule's lookup of `deliveries`) names its tables unqualified.
        backend = try PostgresBackend(connection: connection, schema: schema ?? "public")
        try createSchema()
    }

    static func sqlType(_ type: ColumnType) -> String {
        switch type {
        case .integer: return "bigint"
        case .decimal: return "double precision"
        default: return "text"
        }
    }

    /// The table as pipeline.json declares it (columns, types, key), recorded in `delivery_tables` as the
    /// SQLite store records its own.
    private var tableDefinition: String {
        let definitions = columns.map { c in
            "\(quote(c.name)) \(PostgresDeliveryStore.sqlType(c.type))" + (c.name == upsert.key ? " NOT NULL PRIMARY KEY" : "")
        }
        return "CREATE TABLE \(quote(tableName)) (\(definitions.joined(separator: ", ")), \(UpsertRule.versionColumn) bigint NOT NULL, "
            + "delivery_id bigint NOT NULL, source_line bigint NOT NULL)"
    }

    /// Creates what is missing. A table declared otherwise before (other columns, types or key: a store carried
    /// over from an earlier pipeline.json) is dropped with its deliveries and quarantine: every delivery is then
    /// loaded again, as with SQLite. Changes of migstat's own layout are `StoreLayout`'s steps.
    private func createSchema() throws {
        try StoreLayout.migrate(backend)
        for name in ["deliveries", "delivery_tables", tableName] { try backend.requireOwn(name) }
        try connection.transaction {
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS deliveries (id bigserial PRIMARY KEY, source text NOT NULL, table_name text NOT NULL, file text COLLATE "C" NOT NULL,
                  sha256 text, bytes bigint, rows_read bigint, rows_loaded bigint, rows_quarantined bigint, complete integer NOT NULL DEFAULT 0,
                  UNIQUE (table_name, file));
                CREATE TABLE IF NOT EXISTS delivery_tables (table_name text PRIMARY KEY, declaration text NOT NULL);
                """)
            try backend.create(RunTables.quarantine)
            let recorded = try connection.query("SELECT declaration FROM delivery_tables WHERE table_name = $1", [.text(tableName)]).first?.first
            if let recorded, recorded != .text(tableDefinition) {
                try connection.execute("DROP TABLE IF EXISTS \(quote(tableName))")
                try connection.update("DELETE FROM deliveries WHERE table_name = $1", [.text(tableName)])
                try connection.update("DELETE FROM quarantine WHERE source = $1", [.text(source)])
            }
            try connection.execute(tableDefinition.replacingOccurrences(of: "CREATE TABLE ", with: "CREATE TABLE IF NOT EXISTS "))
            try connection.update("""
                INSERT INTO delivery_tables VALUES ($1, $2) ON CONFLICT (table_name) DO UPDATE SET declaration = excluded.declaration
                """, [.text(tableName), .text(tableDefinition)])
            for name in ["deliveries", "delivery_tables", tableName] { try backend.register(name) }
        }
    }

    private var columnList: [String] { columns.map { quote($0.name) } + [UpsertRule.versionColumn, "delivery_id", "source_line"] }

    public func loadedDeliveries() throws -> [LoadedDelivery] {
        try connection.query("""
            SELECT file, sha256, bytes, rows_read, rows_loaded, rows_quarantined FROM deliveries
            WHERE table_name = $1 AND complete = 1 ORDER BY file
            """, [.text(tableName)]).map { r in
            LoadedDelivery(file: r[0].key, sha256: r[1].key, bytes: Int(r[2].number ?? 0), read: Int(r[3].number ?? 0),
                           loaded: Int(r[4].number ?? 0), quarantined: Int(r[5].number ?? 0))
        }
    }

    public func clear() throws {
        try connection.transaction {
            try connection.execute("TRUNCATE \(quote(tableName))")
            try connection.update("DELETE FROM deliveries WHERE table_name = $1", [.text(tableName)])
            try connection.update("DELETE FROM quarantine WHERE source = $1", [.text(source)])
        }
    }

    /// Opens the delivery's transaction and its staging table, and starts the COPY the rows stream through.
    public func begin(file: String) throws {
        try connection.execute("BEGIN")
        do {
            deliveryId = try connection.query("""
                INSERT INTO deliveries (source, table_name, file) VALUES ($1, $2, $3)
                ON CONFLICT (table_name, file) DO UPDATE SET complete = 0 RETURNING id
                """, [.text(source), .text(tableName), .text(file)]).first.flatMap { $0.first?.integer } ?? 0
            try connection.update("DELETE FROM quarantine WHERE source = $1 AND file = $2", [.text(source), .text(file)])
            // Temporary: never written to the WAL, and gone with the transaction whether it commits or not.
            try connection.execute("""
                CREATE TEMP TABLE migstat_staging ON COMMIT DROP AS SELECT \(columnList.joined(separator: ", ")) FROM \(quote(tableName)) WITH NO DATA
                """)
            copy = try connection.copyIn("COPY \(PostgresDeliveryStore.staging) (\(columnList.joined(separator: ", "))) FROM STDIN")
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
            let version = try self.version(batch, row)
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
        let writer = try connection.copyIn("COPY quarantine (source, file, line, column_name, value, reason) FROM STDIN")
        try writer.send(quarantined)
        try writer.finish()
    }

    /// A row's version as UpsertRule orders versions.
    private func version(_ batch: RowBatch, _ row: Int) throws -> Int64 {
        if let v = UpsertRule.version(batch, row: row, column: versionColumn, type: columns[versionColumn].type) { return v }
        throw MigstatError.data(Location(source: source, file: "", line: batch.lines[row], column: upsert.version), value: nil,
                                message: "the version column \(upsert.version) is not a cleaned \(columns[versionColumn].type.rawValue)")
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
            try connection.update("""
                UPDATE deliveries SET sha256 = $1, bytes = $2, rows_read = $3, rows_loaded = $4, rows_quarantined = $5, complete = 1 WHERE id = $6
                """, [.text(delivery.sha256), .integer(Int64(delivery.bytes)), .integer(Int64(delivery.read)),
                      .integer(Int64(delivery.loaded)), .integer(Int64(delivery.quarantined)), .integer(deliveryId)])
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
        try connection.query("SELECT (NOT EXISTS (SELECT 1 FROM \(quote(tableName))))::int").first?.first == .integer(1)
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
        let key = quote(upsert.key), list = columnList.joined(separator: ", "), t = quote(tableName)
        let updates = columnList.filter { $0 != key }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let insert = """
            INSERT INTO \(t) (\(list))
            SELECT \(list) FROM (SELECT DISTINCT ON (\(key)) \(list) FROM \(PostgresDeliveryStore.staging)
                                 ORDER BY \(key), \(UpsertRule.versionColumn) DESC, source_line DESC) newest
            """
        guard conflicts else { return insert }
        return insert + """

            ON CONFLICT (\(key)) DO UPDATE SET \(updates)
            WHERE \(UpsertRule.newerSQL("excluded", than: t))
            """
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

/// An identifier as SQL writes it: double-quoted, inner quotes doubled.
func quote(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
