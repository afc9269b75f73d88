import CLibPQ
import Foundation

/// Rows in the text format of `COPY … FROM STDIN`: fields separated by tabs, rows ended by a newline, NULL as
/// `\N`, and in a value a backslash, tab, newline and carriage return escaped (`\\`, `\t`, `\n`, `\r`), so that
/// any text, an empty one included, reads back as it was. Encoded into one growing buffer, without a String
/// per field.
public final class CopyRows {
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    public private(set) var byteCount = 0
    public private(set) var rowCount = 0
    private var fieldsInRow = 0

    public init(capacity: Int = CopyInWriter.chunkBytes + 4096) {
        self.capacity = capacity
        bytes = .allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    /// A text value, escaped.
    public func text(_ value: UnsafeRawBufferPointer) {
        separate(reserving: value.count * 2)
        var at = byteCount
        for b in value {
            switch b {
            case 0x5C: bytes[at] = 0x5C; bytes[at + 1] = 0x5C; at += 2                  // \ → \\
            case 0x09: bytes[at] = 0x5C; bytes[at + 1] = UInt8(ascii: "t"); at += 2     // tab
            case 0x0A: bytes[at] = 0x5C; bytes[at + 1] = UInt8(ascii: "n"); at += 2     // newline
            case 0x0D: bytes[at] = 0x5C; bytes[at + 1] = UInt8(ascii: "r"); at += 2     // carriage return
            default: bytes[at] = b; at += 1
            }
        }
        byteCount = at
    }

    public func text(_ value: String) {
        var value = value
        value.withUTF8 { text(UnsafeRawBufferPointer($0)) }
    }

    public func integer(_ value: Int64) {
        separate(reserving: 20)
        if value < 0 { bytes[byteCount] = UInt8(ascii: "-"); byteCount += 1 }
        var magnitude = value.magnitude, digits = 0
        repeat { digits += 1; magnitude /= 10 } while magnitude > 0
        magnitude = value.magnitude
        for i in stride(from: digits - 1, through: 0, by: -1) {
            bytes[byteCount + i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        }
        byteCount += digits
    }

    /// A double as the shortest text that reads back as the same value (`float8in` reads Swift's spelling,
    /// `inf` and `nan` included).
    public func real(_ value: Double) { text(value.description) }

    public func null() {
        separate(reserving: 2)
        bytes[byteCount] = 0x5C; bytes[byteCount + 1] = UInt8(ascii: "N")
        byteCount += 2
    }

    public func endRow() {
        reserve(1)
        bytes[byteCount] = 0x0A
        byteCount += 1
        rowCount += 1
        fieldsInRow = 0
    }

    public func removeAll() { byteCount = 0; rowCount = 0; fieldsInRow = 0 }

    /// Room for a field of up to `count` encoded bytes, after the tab that separates it from the previous one.
    private func separate(reserving count: Int) {
        reserve(count + 1)
        if fieldsInRow > 0 { bytes[byteCount] = 0x09; byteCount += 1 }
        fieldsInRow += 1
    }

    private func reserve(_ count: Int) {
        guard byteCount + count > capacity else { return }
        capacity = max(capacity * 2, byteCount + count)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.update(from: bytes, count: byteCount)
        bytes.deallocate()
        bytes = bigger
    }
}

/// A `COPY … FROM STDIN` in progress on a connection: rows are encoded into `rows` and sent in chunks of
/// about 64 KB (`PQputCopyData` per chunk, not per row), so that the server parses while the client encodes.
/// Until it finishes or aborts, the connection runs nothing else.
public final class CopyInWriter {
    /// The size of the chunks sent: large enough that a call's cost is small, small enough to keep the
    /// server busy while the next chunk is encoded.
    public static let chunkBytes = 64 << 10
    public let rows = CopyRows()
    let connection: PostgresConnection
    let sql: String
    public private(set) var rowsSent = 0

    init(connection: PostgresConnection, sql: String) { self.connection = connection; self.sql = sql }

    /// Sends what is buffered once it fills a chunk; call after each row (or batch of rows).
    public func sendIfFull() throws {
        if rows.byteCount >= CopyInWriter.chunkBytes { try send(rows) }
    }

    /// Sends every row of `other` (encoded elsewhere, e.g. held while another COPY ran) and empties it.
    public func send(_ other: CopyRows) throws {
        var at = 0
        while at < other.byteCount {
            let n = min(other.byteCount - at, Int(Int32.max))
            let ok = (other.bytes + at).withMemoryRebound(to: CChar.self, capacity: n) { PQputCopyData(connection.handle, $0, Int32(n)) }
            guard ok == 1 else { throw connection.lastError(sql: sql) }
            at += n
        }
        rowsSent += other.rowCount
        other.removeAll()
    }

    /// Sends the rest and ends the COPY; the server's verdict on every row comes here.
    public func finish() throws {
        defer { connection.copying = false }
        try send(rows)
        guard PQputCopyEnd(connection.handle, nil) == 1 else { throw connection.lastError(sql: sql) }
        try drain()
    }

    /// Ends the COPY with an error, which discards its rows (and fails the transaction around it).
    public func abort() {
        defer { connection.copying = false }
        rows.removeAll()
        if PQputCopyEnd(connection.handle, "abandoned by migstat") == 1 { try? drain() }
    }

    /// Reads the results until the last: the first failure is thrown.
    private func drain() throws {
        var failure: PostgresError?
        while let result = PQgetResult(connection.handle) {
            if failure == nil { failure = connection.failure(result, sql: sql) }
            PQclear(result)
            if PQstatus(connection.handle) != CONNECTION_OK { break }
        }
        if let failure { throw failure }
    }
}
