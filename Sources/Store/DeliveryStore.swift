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
/// Speed: a row whose key is above every key so far is appended with a plain INSERT (sixteen rows to a
/// statement); any other row, which may replace a stored version, is set aside in a temporary table and
/// upserted at the end in key order, so that the pages it updates are visited once each and in order rather
/// than at random.
public final class DeliveryStore {
    public let database: Database
    public let tableName: String
    let source: String
    let columns: [ColumnConfig]
    let upsert: UpsertConfig
    let keyColumn: Int
    private var append: Statement?
    private var setAside: Statement?
    /// The same inserts for `rowsPerStatement` rows at once: one step instead of many halves SQLite's cost per row.
    private var appendMany: Statement?
    private var setAsideMany: Statement?
    static let rowsPerStatement = 16
    private var appendRows: [Int] = []
    private var setAsideRows: [Int] = []
    private var quarantineInsert: Statement?
    private var deliveryId: Int64 = 0
    /// The largest key stored so far: an integer, or text compared byte by byte as SQLite does (BINARY).
    private var largestKey = Int64.min
    private var largestText: [UInt8]?
    /// Rows that changed the table so far in this delivery.
    private var appended = 0
    /// The last delivery's final upsert of the rows set aside, and its commit (the fsync), in seconds.
    public private(set) var mergeSeconds = 0.0
    public private(set) var commitSeconds = 0.0


    public init(path: String, source: String, tableName: String, columns: [ColumnConfig], upsert: UpsertConfig) throws {
        database = try Database(path: path)
        self.source = source; self.tableName = tableName; self.columns = columns; self.upsert = upsert
        keyColumn = columns.firstIndex { $0.name == upsert.key } ?? 0
        // page_size applies to a new file only: large pages mean fewer to split, write and read back in the final
        // upsert and the exhibits' scans. The cache bounds the memory of a load whatever its size.
        try database.execute("""
            PRAGMA page_size=65536; PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;
            PRAGMA cache_size=-16384; PRAGMA temp_store=FILE; PRAGMA temp.cache_size=-4096;
            """)
        try createSchema()
    }

    private func createSchema() throws {
        let definitions = columns.map { c -> String in
            // An integer key is the rowid itself; a text key gets its own unique index.
            c.name == upsert.key ? "\(quote(c.name)) \(DeliveryStore.sqlType(c.type)) PRIMARY KEY" : "\(quote(c.name)) \(DeliveryStore.sqlType(c.type))"
        }
        try database.execute("""
            CREATE TABLE IF NOT EXISTS \(quote(tableName)) (\(definitions.joined(separator: ", ")), delivery_id INTEGER NOT NULL, source_line INTEGER NOT NULL);
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
        switch try database.prepare("SELECT max(\(quote(upsert.key))) FROM \(quote(tableName))").rows().first?.first {
        case .integer(let max)?: largestKey = max; largestText = nil
        case .text(let max)?: largestText = Array(max.utf8); largestKey = Int64.max
        default: largestKey = Int64.min; largestText = columns[keyColumn].type == .integer ? nil : []
        }
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS pending AS SELECT \(names) FROM \(quote(tableName)) WHERE 0; DELETE FROM pending;")
        // OR IGNORE never drops a row here (an appended key is above every stored key, and pending has no
        // constraint), but it tells SQLite that a statement of sixteen rows cannot fail half-way, which spares it
        // a statement journal: this halves the cost of appending under a rollback journal.
        let many = Array(repeating: "(\(placeholders))", count: DeliveryStore.rowsPerStatement).joined(separator: ", ")
        append = try database.prepare("INSERT OR IGNORE INTO \(quote(tableName)) (\(names)) VALUES (\(placeholders))")
        appendMany = try database.prepare("INSERT OR IGNORE INTO \(quote(tableName)) (\(names)) VALUES \(many)")
        setAside = try database.prepare("INSERT OR IGNORE INTO pending (\(names)) VALUES (\(placeholders))")
        setAsideMany = try database.prepare("INSERT OR IGNORE INTO pending (\(names)) VALUES \(many)")
        if quarantineInsert == nil { quarantineInsert = try database.prepare("INSERT INTO quarantine VALUES (?,?,?,?,?,?)") }
        appended = 0
    }

    /// Writes every row of a batch (appended, or set aside for the final upsert) and its quarantined records.
    public func write(_ batch: RowBatch) throws {

        guard let append, let setAside, let appendMany, let setAsideMany else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "no delivery begun", sql: "")
        }
        appendRows.removeAll(keepingCapacity: true)
        setAsideRows.removeAll(keepingCapacity: true)
        for row in 0..<batch.count {
            if isAboveLargestKey(batch, row) {
                appended += 1
                appendRows.append(row)
                if appendRows.count == DeliveryStore.rowsPerStatement { try insert(appendRows, of: batch, with: appendMany); appendRows.removeAll(keepingCapacity: true) }
            } else {
                setAsideRows.append(row)
                if setAsideRows.count == DeliveryStore.rowsPerStatement { try insert(setAsideRows, of: batch, with: setAsideMany); setAsideRows.removeAll(keepingCapacity: true) }
            }
        }
        // The batch is reused once this returns: what is left goes in one row at a time.
        for row in appendRows { try insert([row], of: batch, with: append) }
        for row in setAsideRows { try insert([row], of: batch, with: setAside) }
        for q in batch.quarantine {
            try quarantineInsert!.run([.text(q.source), .text(q.file), .integer(Int64(q.line)), .text(q.column), .text(q.value), .text(q.reason)])
        }
    }

    private func insert(_ rows: [Int], of batch: RowBatch, with statement: Statement) throws {
        statement.reset()
        for (slot, row) in rows.enumerated() { try statement.bind(batch, row: row, slot: slot, delivery: deliveryId) }
        _ = try statement.step()
    }

    /// Whether the row's key is above every key so far (then it is the new largest): such a row cannot
    /// replace a stored one. Keys of the other kind (an integer in a text column) never are.
    private func isAboveLargestKey(_ batch: RowBatch, _ row: Int) -> Bool {
        switch batch.kind(row, keyColumn) {
        case .integer where largestText == nil:
            let key = batch.integer(row, keyColumn)
            guard key > largestKey else { return false }
            largestKey = key
            return true
        case .text where largestText != nil:
            let key = batch.text(row, keyColumn)
            guard key.lexicographicallyPrecedes(largestText!) == false, !key.elementsEqual(largestText!) else { return false }
            largestText!.removeAll(keepingCapacity: true)
            largestText!.append(contentsOf: key)
            return true
        default:
            return false
        }
    }

    /// Upserts the rows set aside in key order, records the delivery as complete and commits.
    /// Returns the rows that changed the table (new keys and newer versions).
    @discardableResult
    public func finish(_ delivery: LoadedDelivery) throws -> Int {
        var applied = appended
        let mergeStarted = Date()
        // The rows set aside, in key order, upserted one statement each (a single-row statement needs no
        // statement journal either).
        let names = columnList.joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: columnList.count).joined(separator: ", ")
        let sorted = try database.prepare("SELECT \(names) FROM pending ORDER BY \(quote(upsert.key)), rowid")
        let upsertOne = try database.prepare("INSERT INTO \(quote(tableName)) (\(names)) VALUES (\(placeholders)) \(upsertClause())")
        try sorted.bind([])
        while try sorted.step() {
            upsertOne.reset()
            try upsertOne.bindColumns(of: sorted)
            _ = try upsertOne.step()
            applied += database.changes
        }
        mergeSeconds = Date().timeIntervalSince(mergeStarted)
        try database.execute("DELETE FROM pending")
        try database.prepare("""
            UPDATE deliveries SET sha256 = ?, bytes = ?, rows_read = ?, rows_loaded = ?, rows_quarantined = ?, complete = 1 WHERE id = ?
            """).run([.text(delivery.sha256), .integer(Int64(delivery.bytes)), .integer(Int64(delivery.read)),
                      .integer(Int64(delivery.loaded)), .integer(Int64(delivery.quarantined)), .integer(deliveryId)])
        try database.execute("COMMIT")
        commitSeconds = Date().timeIntervalSince(mergeStarted) - mergeSeconds
        append = nil; appendMany = nil
        setAside = nil; setAsideMany = nil
        return applied
    }

    /// Abandons a delivery begun but not finished.
    public func rollback() {
        append = nil; appendMany = nil
        setAside = nil; setAsideMany = nil
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
}

