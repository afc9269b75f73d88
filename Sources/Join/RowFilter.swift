import MigstatCore

/// A compiled `where`: column → accepted values, compared on each value's canonical text.
public struct RowFilter: Sendable {
    let tests: [(index: Int, values: Set<String>)]

    public init(_ filter: [String: FilterValue]?, table: DataTable) throws {
        tests = try (filter ?? [:]).sorted { $0.key < $1.key }.map { column, value in
            guard let i = table.index(of: column) else {
                throw MigstatError.config(path: "where.\(column)", message: "no column \"\(column)\" in \(table.name)")
            }
            return (i, Set(value.values))
        }
    }

    public func matches(_ row: [Value]) -> Bool {
        tests.allSatisfy { $0.values.contains(row[$0.index].key) }
    }
}
