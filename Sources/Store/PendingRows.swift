import CSQLite
import Foundation
import MigstatCore

/// Rows that may replace a stored version, held back so that they are upserted together in key order: a
/// pass then visits the table's pages once each, in order, instead of one random page per row.
///
/// Rows are packed into one buffer, about the size of their CSV line, and bound to the upsert straight from
/// it: per column a header byte — null, an integer or a real (8 bytes follow), a text of up to 250 bytes (its
/// length is in the header), or a longer text (a 4-byte length follows) — then the text. The fewer bytes a row
/// takes, the more rows a pass holds, and the fewer passes over the table.
final class PendingRows {
    private struct Row {
        var offset: Int
        var line: Int
        /// The key: an integer, or the bytes of its text in `buffer`.
        var integerKey: Int64
        var keyStart: UInt32
        var keyLength: UInt32
    }

    private enum Header {
        static let null: UInt8 = 0, integer: UInt8 = 1, real: UInt8 = 2, longText: UInt8 = 3
        /// A text of length n < 252 has the header 4 + n.
        static let shortText: UInt8 = 4
        static let shortLimit = 252
    }

    let columns: Int
    let keyColumn: Int
    /// Whether keys sort as integers (an INTEGER key column) or as text, byte by byte like SQLite's BINARY.
    let integerKeys: Bool
    private var rows: [Row] = []
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 0

    /// `bytes`: the rows' memory, allocated at once (the pages are only taken as rows fill them), so that it
    /// is not copied as it grows; one row larger than the rest still fits.
    init(columns: Int, keyColumn: Int, integerKeys: Bool, bytes: Int) {
        self.columns = columns; self.keyColumn = keyColumn; self.integerKeys = integerKeys
        capacity = bytes
        buffer = .allocate(byteCount: capacity, alignment: 8)
        rows.reserveCapacity(bytes / 128)
    }

    deinit { buffer.deallocate() }

    var count: Int { rows.count }
    /// The memory the rows take.
    var byteCount: Int { used + rows.count * MemoryLayout<Row>.stride }

    func removeAll() {
        rows.removeAll(keepingCapacity: true)
        used = 0
    }

    /// Copies one row of a batch.
    func append(_ batch: RowBatch, row: Int) {
        let start = used
        var key = Row(offset: start, line: batch.lines[row], integerKey: 0, keyStart: 0, keyLength: 0)
        for column in 0..<columns {
            let kind = batch.kind(row, column)
            switch kind {
            case .null:
                put(byte: Header.null)
            case .integer, .real:
                let bits = kind == .integer ? batch.integer(row, column) : Int64(bitPattern: batch.real(row, column).bitPattern)
                put(byte: kind == .integer ? Header.integer : Header.real)
                put(bits)
                if column == keyColumn { key.integerKey = bits }
            case .text:
                let text = batch.text(row, column)
                if text.count < Header.shortLimit {
                    put(byte: Header.shortText + UInt8(text.count))
                } else {
                    put(byte: Header.longText)
                    put(UInt32(text.count))
                }
                if column == keyColumn { key.keyStart = UInt32(used); key.keyLength = UInt32(text.count) }
                put(text)
            }
        }
        // An integer key in a text column is stored by SQLite as its decimal text, and sorts as such.
        if !integerKeys && batch.kind(row, keyColumn) != .text {
            let text = Array(String(key.integerKey).utf8)
            key.keyStart = UInt32(used); key.keyLength = UInt32(text.count)
            text.withUnsafeBytes { put($0) }
        }
        rows.append(key)
    }

    /// Row indices in key order; rows with the same key stay in the order they came.
    func keyOrder() -> [Int] {
        var order = Array(0..<rows.count)
        rows.withUnsafeBufferPointer { rows in
            if integerKeys {
                order.sort { a, b in
                    rows[a].integerKey != rows[b].integerKey ? rows[a].integerKey < rows[b].integerKey : a < b
                }
            } else {
                let base = buffer
                order.sort { a, b in
                    let x = rows[a], y = rows[b]
                    let c = memcmp(base + Int(x.keyStart), base + Int(y.keyStart), Int(min(x.keyLength, y.keyLength)))
                    if c != 0 { return c < 0 }
                    return x.keyLength != y.keyLength ? x.keyLength < y.keyLength : a < b
                }
            }
        }
        return order
    }

    /// Writes the rows in key order (rows with the same key in the order they came) as one sorted run: per row
    /// its line, integer key, key offset and length within its bytes, the bytes' length, then the bytes.
    func writeRun(to file: RunFile) throws {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 18)
        for index in keyOrder() {
            if out.count >= 1 << 18 { try file.append(out); out.removeAll(keepingCapacity: true) }
            let row = rows[index]
            let end = index + 1 < rows.count ? rows[index + 1].offset : used
            withUnsafeBytes(of: Int64(row.line)) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: row.integerKey) { out.append(contentsOf: $0) }
            // An integer key has no bytes to point at.
            withUnsafeBytes(of: UInt32(row.keyLength == 0 ? 0 : Int(row.keyStart) - row.offset)) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: row.keyLength) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: UInt32(end - row.offset)) { out.append(contentsOf: $0) }
            out.append(contentsOf: UnsafeRawBufferPointer(start: buffer + row.offset, count: end - row.offset))
        }
        try file.append(out)
        try file.endRun()
    }

    /// Binds one row's bytes as the statement's parameters: its columns, then the delivery and its line. Text
    /// is bound in place: the bytes are not touched until the statement has run.
    static func bind(_ bytes: UnsafeRawPointer, columns: Int, line: Int, to statement: Statement, delivery: Int64) throws {
        let handle = statement.handle
        var at = 0
        var rc = SQLITE_OK
        for column in 0..<columns where rc == SQLITE_OK {
            let parameter = Int32(column + 1)
            let header = bytes.load(fromByteOffset: at, as: UInt8.self)
            at += 1
            switch header {
            case Header.null:
                rc = sqlite3_bind_null(handle, parameter)
            case Header.integer:
                rc = sqlite3_bind_int64(handle, parameter, bytes.loadUnaligned(fromByteOffset: at, as: Int64.self))
                at += 8
            case Header.real:
                rc = sqlite3_bind_double(handle, parameter, Double(bitPattern: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
                at += 8
            default:
                var length = Int(header - Header.shortText)
                if header == Header.longText {
                    length = Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                    at += 4
                }
                rc = sqlite3_bind_text(handle, parameter, (bytes + at).assumingMemoryBound(to: CChar.self), Int32(length), SQLITE_STATIC)
                at += length
            }
        }
        if rc == SQLITE_OK { rc = sqlite3_bind_int64(handle, Int32(columns + 1), delivery) }
        if rc == SQLITE_OK { rc = sqlite3_bind_int64(handle, Int32(columns + 2), Int64(line)) }
        if rc != SQLITE_OK { throw SQLiteError(code: rc, message: statement.database.lastError, sql: statement.sql) }
    }

    private func reserve(_ bytes: Int) {
        guard used + bytes > capacity else { return }
        capacity = max(capacity * 2, used + bytes)
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        bigger.copyMemory(from: buffer, byteCount: used)
        buffer.deallocate()
        buffer = bigger
    }

    private func put(byte: UInt8) {
        reserve(1)
        buffer.storeBytes(of: byte, toByteOffset: used, as: UInt8.self)
        used += 1
    }

    private func put(_ value: Int64) {
        reserve(8)
        buffer.storeBytes(of: value, toByteOffset: used, as: Int64.self)
        used += 8
    }

    private func put(_ value: UInt32) {
        reserve(4)
        buffer.storeBytes(of: value, toByteOffset: used, as: UInt32.self)
        used += 4
    }

    private func put(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        if let base = bytes.baseAddress, bytes.count > 0 { (buffer + used).copyMemory(from: base, byteCount: bytes.count) }
        used += bytes.count
    }
}
