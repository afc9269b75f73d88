import CBatchTable
import CSQLite
import Foundation
import MigstatCore

/// A delivery that has been loaded into the store, as recorded beside its rows.
public struct LoadedDelivery: Sendable, Equatable {
    public var file: String
    public var sha256: String
    public var bytes: Int
    public var read: Int
    public var loaded: Int
    public var quarantined: Int
    public init(file: String, sha256: String, bytes: Int, read: Int, loaded: Int, quarantined: Int) {
        self.file = file; self.sha256 = sha256; self.bytes = bytes; self.read = read; self.loaded = loaded; self.quarantined = quarantined
    }
}

/// The store side of a delivery table (the registry): one row per key, replaced only by a newer version.
///
/// Durability: each delivery is loaded in one transaction under a rollback journal (`journal_mode=DELETE`)
/// with `synchronous=FULL`. A kill or a power cut at any moment leaves the database as it was before the
/// delivery (the journal is rolled back on the next open) or with the whole delivery in it. A rollback
/// journal saves only pages that existed before the transaction, so appending millions of rows journals
/// almost nothing, where WAL would write every page twice (to the WAL, then to the file at checkpoint);
/// WAL's gain, readers alongside the writer, is of no use here.
///
/// Speed: the table is keyed by its key alone (an integer key is the rowid; a text key makes a WITHOUT ROWID
/// table), so a row is written into one B-tree, not a table and an index. A row whose key is above every key
/// so far is appended, SQLite reading the whole batch in place (`migstat_rows`, CBatchTable); any other row,
/// which may replace a stored version, is held back (`HeldBackRows`) and upserted with the others in key order,
/// in passes drained while the delivery is read, so that a pass visits the pages it updates once each and in
/// order rather than at random. A thread of its own starts writing the file's pages to disk (`Writeback`).
public final class DeliveryStore {
    public let database: Database
    public let tableName: String
    let source: String
    let columns: [ColumnConfig]
    let upsert: UpsertConfig
    let keyColumn: Int
    /// Inserts the rows of a batch listed in `batchRows`, read in place through the virtual table `migstat_rows`.
    private var append: Statement?
    private let batchRows: UnsafeMutablePointer<migstat_batch_rows>
    private var appendRows: [Int32] = []
    private var upsertOne: Statement?
    private let heldBack: HeldBackRows
    /// The buffer rows are held back in before it is sorted and written out as a run (the load's memory for them).
    public static let defaultHeldBackBytes = 8 << 20
    /// Bytes of sorted runs (on disk) that make a pass: the more, the fewer passes over the table.
    public static let defaultPassBytes = 20 << 20
    private var writeback: Writeback?
    private var quarantineInsert: Statement?
    private var deliveryId: Int64 = 0
    /// The largest key stored so far: an integer, or text compared byte by byte as SQLite does (BINARY).
    private let largest: LargestKey
    /// Rows that changed the table so far in this delivery.
    private var applied = 0
    /// The last delivery's upserts after the last row was read, and its commit (the fsync), in seconds.
    public private(set) var mergeSeconds = 0.0
    public private(set) var commitSeconds = 0.0


    public init(path: String, source: String, tableName: String, columns: [ColumnConfig], upsert: UpsertConfig,
                heldBackBytes: Int = DeliveryStore.defaultHeldBackBytes, passBytes: Int = DeliveryStore.defaultPassBytes) throws {
        database = try Database(path: path)
        self.source = source; self.tableName = tableName; self.columns = columns; self.upsert = upsert
        keyColumn = columns.firstIndex { $0.name == upsert.key } ?? 0
        largest = LargestKey(textKeys: columns[keyColumn].type != .integer)
        heldBack = HeldBackRows(columns: columns.count, keyColumn: keyColumn, integerKeys: columns[keyColumn].type == .integer,
                                bufferBytes: heldBackBytes, passBytes: passBytes, spillPath: path + ".held")
        // page_size applies to a new file only: large pages mean fewer to split, write and read back in a pass
        // and the exhibits' scans. The cache bounds the memory of a load whatever its size; it is small because
        // appends touch only the table's last pages and a pass walks the table in order: the memory is better
        // spent on the rows held back, which decide how many passes there are.
        try database.execute("""
            PRAGMA page_size=65536; PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA cache_size=-4096;
            """)
        batchRows = .allocate(capacity: 1)
        batchRows.initialize(to: migstat_batch_rows())
        batchRows.pointee.columns = Int32(columns.count)
        try createSchema()
        let rc = migstat_batch_table_create(database.handle, "migstat_rows", Int32(columns.count), batchRows)
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, message: database.lastError, sql: "CREATE VIRTUAL TABLE temp.migstat_rows") }
    }

    deinit { batchRows.deallocate() }

    /// The table as this version declares it, as SQLite keeps it in `sqlite_schema.sql`.
    private var tableDefinition: String {
        let definitions = columns.map { c -> String in
            c.name == upsert.key ? "\(quote(c.name)) \(DeliveryStore.sqlType(c.type)) NOT NULL PRIMARY KEY" : "\(quote(c.name)) \(DeliveryStore.sqlType(c.type))"
        }
        // An integer key is the rowid itself; a table keyed by text is stored in the order of its key.
        let layout = columns[keyColumn].type == .integer ? "" : " WITHOUT ROWID"
        return "CREATE TABLE \(quote(tableName)) (\(definitions.joined(separator: ", ")), delivery_id INTEGER NOT NULL, source_line INTEGER NOT NULL)\(layout)"
    }

    /// Creates what is missing. A table of other columns or of an older layout (a store carried over from an
    /// earlier declaration or version) is dropped with its deliveries: every delivery is then loaded again.
    private func createSchema() throws {
        let existing = try database.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").rows([.text(tableName)]).first?.first
        if let existing, existing != .text(tableDefinition) {
            try database.transaction {
                try database.execute("DROP TABLE \(quote(tableName))")
                try database.execute("DELETE FROM deliveries WHERE table_name = \(quoteLiteral(tableName))")
                try database.execute("DELETE FROM quarantine WHERE source = \(quoteLiteral(source))")
            }
        }
        try database.execute("""
            \(tableDefinition.replacingOccurrences(of: "CREATE TABLE ", with: "CREATE TABLE IF NOT EXISTS ", options: .anchored));
            CREATE TABLE IF NOT EXISTS deliveries (id INTEGER PRIMARY KEY, source TEXT NOT NULL, table_name TEXT NOT NULL, file TEXT NOT NULL,
              sha256 TEXT, bytes INTEGER, rows_read INTEGER, rows_loaded INTEGER, rows_quarantined INTEGER, complete INTEGER NOT NULL DEFAULT 0,
              UNIQUE (table_name, file));
            CREATE TABLE IF NOT EXISTS quarantine (source TEXT, file TEXT, line INTEGER, column_name TEXT, value TEXT, reason TEXT);
            """)
    }

    static func sqlType(_ type: ColumnType) -> String {
        switch type {
        case .integer: return "INTEGER"
        case .decimal: return "REAL"
        default: return "TEXT"
        }
    }

    private var columnList: [String] { columns.map { quote($0.name) } + ["delivery_id", "source_line"] }

    /// The upsert: a row replaces the stored one only if its version is newer, or equal and from the same or a
    /// later delivery by file name (the same delivery: the later line). That order does not depend on the order
    /// deliveries are loaded in, so a late or reloaded delivery gives the same table.
    private func upsertClause() -> String {
        let updates = columnList.filter { $0 != quote(upsert.key) }.map { "\($0) = excluded.\($0)" }
        let v = quote(upsert.version), t = quote(tableName)
        // Canonical timestamps order as text once their final Z is dropped (a fraction sorts after whole seconds).
        let timestamp = columns.first { $0.name == upsert.version }?.type == .timestamp
        let (new, old) = timestamp ? ("rtrim(excluded.\(v), 'Z')", "rtrim(\(t).\(v), 'Z')") : ("excluded.\(v)", "\(t).\(v)")
        return """
            ON CONFLICT(\(quote(upsert.key))) DO UPDATE SET \(updates.joined(separator: ", "))
            WHERE \(new) > \(old) OR (\(new) = \(old) AND (excluded.delivery_id = \(t).delivery_id
              OR (SELECT file FROM deliveries WHERE id = excluded.delivery_id) > (SELECT file FROM deliveries WHERE id = \(t).delivery_id)))
            """
    }

    /// The deliveries completely loaded, by file name.
    public func loadedDeliveries() throws -> [LoadedDelivery] {
        try database.prepare("SELECT file, sha256, bytes, rows_read, rows_loaded, rows_quarantined FROM deliveries WHERE table_name = ? AND complete = 1 ORDER BY file")
            .rows([.text(tableName)]).map { r in
                LoadedDelivery(file: r[0].key, sha256: r[1].key, bytes: Int(r[2].number ?? 0), read: Int(r[3].number ?? 0),
                               loaded: Int(r[4].number ?? 0), quarantined: Int(r[5].number ?? 0))
            }
    }

    /// Starts loading a delivery in a transaction of its own; its earlier quarantine (if reloaded) is dropped.
    public func begin(file: String) throws {
        try database.execute("BEGIN IMMEDIATE")
        try database.prepare("INSERT INTO deliveries (source, table_name, file) VALUES (?, ?, ?) ON CONFLICT(table_name, file) DO UPDATE SET complete = 0")
            .run([.text(source), .text(tableName), .text(file)])
        deliveryId = try database.prepare("SELECT id FROM deliveries WHERE table_name = ? AND file = ?")
            .rows([.text(tableName), .text(file)]).first?.first.flatMap { if case .integer(let i) = $0 { return i } else { return nil } } ?? 0
        try database.prepare("DELETE FROM quarantine WHERE source = ? AND file = ?").run([.text(source), .text(file)])
        let names = columnList.joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: columnList.count).joined(separator: ", ")
        largest.reset(to: try database.prepare("SELECT max(\(quote(upsert.key))) FROM \(quote(tableName))").rows().first?.first)
        // OR IGNORE never drops a row here (an appended key is above every stored key), but it tells SQLite that
        // a statement of many rows cannot fail half-way, which spares it a statement journal: this halves the
        // cost of appending under a rollback journal. A single-row upsert needs no statement journal either.
        let source = (0..<columns.count).map { "c\($0)" }.joined(separator: ", ") + ", delivery, line"
        append = try database.prepare("INSERT OR IGNORE INTO \(quote(tableName)) (\(names)) SELECT \(source) FROM temp.migstat_rows")
        batchRows.pointee.delivery = deliveryId
        upsertOne = try database.prepare("INSERT INTO \(quote(tableName)) (\(names)) VALUES (\(placeholders)) \(upsertClause())")
        if quarantineInsert == nil { quarantineInsert = try database.prepare("INSERT INTO quarantine VALUES (?,?,?,?,?,?)") }
        heldBack.reset()
        applied = 0
        mergeSeconds = 0
        writeback = Writeback(path: database.path)
    }

    /// Writes every row of a batch (appended, or held back for a pass) and its quarantined records.
    public func write(_ batch: RowBatch) throws {

        guard let append else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "no delivery begun", sql: "")
        }
        appendRows.removeAll(keepingCapacity: true)
        let heldBefore = heldBack.filledBytes
        for row in 0..<batch.count {
            if largest.admits(batch, row, column: keyColumn) {
                applied += 1
                appendRows.append(Int32(row))
            } else {
                heldBack.hold(batch, row: row)
            }
        }
        if !appendRows.isEmpty {
            try batch.withStorage { kinds, values, lengths, text, lines in
                try appendRows.withUnsafeBufferPointer { rows in
                    batchRows.pointee.kinds = kinds; batchRows.pointee.values = values; batchRows.pointee.lengths = lengths
                    batchRows.pointee.text = text; batchRows.pointee.lines = lines
                    batchRows.pointee.rows = rows.baseAddress; batchRows.pointee.count = Int32(rows.count)
                    defer { batchRows.pointee.count = 0 }
                    append.reset()
                    _ = try append.step()
                }
            }
        }
        try heldBack.keepUp(added: heldBack.filledBytes - heldBefore, upsert: upsert)
        for q in batch.quarantine {
            try quarantineInsert!.run([.text(q.source), .text(q.file), .integer(Int64(q.line)), .text(q.column), .text(q.value), .text(q.reason)])
        }
    }

    /// Whether rows held back wait to be upserted (the writer's work while it waits for the reader);
    /// `nearEnd`: most of the delivery has been read.
    public func hasHeldBackWork(nearEnd: Bool) -> Bool { heldBack.hasIdleWork(nearEnd: nearEnd) }

    /// Upserts a slice of the rows held back.
    public func upsertHeldBack(rows: Int, nearEnd: Bool) throws { try heldBack.drainWhileIdle(rows, nearEnd: nearEnd, upsert) }

    /// The last delivery's passes over held-back rows and their seconds in all.
    public var passes: Int { heldBack.passes }
    public var passSeconds: Double { heldBack.seconds }

    /// Upserts one held-back row (the upsert keeps the stored row when it is newer).
    private func upsert(_ bytes: UnsafeRawPointer, _ line: Int) throws {
        guard let upsertOne else { throw SQLiteError(code: SQLITE_MISUSE, message: "no delivery begun", sql: "") }
        upsertOne.reset()
        try PendingRows.bind(bytes, columns: columns.count, line: line, to: upsertOne, delivery: deliveryId)
        _ = try upsertOne.step()
        applied += database.changes
    }

    /// Upserts the rows still held back, records the delivery as complete and commits.
    /// Returns the rows that changed the table (new keys and newer versions).
    @discardableResult
    public func finish(_ delivery: LoadedDelivery) throws -> Int {
        let mergeStarted = Date()
        try heldBack.drainAll(upsert)
        mergeSeconds = Date().timeIntervalSince(mergeStarted)
        try database.prepare("""
            UPDATE deliveries SET sha256 = ?, bytes = ?, rows_read = ?, rows_loaded = ?, rows_quarantined = ?, complete = 1 WHERE id = ?
            """).run([.text(delivery.sha256), .integer(Int64(delivery.bytes)), .integer(Int64(delivery.read)),
                      .integer(Int64(delivery.loaded)), .integer(Int64(delivery.quarantined)), .integer(deliveryId)])
        writeback?.stop(); writeback = nil
        try database.execute("COMMIT")
        commitSeconds = Date().timeIntervalSince(mergeStarted) - mergeSeconds
        append = nil; upsertOne = nil
        return applied
    }

    /// Abandons a delivery begun but not finished.
    public func rollback() {
        append = nil; upsertOne = nil
        heldBack.reset()
        writeback?.stop(); writeback = nil
        try? database.execute("ROLLBACK")
    }

    /// Empties the table, its deliveries and their quarantine (a changed or removed delivery means a full reload).
    public func clear() throws {
        try database.transaction {
            try database.execute("DELETE FROM \(quote(tableName))")
            try database.prepare("DELETE FROM deliveries WHERE table_name = ?").run([.text(tableName)])
            try database.prepare("DELETE FROM quarantine WHERE source = ?").run([.text(source)])
        }
    }

    private func quote(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    private func quoteLiteral(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}

