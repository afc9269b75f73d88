import MigstatCore

/// A table the store keeps, declared once for every database: its columns in order, typed as both SQLite and
/// PostgreSQL hold them, and its primary key.
public struct StoreTable: Sendable, Equatable {
    public enum ColumnType: String, Sendable { case integer, real, text }
    public struct Column: Sendable, Equatable {
        public let name: String
        public let type: ColumnType
        public init(_ name: String, _ type: ColumnType) { self.name = name; self.type = type }
    }

    public let name: String
    public let columns: [Column]
    public let primaryKey: [String]

    public init(_ name: String, _ columns: [Column], primaryKey: [String] = []) {
        self.name = name; self.columns = columns; self.primaryKey = primaryKey
    }
}

