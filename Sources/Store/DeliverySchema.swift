import MigstatCore

/// A delivery table and the two tables beside it, declared once for both databases, and every statement the
/// delivery stores (`DeliveryStore`, `PostgresDeliveryStore`) send about them, written in a `SQLDialect`:
/// - the table itself (`stg_<source>_<table>`): the declared columns, the key `NOT NULL PRIMARY KEY`, then
///   `row_version`, `delivery_id` and `source_line` (`UpsertRule`'s triple);
/// - `deliveries`: one row per delivery file of a table, `complete` once its rows are committed;
/// - `delivery_tables`: each table's declaration as last created, so that a changed pipeline.json (other
///   columns, types or key) is seen, and the table dropped and loaded again.
///
/// The declaration recorded in `delivery_tables` is this text: a change to it reloads every delivery table of
/// every existing store, so it is kept as the stores wrote it before it was declared here.
public struct DeliverySchema: Sendable {
    public let dialect: any SQLDialect
    public let source: String
    public let tableName: String
    public let columns: [ColumnConfig]
    public let upsert: UpsertConfig
    public var key: String { upsert.key }
    /// The version column's place among `columns`.
    public let versionColumn: Int

    public init(_ dialect: any SQLDialect, source: String, tableName: String, columns: [ColumnConfig], upsert: UpsertConfig) {
        self.dialect = dialect; self.source = source; self.tableName = tableName; self.columns = columns; self.upsert = upsert
        versionColumn = columns.firstIndex { $0.name == upsert.version } ?? 0
    }

    /// The columns every delivery table has after its declared ones.
    public static let rowColumns = [UpsertRule.versionColumn, "delivery_id", "source_line"]

    public var integerKey: Bool { columns.first { $0.name == key }?.type == .integer }
    public var table: String { dialect.identifier(tableName) }
    public var quotedKey: String { dialect.identifier(key) }
    /// Every column, quoted, in the table's order.
    public var columnList: [String] { columns.map { dialect.identifier($0.name) } + Self.rowColumns }

    /// The table as pipeline.json declares it (recorded in `delivery_tables`).
    public var declaration: String {
        let declared = columns.map { c in
            "\(dialect.identifier(c.name)) \(dialect.deliveryColumnType(.init(storing: c.type)))" + (c.name == key ? " NOT NULL PRIMARY KEY" : "")
        }
        let integer = dialect.deliveryColumnType(.integer)
        let bookkeeping = Self.rowColumns.map { "\($0) \(integer) NOT NULL" }
        return "CREATE TABLE \(table) (\((declared + bookkeeping).joined(separator: ", ")))\(dialect.tableOptions(integerKey: integerKey))"
    }

    /// Creates the table if it is missing.
    public var createTable: String {
        declaration.replacingOccurrences(of: "CREATE TABLE ", with: "CREATE TABLE IF NOT EXISTS ", options: .anchored)
    }

    /// Creates `deliveries` and `delivery_tables` if they are missing.
    public var createBookkeeping: [String] {
        let t = dialect.deliveryColumnType(.text), i = dialect.deliveryColumnType(.integer)
        return [
            """
            CREATE TABLE IF NOT EXISTS deliveries (id \(dialect.generatedKey), source \(t) NOT NULL, table_name \(t) NOT NULL, \
            file \(dialect.byteOrderedText) NOT NULL, sha256 \(t), bytes \(i), rows_read \(i), rows_loaded \(i), rows_quarantined \(i), \
            complete integer NOT NULL DEFAULT 0, UNIQUE (table_name, file))
            """,
            "CREATE TABLE IF NOT EXISTS delivery_tables (table_name \(t) PRIMARY KEY, declaration \(t) NOT NULL)",
        ]
    }

    /// The largest key stored.
    public var selectLargestKey: String { "SELECT max(\(quotedKey)) FROM \(table)" }

    /// Parameter: the table's name.
    public var selectDeclaration: String { "SELECT declaration FROM delivery_tables WHERE table_name = \(p(1))" }
    /// Parameters: the table's name and `declaration`.
    public var recordDeclaration: String {
        "INSERT INTO delivery_tables VALUES (\(dialect.placeholders(2))) ON CONFLICT (table_name) DO UPDATE SET declaration = excluded.declaration"
    }
    public var dropTable: String { "DROP TABLE IF EXISTS \(table)" }
    public var emptyTable: String { dialect.emptyTable(table) }
    /// Parameter: the table's name.
    public var forgetDeliveries: String { "DELETE FROM deliveries WHERE table_name = \(p(1))" }
    /// Parameter: the source.
    public var forgetQuarantine: String { "DELETE FROM quarantine WHERE source = \(p(1))" }
    /// Parameters: the source and the delivery's file.
    public var forgetFileQuarantine: String { "DELETE FROM quarantine WHERE source = \(p(1)) AND file = \(p(2))" }
    /// Parameter: the table's name. Rows: file, sha256, bytes, rows read, loaded, quarantined (`loadedDelivery`).
    public var selectLoadedDeliveries: String {
        "SELECT file, sha256, bytes, rows_read, rows_loaded, rows_quarantined FROM deliveries WHERE table_name = \(p(1)) AND complete = 1 ORDER BY file"
    }
    /// Parameter: the table's name. One row: the rows its complete deliveries loaded (at least as many as it holds).
    public static func selectRowsLoaded(_ dialect: any SQLDialect) -> String {
        "SELECT coalesce(sum(rows_loaded), 0) FROM deliveries WHERE table_name = \(dialect.placeholder(1)) AND complete = 1"
    }
    /// Parameters: the source, the table's name, the file. One row: the delivery's id, new or reopened.
    public var beginDelivery: String {
        """
        INSERT INTO deliveries (source, table_name, file) VALUES (\(dialect.placeholders(3))) \
        ON CONFLICT (table_name, file) DO UPDATE SET complete = 0 RETURNING id
        """
    }
    /// Parameters: the delivery's sha256, bytes, rows read, loaded, quarantined (`finishValues`), and its id.
    public var finishDelivery: String {
        let set = ["sha256", "bytes", "rows_read", "rows_loaded", "rows_quarantined"].enumerated().map { "\($1) = \(p($0 + 1))" }
        return "UPDATE deliveries SET \(set.joined(separator: ", ")), complete = 1 WHERE id = \(p(6))"
    }
    /// Parameters of six columns: source, file, line, column, value, reason.
    public var insertQuarantine: String { "INSERT INTO quarantine VALUES (\(dialect.placeholders(6)))" }

    /// The parameters of `finishDelivery`.
    public static func finishValues(_ delivery: LoadedDelivery, id: Int64) -> [Value] {
        [.text(delivery.sha256), .integer(Int64(delivery.bytes)), .integer(Int64(delivery.read)),
         .integer(Int64(delivery.loaded)), .integer(Int64(delivery.quarantined)), .integer(id)]
    }

    /// A row of `selectLoadedDeliveries`.
    public static func loadedDelivery(_ r: [Value]) -> LoadedDelivery {
        LoadedDelivery(file: r[0].key, sha256: r[1].key, bytes: Int(r[2].number ?? 0), read: Int(r[3].number ?? 0),
                       loaded: Int(r[4].number ?? 0), quarantined: Int(r[5].number ?? 0))
    }

    /// Rows into the table by `UpsertRule`: `select` gives every column of `columnList` in order; a row of a key
    /// already stored replaces it only if newer. `select` may give a key once only in PostgreSQL (see
    /// `PostgresDeliveryStore.upsertSQL`), any number of times in SQLite.
    public func upsert(_ select: String) -> String {
        let updates = columnList.filter { $0 != quotedKey }
        return """
            \(insert(select))\(dialect.upsertSelectSuffix)
            \(UpsertRule.onConflict(key: quotedKey, updating: updates, table: table))
            """
    }

    /// Rows into the table as they are: keys that cannot be stored yet.
    public func insert(_ select: String) -> String {
        "\(dialect.insertOfNewRows) INTO \(table) (\(columnList.joined(separator: ", "))) \(select)"
    }

    /// A row's version as `UpsertRule` orders versions. The cleaner has checked the version column already; a
    /// cell it let through uncleaned is a data error, reported where it was read.
    public func version(_ batch: RowBatch, row: Int, file: String) throws -> Int64 {
        let column = versionColumn
        let type = columns[column].type
        if let version = UpsertRule.version(batch, row: row, column: column, type: type) { return version }
        let value: String?
        switch batch.kind(row, column) {
        case .integer: value = String(batch.integer(row, column))
        case .real: value = String(batch.real(row, column))
        case .text: value = String(decoding: batch.text(row, column), as: UTF8.self)
        default: value = nil
        }
        throw MigstatError.data(Location(source: source, file: file, line: batch.lines[row], column: upsert.version), value: value,
                                message: "the version column \(upsert.version) is not a cleaned \(type.rawValue)")
    }

    private func p(_ number: Int) -> String { dialect.placeholder(number) }
}
