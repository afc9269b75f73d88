import Foundation
import MigstatCore

/// Rows that may replace a stored version, held back so that they are upserted in key order once the delivery
/// is read: the upsert then visits the table's pages once each, in order, instead of one random page per row.
///
/// Rows are packed into one buffer, about the size of their CSV line: per column a header byte — null, an
/// integer or a real (8 bytes follow), a text of up to 250 bytes (its length is in the header), or a longer
/// text (a 4-byte length follows) — then the text. When the buffer is full its rows are sorted by key and
/// written out as a run (`RunFile`); the fewer bytes a row takes, the fewer runs to merge. One thread fills and
/// writes it, per row: its state skips the dynamic exclusivity checks.
final class PendingRows {
    private struct Row {
        var offset: Int
        var length: Int
        var line: Int
        var version: Int64
        /// The key: an integer, or the bytes of its text in `buffer`; and its prefix, which orders most keys.
        var integerKey: Int64
        var keyStart: UInt32
        var keyLength: UInt32
        var prefix: KeyPrefix
    }

    enum Header {
        static let null: UInt8 = 0, integer: UInt8 = 1, real: UInt8 = 2, longText: UInt8 = 3
        /// A text of length n < 252 has the header 4 + n.
        static let shortText: UInt8 = 4
        static let shortLimit = 252
    }

    let columns: Int
    let keyColumn: Int
    /// Whether keys sort as integers (an INTEGER key column) or as text, byte by byte like SQLite's BINARY.
    let integerKeys: Bool
    @exclusivity(unchecked) private var rows: [Row] = []
    @exclusivity(unchecked) private var buffer: UnsafeMutableRawPointer
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var used = 0
    private let headerBytes = UnsafeMutableRawPointer.allocate(byteCount: RunCursor.header, alignment: 8)

    /// `bytes`: the rows' memory, allocated at once (the pages are only taken as rows fill them), so that it
    /// is not copied as it grows; one row larger than the rest still fits.
    init(columns: Int, keyColumn: Int, integerKeys: Bool, bytes: Int) {
        self.columns = columns; self.keyColumn = keyColumn; self.integerKeys = integerKeys
        capacity = bytes
        buffer = .allocate(byteCount: capacity, alignment: 8)
        rows.reserveCapacity(bytes / 128)
    }

    deinit { buffer.deallocate(); headerBytes.deallocate() }

    var count: Int { rows.count }
    /// The memory the rows take.
    var byteCount: Int { used + rows.count * MemoryLayout<Row>.stride }

    func removeAll() {
        rows.removeAll(keepingCapacity: true)
        used = 0
    }

    /// Empties the buffer and gives its pages back to the system (they come back, zeroed, when rows fill them
    /// again): while the runs are merged the buffer is idle, and a large delivery's merge needs the memory.
    func removeAllReleasingMemory() {
        removeAll()
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: buffer) + page - 1) / page * page
        let end = (Int(bitPattern: buffer) + capacity) / page * page
        if end > start { madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED) }
    }

    /// Copies one row of a batch, with its version (UpsertRule).
    func append(_ batch: RowBatch, row: Int, version: Int64) {
        let start = used
        var key = Row(offset: start, length: 0, line: batch.lines[row], version: version, integerKey: 0, keyStart: 0, keyLength: 0,
                      prefix: KeyPrefix(integer: 0))
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
        key.length = used - start
        key.prefix = integerKeys ? KeyPrefix(integer: key.integerKey) : KeyPrefix(text: keyText(key))
        rows.append(key)
    }

    private func keyText(_ row: Row) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: buffer + Int(row.keyStart), count: Int(row.keyLength))
    }

    /// Sorts the rows by key (rows with the same key in any order: the upsert keeps the newest).
    func sortByKey() {
        rows.sort { a, b in KeyPrefix.precedes(a.prefix, keyText(a), b.prefix, keyText(b)) }
    }

    /// Writes the rows in key order as one sorted run: per row its line, integer key, key offset and length
    /// within its bytes, the bytes' length, its version, then the bytes (RunCursor reads them).
    func writeRun(to file: RunFile) throws {
        sortByKey()
        try writeRows(to: file)
        try file.endRun()
    }

    /// Writes the rows in the order they came, continuing the file's last run (rows that already ascend: the
    /// appended ones, `DeliveryStore.finalRows`).
    func writeRows(to file: RunFile) throws {
        let capacity = 1 << 18
        let out = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { out.deallocate() }
        var filled = 0
        for row in rows {
            let size = RunCursor.header + row.length
            if filled + size > capacity {
                try file.append(UnsafeRawBufferPointer(start: out, count: filled)); filled = 0
            }
            if size > capacity {   // a row larger than the buffer goes out in two writes
                try file.append(header(row))
                try file.append(UnsafeRawBufferPointer(start: buffer + row.offset, count: row.length))
                continue
            }
            header(row).withUnsafeBytes { (out + filled).copyMemory(from: $0.baseAddress!, byteCount: RunCursor.header) }
            (out + filled + RunCursor.header).copyMemory(from: buffer + row.offset, byteCount: row.length)
            filled += size
        }
        try file.append(UnsafeRawBufferPointer(start: out, count: filled))
    }

    /// A row's header in a run (RunCursor.header bytes).
    private func header(_ row: Row) -> UnsafeRawBufferPointer {
        headerBytes.storeBytes(of: Int64(row.line), toByteOffset: 0, as: Int64.self)
        headerBytes.storeBytes(of: row.integerKey, toByteOffset: 8, as: Int64.self)
        // An integer key has no bytes to point at.
        headerBytes.storeBytes(of: UInt32(row.keyLength == 0 ? 0 : Int(row.keyStart) - row.offset), toByteOffset: 16, as: UInt32.self)
        headerBytes.storeBytes(of: row.keyLength, toByteOffset: 20, as: UInt32.self)
        headerBytes.storeBytes(of: UInt32(row.length), toByteOffset: 24, as: UInt32.self)
        headerBytes.storeBytes(of: row.version, toByteOffset: 28, as: Int64.self)
        return UnsafeRawBufferPointer(start: headerBytes, count: RunCursor.header)
    }

    /// Copies one row's bytes back into a batch, as its next row.
    static func decode(_ bytes: UnsafeRawPointer, columns: Int, line: Int, into batch: RowBatch) {
        batch.beginRow()
        forEachCell(bytes, columns: columns) { column, header, start, length in
            switch header {
            case Header.null: batch.setNull(column)
            case Header.integer: batch.setInteger(column, bytes.loadUnaligned(fromByteOffset: start, as: Int64.self))
            case Header.real: batch.setReal(column, Double(bitPattern: bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self)))
            default: batch.setText(column, UnsafeRawBufferPointer(start: bytes + start, count: length))
            }
        }
        batch.commitRow(line: line)
    }

    /// The one reader of the packed layout: each cell's column, header, and where its value starts and how long
    /// it is (8 for a number, 0 for a null) in a packed row; `PackedRow` and `decode` are built on it.
    @inline(__always)
    static func forEachCell(_ bytes: UnsafeRawPointer, columns: Int, _ body: (_ column: Int, _ header: UInt8, _ start: Int, _ length: Int) -> Void) {
        var at = 0
        for column in 0..<columns {
            let header = bytes.load(fromByteOffset: at, as: UInt8.self)
            at += 1
            var length: Int
            switch header {
            case Header.null: length = 0
            case Header.integer, Header.real: length = 8
            case Header.longText:
                length = Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                at += 4
            default: length = Int(header - Header.shortText)
            }
            body(column, header, at, length)
            at += length
        }
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
