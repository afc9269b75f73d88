import MigstatCore

/// What the run's tables need of a database, so that they are declared and mapped once (`RunStore`) whichever
/// database holds them: SQLite (`Database`) or PostgreSQL.
public protocol StoreBackend: AnyObject {
    /// The names of the tables it holds.
    func tableNames() throws -> [String]
    /// Creates the table if it is missing.
    func create(_ table: StoreTable) throws
    func drop(table name: String) throws
    /// Appends rows (one value per column of `table`, in order); `forEachRow` gives them back in that order.
    func insert(_ rows: [[Value]], into table: StoreTable) throws
    /// Deletes the rows whose `column` is one of `values` (`keeping: false`) or none of them (`keeping: true`).
    func delete(from table: String, where column: String, in values: [String], keeping: Bool) throws
    /// The rows (every column of `table`) whose `column` equals `value` (all rows when nil), ordered by
    /// `orderBy` and then as written.
    func forEachRow(of table: StoreTable, where filter: (column: String, value: String)?, orderBy: [String],
                    _ body: ([Value]) throws -> Void) throws
    /// Runs `body` in one transaction: all of it is kept, or none.
    func transaction(_ body: () throws -> Void) throws
    /// The number of the store's layout (`StoreLayout`); 0 for a store older than numbered layouts, or a new one.
    func layoutVersion() throws -> Int
    func setLayoutVersion(_ version: Int) throws
}

extension StoreBackend {
    /// Replaces the table whole: dropped, created again and filled.
    public func replace(_ table: StoreTable, rows: [[Value]]) throws {
        try drop(table: table.name)
        try create(table)
        try insert(rows, into: table)
    }

    public func rows(of table: StoreTable, where filter: (column: String, value: String)? = nil, orderBy: [String] = []) throws -> [[Value]] {
        var rows: [[Value]] = []
        try forEachRow(of: table, where: filter, orderBy: orderBy) { rows.append($0) }
        return rows
    }
}
