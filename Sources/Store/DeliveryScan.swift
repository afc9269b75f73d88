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

/// Reads chosen columns of a stored table row by row without making Values, over a range of rowids, so that
/// several threads can each scan part of a large table on their own connection.
public final class DeliveryScan {
    let database: Database
    let statement: Statement

    public init(path: String, table: String, columns: [String]) throws {
        database = try Database(path: path)
        try database.execute("PRAGMA query_only=1; PRAGMA cache_size=-2048;")
        let list = columns.map(quotedIdentifier).joined(separator: ", ")
        statement = try database.prepare("SELECT \(list) FROM \"\(table)\" WHERE rowid BETWEEN ? AND ?")
    }

    /// The smallest and largest rowid, nil for an empty table.
    public static func rowidRange(path: String, table: String) throws -> ClosedRange<Int64>? {
        let row = try Database(path: path).prepare("SELECT min(rowid), max(rowid) FROM \"\(table)\"").rows().first
        guard let row, case .integer(let lo) = row[0], case .integer(let hi) = row[1] else { return nil }
        return lo...hi
    }

    public func scan(_ range: ClosedRange<Int64>, _ body: (ScanRow) throws -> Void) throws {
        try statement.bind([.integer(range.lowerBound), .integer(range.upperBound)])
        let row = ScanRow(handle: statement.handle)
        while try statement.step() { try body(row) }
    }
}
