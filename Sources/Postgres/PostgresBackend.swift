import MigstatCore
import Store

/// PostgreSQL as the store of the run's tables (`RunStore`), in one schema of a database that may hold other
/// things: migstat lists, replaces and drops only the tables it made (`migstat_tables`), never the schema's
/// others. The written order is a hidden identity column (`migstat_row`), the layout number a one-row table.
public final class PostgresBackend: StoreBackend {
    public let connection: PostgresConnection
    public let schema: String
    /// PostgreSQL's words for the statements of `StoreBackend`.
    public var dialect: PostgresDialect { PostgresDialect() }

    /// Connects the store to `schema` (created if missing): every statement of the session names its tables
    /// unqualified, as with SQLite. `uses` names every table the run will make there: one of them that is already
    /// in the schema and not migstat's is refused (`PostgresError.foreignTable`, a configuration error) before
    /// anything is created, the schema included (one transaction, rolled back).
    public init(connection: PostgresConnection, schema: String, uses: [String] = []) throws {
        self.connection = connection; self.schema = schema
        try connection.transaction {
            // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists (the privilege is
            // checked first): a role that only owns its schema on a managed server is refused. So look first.
            if try connection.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [.text(schema)]).isEmpty {
                try connection.execute("CREATE SCHEMA \(quote(schema))")
            }
            try connection.execute("SET search_path TO \(quote(schema))")
            if let foreign = try PostgresBackend.foreignTables(connection, schema: schema, among: uses).first {
                throw PostgresError.foreignTable(connection.endpoint, schema: schema, table: foreign)
            }
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS migstat_tables (name text PRIMARY KEY);
                CREATE TABLE IF NOT EXISTS migstat_layout (version integer NOT NULL);
                """)
        }
        // SET in a transaction lasts past its commit, but not past a rollback: set again for the session.
        try connection.execute("SET search_path TO \(quote(schema))")
    }

    /// The relations of `names` that `schema` holds and migstat did not make (not listed in its `migstat_tables`,
    /// or no such list), in the order given. Only reads: `check` asks it too.
    public static func foreignTables(_ connection: PostgresConnection, schema: String, among names: [String]) throws -> [String] {
        guard !names.isEmpty else { return [] }
        let present = Set(try connection.query("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1
            """, [.text(schema)]).map { $0[0].key })
        let listed = present.contains("migstat_tables")
            ? Set(try connection.query("SELECT name FROM \(quote(schema)).migstat_tables").map { $0[0].key }) : []
        return names.filter { present.contains($0) && !listed.contains($0) }
    }

    public func tableNames() throws -> [String] {
        try connection.query("""
            SELECT m.name FROM migstat_tables m JOIN information_schema.tables t ON t.table_name = m.name AND t.table_schema = current_schema()
            ORDER BY m.name COLLATE "C"
            """).map { $0[0].key }
    }

    public func create(_ table: StoreTable) throws {
        try requireOwn(table.name)
        try connection.execute(dialect.createTable(table))
        try register(table.name)
    }

    /// Refuses a table of that name that is not migstat's: its rows would be mixed with someone else's.
    public func requireOwn(_ name: String) throws {
        let exists = try !connection.query("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1", [.text(name)]).isEmpty
        let ours = try !connection.query("SELECT 1 FROM migstat_tables WHERE name = $1", [.text(name)]).isEmpty
        if exists && !ours { throw PostgresError.foreignTable(connection.endpoint, schema: schema, table: name) }
    }

    /// Records a table as migstat's (one it may replace and drop), e.g. a delivery table made by its own DDL.
    public func register(_ name: String) throws {
        try connection.update("INSERT INTO migstat_tables VALUES ($1) ON CONFLICT DO NOTHING", [.text(name)])
    }

    public func drop(table name: String) throws {
        // Only a table migstat made: a table of the same name that is someone else's is left alone.
        guard try !connection.query("SELECT 1 FROM migstat_tables WHERE name = $1", [.text(name)]).isEmpty else { return }
        try connection.execute(dialect.dropTable(name))
        try connection.update("DELETE FROM migstat_tables WHERE name = $1", [.text(name)])
    }

    public func insert(_ rows: [[Value]], into table: StoreTable) throws {
        guard !rows.isEmpty else { return }
        let copy = try connection.copyIn("COPY \(quote(table.name)) (\(table.columns.map { quote($0.name) }.joined(separator: ", "))) FROM STDIN")
        do {
            for row in rows {
                for value in row {
                    switch value {
                    case .null: copy.rows.null()
                    case .integer(let i): copy.rows.integer(i)
                    case .real(let r): copy.rows.real(r)
                    case .text(let s): copy.rows.text(s)
                    }
                }
                copy.rows.endRow()
                try copy.sendIfFull()
            }
            try copy.finish()
        } catch {
            copy.abort()
            throw error
        }
    }

    public func delete(from table: String, where column: String, in values: [String], keeping: Bool) throws {
        // An empty list: NOT IN () keeps nothing, IN () deletes nothing (PostgreSQL has no empty IN list).
        guard !values.isEmpty else {
            if keeping { try connection.update("DELETE FROM \(quote(table))") }
            return
        }
        try connection.update(dialect.deleteRows(from: table, where: column, among: values.count, keeping: keeping), values.map(Value.text))
    }

    public func forEachRow(of table: StoreTable, where filter: (column: String, value: String)?, orderBy: [String],
                           _ body: ([Value]) throws -> Void) throws {
        for row in try connection.query(dialect.selectRows(of: table, where: filter?.column, orderBy: orderBy), filter.map { [.text($0.value)] } ?? []) {
            try body(row)
        }
    }

    public func transaction(_ body: () throws -> Void) throws { try connection.transaction(body) }

    public func layoutVersion() throws -> Int { Int(try connection.query("SELECT max(version) FROM migstat_layout").first?.first?.number ?? 0) }

    public func setLayoutVersion(_ version: Int) throws {
        try connection.execute("DELETE FROM migstat_layout")
        try connection.update("INSERT INTO migstat_layout VALUES ($1)", [.integer(Int64(version))])
    }
}
