extension RunStore {
    /// Removes what an incremental run carried over from a store built for an older pipeline.json: the tables of
    /// sources, tables and joins no longer declared (a removed or renamed source, a removed join), and their
    /// quarantine, codebook and delivery rows, so that the store holds what a full rebuild's holds.
    /// `tables` are the `stg_`/`int_` tables the configuration makes, `sources` its source ids, `codebookTables`
    /// its "source.table" names.
    public func dropStale(keepingTables tables: Set<String>, sources: Set<String>, codebookTables: Set<String>) throws {
        let existing = try backend.tableNames()
        let stale = existing.filter { ($0.hasPrefix("stg_") || $0.hasPrefix("int_")) && !tables.contains($0) }
        try backend.transaction {
            for name in stale { try backend.drop(table: name) }
            for (table, column, kept) in [("quarantine", "source", sources), ("codebook", "table_name", codebookTables), ("deliveries", "table_name", tables),
                                          ("delivery_tables", "table_name", tables)]
            where existing.contains(table) {
                try backend.delete(from: table, where: column, in: kept.sorted(), keeping: true)
            }
        }
    }
}
