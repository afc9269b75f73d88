import CSQLite
import MigstatCore

/// SQLite as the store: the written order is the rowid's, the layout number `PRAGMA user_version`.
extension Database: StoreBackend {
    /// SQLite's words for the statements of `StoreBackend`.
    public var dialect: SQLiteDialect { SQLiteDialect() }

    public func tableNames() throws -> [String] {
        try prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").rows().map { $0[0].key }
    }

    public func create(_ table: StoreTable) throws { try execute(dialect.createTable(table)) }

    public func drop(table name: String) throws { try execute(dialect.dropTable(name)) }

    public func insert(_ rows: [[Value]], into table: StoreTable) throws {
        guard !rows.isEmpty else { return }
        let insert = try prepare(dialect.insertRow(into: table))
        for row in rows { try insert.run(row) }
    }

    public func delete(from table: String, where column: String, in values: [String], keeping: Bool) throws {
        try prepare(dialect.deleteRows(from: table, where: column, among: values.count, keeping: keeping)).run(values.map(Value.text))
    }

    public func forEachRow(of table: StoreTable, where filter: (column: String, value: String)?, orderBy: [String],
                           _ body: ([Value]) throws -> Void) throws {
        let statement = try prepare(dialect.selectRows(of: table, where: filter?.column, orderBy: orderBy))
        try statement.bind(filter.map { [.text($0.value)] } ?? [])
        while try statement.step() { try body(statement.currentRow()) }
    }

    public func layoutVersion() throws -> Int { Int(try prepare("PRAGMA user_version").rows().first?.first?.number ?? 0) }

    public func setLayoutVersion(_ version: Int) throws { try execute("PRAGMA user_version = \(version)") }
}
