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

/// The store side of a delivery table (the registry): one row per key, the newest version by `UpsertRule`.
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
/// so far is appended while the delivery is read; any other row, which may replace a stored version, is held
/// back: sorted by key in runs on disk as the buffer fills (`PendingRows`, `RunFile`), and once the last row is
/// read, the runs are merged once and upserted in key order, so that the upsert visits the table's pages once
/// each, in order: O(n log n) in the delivery, whatever order its keys come in. SQLite reads every row in place
/// from a batch (`migstat_rows`, CBatchTable). A thread of its own starts writing the file's pages to disk
/// (`Writeback`).
public final class DeliveryStore: ObservableDeliverySink {
    public let database: Database
    public let tableName: String
    let source: String
    let columns: [ColumnConfig]
    let upsert: UpsertConfig
    let keyColumn: Int
    /// Every statement about the table and its deliveries, in SQLite's words.
    let tables: DeliverySchema
    /// The rows of a batch listed in `batchRows`, read in place through the virtual table `migstat_rows`, are
    /// appended (`append`: their keys are above every stored key) or upserted (`upsertRows`: merged held-back rows).
    /// Kept: binding each value instead cost SQLite's thread 3.2 s more CPU at 5 M rows (a third more), over a tenth of the load.
    private var append: Statement?
    private var upsertRows: Statement?
    private let batchRows: UnsafeMutablePointer<migstat_batch_rows>
    private var selectedRows: [Int32] = []
    private var versions: [Int64] = []
    /// Held-back rows: the buffer, and the runs it was written out as (deleted with the file when done).
    private let held: PendingRows
    private let heldBackBytes: Int
    private var runs: RunFile?
    private let runsPath: String
    /// The buffer rows are held back in before it is sorted and written out as a run (the load's memory for them).
    public static let defaultHeldBackBytes = 16 << 20
    private var writeback: Writeback?
    /// Sees the table's rows as the merge after the last row emits them, when the table was empty before the
    /// delivery (`observed`): the rows appended while it was read are then kept as one more run (they ascend),
    /// merged with the held-back rows, so that the merge emits every row of the table once, its newest version.
    public var finalRows: FinalRowObserver?
    /// Whether `finalRows` saw the whole table as the last delivery left it.
    public private(set) var observed = false
    private var observing = false
    private var appended: AppendedRows?
    private var quarantineInsert: Statement?
    private var deliveryId: Int64 = 0
    /// The delivery being loaded.
    private var file = ""
    /// The largest key stored so far: an integer, or text compared byte by byte as SQLite does (BINARY).
    private let largest: LargestKey
    /// Rows that changed the table so far in this delivery.
    private var applied = 0
    /// The last delivery's rows held back and the runs they made; its merge and upsert of them after the last
    /// row was read, and its commit (the fsync), in seconds.
    public private(set) var heldBackRows = 0
    public private(set) var runCount = 0
    public private(set) var mergeSeconds = 0.0
    public private(set) var commitSeconds = 0.0

    public init(path: String, source: String, tableName: String, columns: [ColumnConfig], upsert: UpsertConfig,
                heldBackBytes: Int = DeliveryStore.defaultHeldBackBytes) throws {
        database = try Database(path: path)
        self.source = source; self.tableName = tableName; self.columns = columns; self.upsert = upsert
        keyColumn = columns.firstIndex { $0.name == upsert.key } ?? 0
        tables = DeliverySchema(SQLiteDialect(), source: source, tableName: tableName, columns: columns, upsert: upsert)
        largest = LargestKey(textKeys: columns[keyColumn].type != .integer)
        self.heldBackBytes = heldBackBytes
        runsPath = path + ".held"
        // One row larger than the rest still fits.
        held = PendingRows(columns: columns.count, keyColumn: keyColumn, integerKeys: columns[keyColumn].type == .integer,
                           bytes: heldBackBytes + (1 << 20))
        // page_size applies to a new file only: large pages mean fewer to split, write and read back, and fewer
        // for the exhibits' scans. The cache bounds the memory of a load whatever its size; it is small because
        // appends touch only the table's last pages and the merged upsert walks it in key order.
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

    /// Creates what is missing. A table declared otherwise before (other columns, another key: a store carried
    /// over from an earlier pipeline.json) is dropped with its deliveries: every delivery is then loaded again.
    /// Changes of migstat's own layout are `StoreLayout`'s steps, not this.
    private func createSchema() throws {
        try StoreLayout.migrate(database)
        for statement in tables.createBookkeeping { try database.execute(statement) }
        let recorded = try database.prepare(tables.selectDeclaration).rows([.text(tableName)]).first?.first
        if let recorded, recorded != .text(tables.declaration) {
            try database.transaction {
                try database.execute(tables.dropTable)
                try database.prepare(tables.forgetDeliveries).run([.text(tableName)])
                try database.prepare(tables.forgetQuarantine).run([.text(source)])
            }
        }
        try database.execute(tables.createTable)
        try database.create(RunTables.quarantine)
        try database.prepare(tables.recordDeclaration).run([.text(tableName), .text(tables.declaration)])
    }

    /// The deliveries completely loaded, by file name.
    public func loadedDeliveries() throws -> [LoadedDelivery] {
        try database.prepare(tables.selectLoadedDeliveries).rows([.text(tableName)]).map(DeliverySchema.loadedDelivery)
    }

    /// Starts loading a delivery in a transaction of its own; its earlier quarantine (if reloaded) is dropped.
    public func begin(file: String) throws {
        self.file = file
        try database.execute("BEGIN IMMEDIATE")
        deliveryId = try database.prepare(tables.beginDelivery).rows([.text(source), .text(tableName), .text(file)])
            .first?.first.flatMap { if case .integer(let i) = $0 { return i } else { return nil } } ?? 0
        try database.prepare(tables.forgetFileQuarantine).run([.text(source), .text(file)])
        let largestStored = try database.prepare(tables.selectLargestKey).rows().first?.first
        largest.reset(to: largestStored)
        observing = finalRows != nil && (largestStored == nil || largestStored == .null)
        observed = false
        if observing && appended == nil {
            appended = AppendedRows(columns: columns.count, keyColumn: keyColumn, integerKeys: columns[keyColumn].type == .integer,
                                    path: runsPath + "-appended")
        }
        appended?.removeAll()
        // Both read the batch in place: the appended rows' keys are above every stored key, the upserted ones
        // are the merged held-back rows. The delivery's id is a constant of the statements: a column fewer to read per row.
        let rows = "SELECT " + (0..<columns.count).map { "c\($0)" }.joined(separator: ", ") + ", version, \(deliveryId), line FROM temp.migstat_rows"
        append = try database.prepare(tables.insert(rows))
        upsertRows = try database.prepare(tables.upsert(rows))
        batchRows.pointee.delivery = deliveryId
        if quarantineInsert == nil { quarantineInsert = try database.prepare(tables.insertQuarantine) }
        held.removeAll(); runs = nil
        applied = 0; heldBackRows = 0; runCount = 0
        mergeSeconds = 0
        writeback = Writeback(path: database.path)
    }

    /// Writes every row of a batch (appended, or held back for the merged upsert) and its quarantined records.
    public func write(_ batch: RowBatch) throws {
        guard let append else { throw SQLiteError(code: SQLITE_MISUSE, message: "no delivery begun", sql: "") }
        versions.removeAll(keepingCapacity: true)
        selectedRows.removeAll(keepingCapacity: true)
        for row in 0..<batch.count {
            versions.append(try tables.version(batch, row: row, file: file))
            if largest.admits(batch, row, column: keyColumn) {
                selectedRows.append(Int32(row))
                if observing { appended!.append(batch, row: row, version: versions[row]) }
            } else {
                held.append(batch, row: row, version: versions[row])
                heldBackRows += 1
            }
        }
        try run(append, on: batch)
        if held.byteCount >= heldBackBytes { try spill() }
        if observing {
            if appended!.worthKeeping(heldBack: heldBackRows) { try appended!.flush() } else { observing = false; appended!.removeAll() }
        }
        for q in batch.quarantine {
            try quarantineInsert!.run([.text(q.source), .text(q.file), .integer(Int64(q.line)), .text(q.column), .text(q.value), .text(q.reason)])
        }
    }

    /// Runs `statement` over the batch's `selectedRows`, with `versions` (one per batch row), read in place.
    private func run(_ statement: Statement, on batch: RowBatch) throws {
        guard !selectedRows.isEmpty else { return }
        try batch.withStorage { kinds, values, lengths, text, lines in
            try selectedRows.withUnsafeBufferPointer { rows in
                try versions.withUnsafeBufferPointer { versions in
                    batchRows.pointee.kinds = kinds; batchRows.pointee.values = values; batchRows.pointee.lengths = lengths
                    batchRows.pointee.text = text; batchRows.pointee.lines = lines; batchRows.pointee.versions = versions.baseAddress
                    batchRows.pointee.rows = rows.baseAddress; batchRows.pointee.count = Int32(rows.count)
                    defer { batchRows.pointee.count = 0 }
                    statement.reset()
                    _ = try statement.step()
                    applied += database.changes
                }
            }
        }
    }

    /// Sorts the rows held back by key and writes them out as a run.
    private func spill() throws {
        guard held.count > 0 else { return }
        if runs == nil { runs = try RunFile(path: runsPath) }
        try held.writeRun(to: runs!)
        runCount += 1
        held.removeAll()
    }

    /// Merges the runs of held-back rows and upserts them in key order, a batch at a time: a thread of its own
    /// merges and unpacks the next batches (on the core the reader has left) while SQLite upserts this one.
    /// When observing, the appended rows are merged too, and every row of the table goes to `finalRows`.
    private func upsertHeldBack() throws {
        try spill()
        held.removeAllReleasingMemory()
        let appendedRun = observing ? try appended!.run() : nil
        if observing { try finalRows!.begin(rows: appended!.count + heldBackRows) }
        defer { self.runs = nil; appended?.removeAll() }
        guard let upsertRows, runs != nil || appendedRun != nil else {
            if observing { try finalRows!.end(); observed = true }
            return
        }
        let merged = MergedRuns(runs: runs, columns: columns.count, integerKeys: columns[keyColumn].type == .integer,
                                appended: appendedRun, observer: observing ? finalRows : nil)
        merged.start()
        var failure: Error?
        while let slot = merged.full.take() {
            if failure == nil {
                selectedRows = Array(0..<Int32(slot.batch.count))
                versions = slot.versions
                do { try run(upsertRows, on: slot.batch) } catch { failure = error; merged.free.close() }
            }
            slot.reset()
            merged.free.put(slot)
        }
        merged.done.wait()
        if let error = failure ?? merged.failure { throw error }
        observed = observing
    }

    /// Upserts the rows held back, records the delivery as complete and commits.
    /// Returns the rows that changed the table (new keys and newer versions).
    @discardableResult
    public func finish(_ delivery: LoadedDelivery) throws -> Int {
        let mergeStarted = Date()
        try upsertHeldBack()
        mergeSeconds = Date().timeIntervalSince(mergeStarted)
        try database.prepare(tables.finishDelivery).run(DeliverySchema.finishValues(delivery, id: deliveryId))
        writeback?.stop(); writeback = nil
        try database.execute("COMMIT")
        commitSeconds = Date().timeIntervalSince(mergeStarted) - mergeSeconds
        append = nil; upsertRows = nil
        return applied
    }

    /// Abandons a delivery begun but not finished.
    public func rollback() {
        append = nil; upsertRows = nil
        held.removeAll(); runs = nil
        appended?.removeAll(); observed = false
        writeback?.stop(); writeback = nil
        try? database.execute("ROLLBACK")
    }

    /// Empties the table, its deliveries and their quarantine (a changed or removed delivery means a full reload).
    public func clear() throws {
        try database.transaction {
            try database.execute(tables.emptyTable)
            try database.prepare(tables.forgetDeliveries).run([.text(tableName)])
            try database.prepare(tables.forgetQuarantine).run([.text(source)])
        }
    }
}

