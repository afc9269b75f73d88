import MigstatCore

/// The statements about a table migstat declares (`StoreTable`: the run's tables), in a dialect.
extension SQLDialect {
    public func createTable(_ table: StoreTable) -> String {
        var definitions = table.columns.map { "\(identifier($0.name)) \(columnType($0.type))" }
        if let writtenOrderDeclaration { definitions.append(writtenOrderDeclaration) }
        if !table.primaryKey.isEmpty { definitions.append("PRIMARY KEY (\(table.primaryKey.map(identifier).joined(separator: ", ")))") }
        return "CREATE TABLE IF NOT EXISTS \(identifier(table.name)) (\(definitions.joined(separator: ", ")))"
    }

    public func dropTable(_ name: String) -> String { "DROP TABLE IF EXISTS \(identifier(name))" }

    /// One row: a parameter per column, in order.
    public func insertRow(into table: StoreTable) -> String {
        "INSERT INTO \(identifier(table.name)) VALUES (\(placeholders(table.columns.count)))"
    }

    /// Parameters: the `count` values `column` is among (`keeping: false`) or not (`keeping: true`).
    public func deleteRows(from table: String, where column: String, among count: Int, keeping: Bool) -> String {
        "DELETE FROM \(identifier(table)) WHERE \(identifier(column)) \(keeping ? "NOT IN" : "IN") (\(placeholders(count)))"
    }

    /// Every column of `table`, ordered by `orderBy` and then as written; `filtered`: where the first
    /// parameter's column (`filterColumn`) equals it.
    public func selectRows(of table: StoreTable, where filterColumn: String?, orderBy: [String]) -> String {
        let columns = table.columns.map { identifier($0.name) }.joined(separator: ", ")
        let condition = filterColumn.map { " WHERE \(identifier($0)) = \(placeholder(1))" } ?? ""
        let order = (orderBy.map(identifier) + [writtenOrder]).joined(separator: ", ")
        return "SELECT \(columns) FROM \(identifier(table.name))\(condition) ORDER BY \(order)"
    }
}
