import MigstatCore

/// What the store's two databases write differently, and nothing else: every piece of SQL text migstat sends
/// to SQLite or PostgreSQL is assembled from a dialect, so that a table, a quoting rule or a type is written in
/// one place and each database is a thin adapter (`SQLiteDialect`, `PostgresDialect`).
///
/// The rule that keeps one version of a key is not a dialect's: it is `UpsertRule`, valid SQL in both.
public protocol SQLDialect: Sendable {
    /// A name for messages and tests ("SQLite", "PostgreSQL").
    var name: String { get }
    /// The `number`th (from 1) parameter of a statement.
    func placeholder(_ number: Int) -> String
    /// How a column of a table migstat declares (`StoreTable`) is typed.
    func columnType(_ type: StoreTable.ColumnType) -> String
    /// How a column of a delivery table is typed: as `columnType`, except that PostgreSQL's text there keeps the
    /// database's collation (the declaration recorded in `delivery_tables` by every store so far says so).
    func deliveryColumnType(_ type: StoreTable.ColumnType) -> String
    /// An integer key the database numbers itself (`deliveries.id`).
    var generatedKey: String { get }
    /// A text column compared byte by byte, as the loader orders delivery files (`deliveries.file`).
    var byteOrderedText: String { get }
    /// What follows a delivery table's column list: how the table is laid out by its key.
    func tableOptions(integerKey: Bool) -> String
    /// Removes every row of a table.
    func emptyTable(_ table: String) -> String
    /// The verb of a delivery table's INSERT … SELECT.
    var insertOfNewRows: String { get }
    /// What an upsert's SELECT ends with before its ON CONFLICT clause.
    var upsertSelectSuffix: String { get }
    /// The column, and its declaration, that keeps the order a declared table's rows were written in (nil: the
    /// database keeps one itself, named `writtenOrder`).
    var writtenOrderDeclaration: String? { get }
    var writtenOrder: String { get }
}

extension SQLDialect {
    /// An identifier as both databases read it: double-quoted, inner quotes doubled.
    public func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// A text literal as both databases read it: single-quoted, inner quotes doubled.
    public func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// `count` parameters from `first` on, separated by commas.
    public func placeholders(_ count: Int, from first: Int = 1) -> String {
        (first..<first + count).map(placeholder).joined(separator: ", ")
    }
}

/// SQLite: storage classes INTEGER, REAL, TEXT (BINARY collation, byte by byte), `?` parameters.
public struct SQLiteDialect: SQLDialect {
    public init() {}
    public var name: String { "SQLite" }
    public func placeholder(_ number: Int) -> String { "?" }
    public func columnType(_ type: StoreTable.ColumnType) -> String {
        switch type {
        case .integer: return "INTEGER"
        case .real: return "REAL"
        case .text: return "TEXT"
        }
    }
    public func deliveryColumnType(_ type: StoreTable.ColumnType) -> String { columnType(type) }
    public var generatedKey: String { "INTEGER PRIMARY KEY" }
    public var byteOrderedText: String { "TEXT" }
    /// An integer key is the rowid itself; a table keyed by text is stored in the order of its key.
    public func tableOptions(integerKey: Bool) -> String { integerKey ? "" : " WITHOUT ROWID" }
    public func emptyTable(_ table: String) -> String { "DELETE FROM \(table)" }
    /// OR IGNORE never drops a row of a delivery (an appended key is above every stored key; an upsert's
    /// conflicts on the key are settled by its ON CONFLICT clause), but it tells SQLite that a statement of many
    /// rows cannot fail half-way, which spares it a statement journal: this halves the cost of appending under
    /// a rollback journal.
    public var insertOfNewRows: String { "INSERT OR IGNORE" }
    /// `WHERE true` tells the parser that ON CONFLICT belongs to the INSERT, not to a join.
    public var upsertSelectSuffix: String { " WHERE true" }
    public var writtenOrderDeclaration: String? { nil }
    public var writtenOrder: String { "rowid" }
}

/// PostgreSQL: `bigint` and `double precision` (SQLite's 64-bit integer and REAL), text, `$n` parameters.
public struct PostgresDialect: SQLDialect {
    public init() {}
    public var name: String { "PostgreSQL" }
    public func placeholder(_ number: Int) -> String { "$\(number)" }
    public func columnType(_ type: StoreTable.ColumnType) -> String {
        switch type {
        case .integer: return "bigint"
        case .real: return "double precision"
        // Text sorts byte by byte, as SQLite's BINARY does, whatever the database's collation.
        case .text: return byteOrderedText
        }
    }
    public func deliveryColumnType(_ type: StoreTable.ColumnType) -> String { type == .text ? "text" : columnType(type) }
    public var generatedKey: String { "bigserial PRIMARY KEY" }
    public var byteOrderedText: String { "text COLLATE \"C\"" }
    public func tableOptions(integerKey: Bool) -> String { "" }
    public func emptyTable(_ table: String) -> String { "TRUNCATE \(table)" }
    public var insertOfNewRows: String { "INSERT" }
    public var upsertSelectSuffix: String { "" }
    /// PostgreSQL has no rowid that keeps the written order: a hidden identity column does.
    public var writtenOrderDeclaration: String? { "\(writtenOrder) bigint GENERATED ALWAYS AS IDENTITY" }
    public var writtenOrder: String { "migstat_row" }
}

extension StoreTable.ColumnType {
    /// How a delivery column of a declared type is stored: integers as integers, decimals as reals, and codes,
    /// dates, timestamps and text as the cleaner's canonical text.
    public init(storing type: ColumnType) {
        switch type {
        case .integer: self = .integer
        case .decimal: self = .real
        default: self = .text
        }
    }
}
