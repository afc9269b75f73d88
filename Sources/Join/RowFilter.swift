import MigstatCore

/// A compiled `where`: column → accepted values (compared on canonical text) or a numeric range.
public struct RowFilter: Sendable {
    let tests: [(index: Int, accepts: FilterValue)]

    public init(_ filter: [String: FilterValue]?, table: DataTable) throws {
        tests = try (filter ?? [:]).sorted { $0.key < $1.key }.map { column, value in
            guard let i = table.index(of: column) else {
                throw MigstatError.config(path: "where.\(column)", message: "no column \"\(column)\" in \(table.name)")
            }
            return (i, value)
        }
    }

    public func matches(_ row: [Value]) -> Bool {
        tests.allSatisfy { $0.accepts.accepts(row[$0.index]) }
    }
}
