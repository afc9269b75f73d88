import MigstatCore

extension StoreWriter {
    /// Removes what an incremental run carried over from a store built for an older pipeline.json: the tables of
    /// sources, tables and joins no longer declared (a removed or renamed source, a removed join), and their
    /// quarantine, codebook and delivery rows, so that the store holds what a full rebuild's holds.
    /// `tables` are the `stg_`/`int_` tables the configuration makes, `sources` its source ids, `codebookTables`
    /// its "source.table" names.
    public func dropStale(keepingTables tables: Set<String>, sources: Set<String>, codebookTables: Set<String>) throws {
        let existing = try database.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").rows().map { $0[0].key }
        let stale = existing.filter { ($0.hasPrefix("stg_") || $0.hasPrefix("int_")) && !tables.contains($0) }
        try database.transaction {
            for name in stale { try database.execute("DROP TABLE \(quotedIdentifier(name))") }
            if existing.contains("quarantine") { try deleteRows(of: "quarantine", where: "source", notIn: sources) }
            if existing.contains("codebook") { try deleteRows(of: "codebook", where: "table_name", notIn: codebookTables) }
            if existing.contains("deliveries") { try deleteRows(of: "deliveries", where: "table_name", notIn: tables) }
        }
    }

    private func deleteRows(of table: String, where column: String, notIn kept: Set<String>) throws {
        let placeholders = Array(repeating: "?", count: kept.count).joined(separator: ",")
        try database.prepare("DELETE FROM \(table) WHERE \(column) NOT IN (\(placeholders))").run(kept.sorted().map(Value.text))
    }
}
