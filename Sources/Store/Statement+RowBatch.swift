import CSQLite
import MigstatCore

let SQLITE_STATIC = unsafeBitCast(0, to: sqlite3_destructor_type.self)
/// A NUL byte to point at for empty text (a null pointer would bind NULL instead).
private let emptyText: UnsafeMutablePointer<CChar> = { let p = UnsafeMutablePointer<CChar>.allocate(capacity: 1); p.pointee = 0; return p }()

extension Statement {
    /// Binds one row of a batch, then `extra` integers after its columns. Text is bound in place
    /// (SQLITE_STATIC): the batch outlives the step that reads it.
    func bind(_ batch: RowBatch, row: Int, extra: [Int64]) throws {
        sqlite3_reset(handle)
        for column in 0..<batch.columns {
            let index = Int32(column + 1)
            let rc: Int32
            switch batch.kind(row, column) {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer: rc = sqlite3_bind_int64(handle, index, batch.integer(row, column))
            case .real: rc = sqlite3_bind_double(handle, index, batch.real(row, column))
            case .text:
                let bytes = batch.text(row, column)
                rc = sqlite3_bind_text(handle, index, bytes.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer(emptyText), Int32(bytes.count), SQLITE_STATIC)
            }
            if rc != SQLITE_OK { throw SQLiteError(code: rc, message: database.lastError, sql: sql) }
        }
        for (i, value) in extra.enumerated() {
            let rc = sqlite3_bind_int64(handle, Int32(batch.columns + i + 1), value)
            if rc != SQLITE_OK { throw SQLiteError(code: rc, message: database.lastError, sql: sql) }
        }
    }
}
