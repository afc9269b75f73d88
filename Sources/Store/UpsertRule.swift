import MigstatCore

/// The one rule of a delivery table: of two versions of a key the newer is kept, and "newer" is one comparison
/// of the triple (version, delivery file, line):
/// - `version`: the version column as one integer, computed once per row (`UpsertRule.version`) and stored in
///   the table's `row_version` column: a timestamp in microseconds since 1970 (the resolution of PostgreSQL's
///   `timestamptz`; digits below a microsecond do not count), a date in days, an integer as it is;
/// - then the delivery's file name (the later one by name wins a tie, whatever order files arrive in);
/// - then the line within the file (the later line wins).
///
/// The triple is a total order, so keeping the greatest is a maximum: it does not depend on the order rows
/// are applied in. That is why the loader may append, hold back, sort and merge rows in any order that is
/// fast (key order, for the B-tree) without any rule of its own; and loading a delivery again changes nothing
/// (the same triple is not greater than itself). The SQL below, a row-value comparison, is valid in SQLite and
/// in PostgreSQL alike.
public enum UpsertRule {
    /// The column that holds each row's version as one integer.
    public static let versionColumn = "row_version"

    /// `new` is newer than `old`, in SQL: each argument names a row (`excluded`, or the table) that has the
    /// columns `row_version`, `delivery_id` and `source_line`; `deliveries` maps a delivery to its file.
    /// File names must compare byte by byte, as the loader orders deliveries: SQLite's default (BINARY) does,
    /// and PostgreSQL's `deliveries.file` is declared `COLLATE "C"` (the database's collation, e.g. en_US, would
    /// put `a_2` before `a-1`).
    public static func newerSQL(_ new: String, than old: String) -> String {
        func triple(_ row: String) -> String {
            "(\(row).\(versionColumn), (SELECT file FROM deliveries WHERE id = \(row).delivery_id), \(row).source_line)"
        }
        // A row value is compared element by element, and the file is looked up only on a tie of versions.
        return "\(triple(new)) > \(triple(old))"
    }

    /// The clause that makes an INSERT into `table` an upsert by this rule: on a stored `key`, the `updating`
    /// columns (every column but the key, quoted) are replaced only if the new row is newer.
    public static func onConflict(key: String, updating: [String], table: String) -> String {
        let updates = updating.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return "ON CONFLICT (\(key)) DO UPDATE SET \(updates)\nWHERE \(newerSQL("excluded", than: table))"
    }

    /// The rows of one delivery (their files tie), newest first: an ORDER BY after the key.
    public static let newestInDeliveryFirst = "\(versionColumn) DESC, source_line DESC"

    /// Of two versions of one key in the same delivery (their files tie), whether the first is newer: the
    /// triple's order with the file left out.
    public static func isNewer(version: Int64, line: Int, than otherVersion: Int64, line otherLine: Int) -> Bool {
        (version, line) > (otherVersion, otherLine)
    }

    /// The version of one cleaned value of the version column, as an integer that orders as the versions do.
    /// Timestamps and dates arrive canonical (`yyyy-mm-ddThh:mm:ss[.fraction]Z`, `yyyy-mm-dd`); nil otherwise.
    public static func version(_ type: ColumnType, text: UnsafeRawBufferPointer) -> Int64? {
        guard text.count >= 10, let year = digits(text, 0, 4), let month = digits(text, 5, 2), let day = digits(text, 8, 2) else { return nil }
        let days = Int64(CivilDate.days(year: year, month: month, day: day))
        switch type {
        case .date:
            return days
        case .timestamp:
            guard text.count >= 20, let hour = digits(text, 11, 2), let minute = digits(text, 14, 2), let second = digits(text, 17, 2) else { return nil }
            var micros = Int64(0), scale = Int64(100_000), at = 19
            if text[at] == UInt8(ascii: ".") {
                at += 1
                while at < text.count, let d = digits(text, at, 1) {
                    micros += Int64(d) * scale
                    scale /= 10
                    at += 1
                }
            }
            return ((days * 24 + Int64(hour)) * 60 + Int64(minute)) * 60_000_000 + Int64(second) * 1_000_000 + micros
        default:
            return nil
        }
    }

    /// The version of a batch's row, its `column` cleaned as `type`: an integer as it is, a date or a timestamp
    /// by `version(_:text:)`; nil if the cell is neither (null, or not cleaned).
    public static func version(_ batch: RowBatch, row: Int, column: Int, type: ColumnType) -> Int64? {
        switch batch.kind(row, column) {
        case .integer: return batch.integer(row, column)
        case .text: return version(type, text: batch.text(row, column))
        default: return nil
        }
    }

    private static func digits(_ b: UnsafeRawBufferPointer, _ at: Int, _ count: Int) -> Int? { Timestamp.digits(b, at, count) }
}
