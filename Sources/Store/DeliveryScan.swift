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

/// One thread's share of a table: the keys from `lower` (inclusive) to below `upper` (nil: to the last key).
public struct KeyRange: Sendable {
    public var lower: Value
    public var upper: Value?
}

/// Reads chosen columns of a stored table row by row without making Values, over a range of keys, so that
/// several threads can each scan part of a large table on their own connection.
public final class DeliveryScan {
    let database: Database
    let bounded: Statement
    let open: Statement

    public init(path: String, table: String, key: String, columns: [String]) throws {
        database = try Database(path: path)
        try database.execute("PRAGMA query_only=1; PRAGMA cache_size=-2048;")
        let sql = SQLiteDialect()
        let list = columns.map(sql.identifier).joined(separator: ", ")
        let k = sql.identifier(key), t = sql.identifier(table)
        bounded = try database.prepare("SELECT \(list) FROM \(t) WHERE \(k) >= ? AND \(k) < ?")
        open = try database.prepare("SELECT \(list) FROM \(t) WHERE \(k) >= ?")
    }

    /// The table's keys cut into `parts` ranges of about as many rows each when its keys are spread evenly
    /// (the cuts are interpolated between the first and last key, found in the index at no cost); nil for
    /// an empty table.
    public static func keyRanges(path: String, table: String, key: String, parts: Int) throws -> [KeyRange]? {
        let k = SQLiteDialect().identifier(key), t = SQLiteDialect().identifier(table)
        let database = try Database(path: path)
        // Two queries: SQLite reads min() or max() from the end of the index only when it is alone in its query.
        let first = try database.prepare("SELECT min(\(k)) FROM \(t)").rows().first?.first ?? .null
        let last = try database.prepare("SELECT max(\(k)) FROM \(t)").rows().first?.first ?? .null
        guard first != .null else { return nil }
        let cuts = (1..<max(1, parts)).compactMap { interpolate(first, last, Double($0) / Double(parts)) }
        let lowers = [first] + cuts
        return lowers.indices.map { KeyRange(lower: lowers[$0], upper: $0 + 1 < lowers.count ? lowers[$0 + 1] : nil) }
    }

    /// Rows loaded into the table by its complete deliveries: at least as many as it holds.
    public static func rowsLoaded(path: String, table: String) throws -> Int {
        let row = try Database(path: path).prepare(DeliverySchema.selectRowsLoaded(SQLiteDialect()))
            .rows([.text(table)]).first
        if case .integer(let n)? = row?.first { return Int(n) }
        return 0
    }

    /// A key a fraction of the way from `low` to `high`: between integers, or between texts read as numbers
    /// in base 128 after their common prefix (so that the cut is ASCII, hence valid text).
    static func interpolate(_ low: Value, _ high: Value, _ fraction: Double) -> Value? {
        switch (low, high) {
        case (.integer(let a), .integer(let b)):
            let cut = a + Int64((Double(b) - Double(a)) * fraction)
            return cut > a && cut <= b ? .integer(cut) : nil
        case (.text(let a), .text(let b)):
            let x = Array(a.utf8), y = Array(b.utf8)
            var prefix = 0
            while prefix < min(x.count, y.count) && x[prefix] == y[prefix] { prefix += 1 }
            let width = 7   // 49 bits: exact in a Double
            func number(_ bytes: [UInt8]) -> Double {
                (0..<width).reduce(0.0) { $0 * 128 + Double(prefix + $1 < bytes.count ? min(bytes[prefix + $1], 127) : 0) }
            }
            var value = (number(x) + (number(y) - number(x)) * fraction).rounded(.down)
            var digits = [UInt8](repeating: 0, count: width)
            for i in (0..<width).reversed() { digits[i] = UInt8(value.truncatingRemainder(dividingBy: 128)); value = (value / 128).rounded(.down) }
            while digits.last == 0 { digits.removeLast() }
            let cut = Array(x[..<prefix]) + digits
            // Only a cut strictly between the ends is of use.
            guard x.lexicographicallyPrecedes(cut), cut.lexicographicallyPrecedes(y) else { return nil }
            return .text(String(decoding: cut, as: UTF8.self))
        default:
            return nil
        }
    }

    public func scan(_ range: KeyRange, _ body: (ScanRow) throws -> Void) throws {
        let statement = range.upper == nil ? open : bounded
        try statement.bind([range.lower] + (range.upper.map { [$0] } ?? []))
        let row = ScanRow(handle: statement.handle)
        while try statement.step() { try body(row) }
    }
}
