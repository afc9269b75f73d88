import MigstatCore
import Store

/// Each table migstat owns in the schema, summed up as its row count and the sum of a 64-bit hash of every row
/// (`hash_record_extended(row, 0)`: each column by its type's hash, PostgreSQL 14 and later): one sequential
/// scan, no sort, any order of rows (measured against md5 over an ordered string_agg in docs/postgres.md). Not a
/// defence against someone forging a matching sum on purpose, but no hand edit, deleted or added row goes
/// unnoticed by chance (2^-64). Hashing the row's text instead (`hashtextextended(row::text, 0)`, what earlier
/// versions recorded, without the `record:` prefix, and still checks) formats every column and took 2.2× as
/// long: 2.5 s against 1.1 s for 1.84 M registry rows, twice a run (docs/registry.md).
extension PostgresBackend: StoreChecksums {
    public func createChecksumTable() throws {
        try connection.execute("CREATE TABLE IF NOT EXISTS migstat_checksums (name text COLLATE \"C\" PRIMARY KEY, rows bigint NOT NULL, checksum text NOT NULL)")
    }

    /// The tables checked: those migstat made, and its list of them (a name taken off it drops out of the others).
    private func checkedTables() throws -> [String] { try tableNames() + ["migstat_tables"] }

    /// The sum recorded now, and the one an earlier migstat recorded (the row's text hashed).
    private static let byRecord = "record:"

    /// Each row's hash as the checksum sums it. `t.*`, not `t`: the whole row even when a column is named t
    /// (which `t` would name instead); the same value as `t` otherwise, so sums recorded before still check.
    static let rowHash = "hash_record_extended(t.*, 0)"

    func checksum(of table: String, asRecorded recorded: String = byRecord) throws -> (rows: Int64, sum: String) {
        let byRecord = recorded.hasPrefix(Self.byRecord)
        let hash = byRecord ? Self.rowHash : "hashtextextended(t::text, 0)"
        let row = try connection.query("SELECT count(*), coalesce(sum(\(hash)), 0)::text FROM \(quote(table)) t")[0]
        return (Int64(row[0].number ?? -1), (byRecord ? Self.byRecord : "") + row[1].key)
    }

    public func recordChecksums() throws {
        let sums = try checkedTables().map { ($0, try checksum(of: $0)) }
        try connection.transaction {
            try connection.execute("DELETE FROM migstat_checksums")
            for (name, sum) in sums {
                try connection.update("INSERT INTO migstat_checksums VALUES ($1, $2, $3)", [.text(name), .integer(sum.rows), .text(sum.sum)])
            }
        }
    }

    public func checksumMismatch() throws -> String? {
        var recorded: [String: (rows: Int64, sum: String)] = [:]
        for row in try connection.query("SELECT name, rows, checksum FROM migstat_checksums") {
            recorded[row[0].key] = (Int64(row[1].number ?? -1), row[2].key)
        }
        let tables = try checkedTables()
        if recorded.isEmpty {
            // Nothing recorded: a new schema (the plan then has no previous output to build on either), one
            // dropped or emptied behind migstat's back, or tables of an older migstat: none can be told intact.
            return tables == ["migstat_tables"] ? "the PostgreSQL store (schema \(schema)) holds none of migstat's tables"
                : "the PostgreSQL store (schema \(schema)) has no checksums recorded for its tables"
        }
        for name in Set(tables).union(recorded.keys).sorted() {
            guard let before = recorded[name] else { return "table \(schema).\(name) has no checksum recorded: it was not written by a finished run" }
            guard tables.contains(name) else { return "table \(schema).\(name), written by the last run, is gone" }
            let now = try checksum(of: name, asRecorded: before.sum)
            if now.rows != before.rows || now.sum != before.sum {
                return "table \(schema).\(name) does not match the checksum recorded when migstat wrote it (\(before.rows) rows then, \(now.rows) now): "
                    + "changed behind migstat's back"
            }
        }
        return nil
    }
}
