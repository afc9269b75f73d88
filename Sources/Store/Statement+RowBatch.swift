import CSQLite
import MigstatCore

let SQLITE_STATIC = unsafeBitCast(0, to: sqlite3_destructor_type.self)
/// A NUL byte to point at for empty text (a null pointer would bind NULL instead).
private let emptyText: UnsafeMutablePointer<CChar> = { let p = UnsafeMutablePointer<CChar>.allocate(capacity: 1); p.pointee = 0; return p }()

extension Statement {
    func reset() { sqlite3_reset(handle) }

    /// Binds the current row of another statement's result, column by column, as its parameters.
    func bindColumns(of row: Statement) throws {
        for i in 0..<sqlite3_column_count(row.handle) {
            let rc = sqlite3_bind_value(handle, i + 1, sqlite3_column_value(row.handle, i))
            if rc != SQLITE_OK { throw SQLiteError(code: rc, message: database.lastError, sql: sql) }
        }
    }

    /// Binds one row of a batch at the statement's `slot`-th row of values (a statement may insert several
    /// rows), then the delivery and the source line after its columns. Text is bound in place
    /// (SQLITE_STATIC): the batch outlives the step that reads it.
    func bind(_ batch: RowBatch, row: Int, slot: Int = 0, delivery: Int64) throws {
        let first = Int32(slot * (batch.columns + 2) + 1)
        var rc = SQLITE_OK
        for column in 0..<batch.columns {
            let index = first + Int32(column)
            switch batch.kind(row, column) {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer: rc = sqlite3_bind_int64(handle, index, batch.integer(row, column))
            case .real: rc = sqlite3_bind_double(handle, index, batch.real(row, column))
            case .text:
                let bytes = batch.text(row, column)
                rc = sqlite3_bind_text(handle, index, bytes.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer(emptyText), Int32(bytes.count), SQLITE_STATIC)
            }
            if rc != SQLITE_OK { break }
        }
        if rc == SQLITE_OK { rc = sqlite3_bind_int64(handle, first + Int32(batch.columns), delivery) }
        if rc == SQLITE_OK { rc = sqlite3_bind_int64(handle, first + Int32(batch.columns) + 1, Int64(batch.lines[row])) }
        if rc != SQLITE_OK { throw SQLiteError(code: rc, message: database.lastError, sql: sql) }
    }
}
