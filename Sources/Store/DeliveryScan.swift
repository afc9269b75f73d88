import CSQLite
import MigstatCore

/// One row of a scan, read in place: valid only inside the callback.
public struct ScanRow {
    let handle: OpaquePointer

    public func isNull(_ column: Int) -> Bool { sqlite3_column_type(handle, Int32(column)) == SQLITE_NULL }
    public func integer(_ column: Int) -> Int64 { sqlite3_column_int64(handle, Int32(column)) }
    /// The column as text bytes (an integer is given in decimal).
    public func bytes(_ column: Int) -> UnsafeRawBufferPointer {
        guard let text = sqlite3_column_text(handle, Int32(column)) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, Int32(column))))
    }
}

/// One thread's share of a table: `count` rows in key order, after skipping `skip` of them, counted from
/// the first key (or from the last, `fromEnd`).
public struct ScanShare: Sendable {
    public var skip: Int
    public var count: Int
    public var fromEnd: Bool
}

/// Reads chosen columns of a stored table row by row without making Values, a share of its rows at a time,
/// so that several threads can each scan part of a large table on their own connection.
public final class DeliveryScan {
    let database: Database
    let ascending: Statement
    let descending: Statement

    public init(path: String, table: String, key: String, columns: [String]) throws {
        database = try Database(path: path)
        try database.execute("PRAGMA query_only=1; PRAGMA cache_size=-2048;")
        let sql = SQLiteDialect()
        let list = columns.map(sql.identifier).joined(separator: ", ")
        let k = sql.identifier(key), t = sql.identifier(table)
        // The table is ordered by its key (a WITHOUT ROWID table, or the rowid): no sort, either way; rows
        // skipped by OFFSET are stepped over, not read.
        ascending = try database.prepare("SELECT \(list) FROM \(t) ORDER BY \(k) LIMIT ? OFFSET ?")
        descending = try database.prepare("SELECT \(list) FROM \(t) ORDER BY \(k) DESC LIMIT ? OFFSET ?")
    }

    /// The table's rows cut into `parts` shares of as many rows each (one more in the first ones), whatever
    /// the spread of its keys: the first share from the first key, the last from the last key, so that two
    /// threads skip nothing; nil for an empty table. Cutting at keys interpolated between the first and the
    /// last was free but left one thread three quarters of the rows when the keys are numbers that are not
    /// zero-padded (`1`...`1920113` as text: most begin with `1`).
    public static func shares(path: String, table: String, parts: Int) throws -> [ScanShare]? {
        let t = SQLiteDialect().identifier(table)
        guard case .integer(let stored)? = try Database(path: path).prepare("SELECT count(*) FROM \(t)").rows().first?.first,
              stored > 0 else { return nil }
        let rows = Int(stored), parts = max(1, min(parts, rows))
        let sizes = (0..<parts).map { rows / parts + ($0 < rows % parts ? 1 : 0) }
        return sizes.indices.map { i in
            let before = sizes[..<i].reduce(0, +), after = rows - before - sizes[i]
            // Each share from the nearer end: fewer rows stepped over.
            return after < before ? ScanShare(skip: after, count: sizes[i], fromEnd: true)
                                  : ScanShare(skip: before, count: sizes[i], fromEnd: false)
        }
    }

    public func scan(_ share: ScanShare, _ body: (ScanRow) throws -> Void) throws {
        let statement = share.fromEnd ? descending : ascending
        try statement.bind([.integer(Int64(share.count)), .integer(Int64(share.skip))])
        let row = ScanRow(handle: statement.handle)
        while try statement.step() { try body(row) }
    }
}
