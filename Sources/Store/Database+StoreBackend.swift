import CSQLite
import MigstatCore

/// SQLite as the store: the written order is the rowid's, the layout number `PRAGMA user_version`.
extension Database: StoreBackend {
    public func tableNames() throws -> [String] {
        try prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").rows().map { $0[0].key }
    }

    public func create(_ table: StoreTable) throws {
        var definitions = table.columns.map { "\(quotedIdentifier($0.name)) \(Database.sqlType($0.type))" }
        if !table.primaryKey.isEmpty { definitions.append("PRIMARY KEY (\(table.primaryKey.map(quotedIdentifier).joined(separator: ", ")))") }
        try execute("CREATE TABLE IF NOT EXISTS \(quotedIdentifier(table.name)) (\(definitions.joined(separator: ", ")))")
    }

    static func sqlType(_ type: StoreTable.ColumnType) -> String { SQLiteDialect().columnType(type) }

    public func drop(table name: String) throws { try execute("DROP TABLE IF EXISTS \(quotedIdentifier(name))") }

    public func insert(_ rows: [[Value]], into table: StoreTable) throws {
        guard !rows.isEmpty else { return }
        let insert = try prepare("INSERT INTO \(quotedIdentifier(table.name)) VALUES (\(Array(repeating: "?", count: table.columns.count).joined(separator: ",")))")
        for row in rows { try insert.run(row) }
    }

    public func delete(from table: String, where column: String, in values: [String], keeping: Bool) throws {
        let placeholders = Array(repeating: "?", count: values.count).joined(separator: ",")
        try prepare("DELETE FROM \(quotedIdentifier(table)) WHERE \(quotedIdentifier(column)) \(keeping ? "NOT IN" : "IN") (\(placeholders))")
            .run(values.map(Value.text))
    }

    public func forEachRow(of table: StoreTable, where filter: (column: String, value: String)?, orderBy: [String],
                           _ body: ([Value]) throws -> Void) throws {
        let columns = table.columns.map { quotedIdentifier($0.name) }.joined(separator: ", ")
        let condition = filter.map { " WHERE \(quotedIdentifier($0.column)) = ?" } ?? ""
        let order = (orderBy.map(quotedIdentifier) + ["rowid"]).joined(separator: ", ")
        let statement = try prepare("SELECT \(columns) FROM \(quotedIdentifier(table.name))\(condition) ORDER BY \(order)")
        try statement.bind(filter.map { [.text($0.value)] } ?? [])
        while try statement.step() { try body(statement.currentRow()) }
    }

    public func layoutVersion() throws -> Int { Int(try prepare("PRAGMA user_version").rows().first?.first?.number ?? 0) }

    public func setLayoutVersion(_ version: Int) throws { try execute("PRAGMA user_version = \(version)") }
}
