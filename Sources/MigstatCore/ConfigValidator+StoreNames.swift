/// The names the store will be given, checked before any stage, so that `check` refuses what `run` would fail
/// on when it writes: SQLite compares table and column names ignoring case (`Q1` and `q1` are one column), the
/// store adds columns of its own to every table, and `stg_<source>_<table>` can be one name for two tables.
extension ConfigValidator {
    /// Columns the store adds to a table (`source_file`, `source_line`: every normalized table; `row_version`,
    /// `delivery_id`: a delivery table; `migstat_row`: PostgreSQL's order of rows).
    static let storeColumns = ["source_file", "source_line", "row_version", "delivery_id", "migstat_row"]

    func validateStoreNames() throws {
        var tables: [String: String] = [:]   // store table name, lowercased → the JSON path that made it
        func claimTable(_ name: String, path: String) throws {
            if let other = tables.updateValue(path, forKey: name.lowercased()) {
                throw fail(path, "its store table \(name) is also the one of \(other) (the store compares names ignoring case): rename one")
            }
        }
        for (s, source) in config.sources.enumerated() {
            for (t, table) in source.tables.enumerated() {
                let tp = "$.sources[\(s)].tables[\(t)]"
                try claimTable(StoreTableName.staged(source: source.id, table: table.id), path: "\(tp).id")
                var names = ColumnNames()
                for (c, column) in table.columns.enumerated() {
                    try claim(column.name, in: &names, path: "\(tp).columns[\(c)].name")
                    if let r = column.resolve { try claim(r.as, in: &names, path: "\(tp).columns[\(c)].resolve.as") }
                }
            }
        }
        for (j, join) in config.joins.enumerated() {
            let jp = "$.joins[\(j)]"
            try claimTable(StoreTableName.joined(join.id), path: "\(jp).id")
            // The columns it takes from its table were checked there; what it adds must not meet them.
            var names = ColumnNames()
            for name in (columns[join.from] ?? []).sorted() { names.byFolded[name.lowercased()] = name }
            for (i, name) in (join.lookup?.add ?? []).enumerated() { try claim(name, in: &names, path: "\(jp).lookup.add[\(i)]") }
            if let count = join.count { try claim(count.as, in: &names, path: "\(jp).count.as") }
        }
    }

    struct ColumnNames { var byFolded: [String: String] = [:] }

    private func claim(_ name: String, in names: inout ColumnNames, path: String) throws {
        let folded = name.lowercased()
        if Self.storeColumns.contains(folded) {
            throw fail(path, "\"\(name)\" is a column the store adds itself (\(Self.storeColumns.joined(separator: ", "))): name it otherwise")
        }
        if let other = names.byFolded.updateValue(name, forKey: folded) {
            throw fail(path, other == name ? "duplicate column name \"\(name)\""
                                           : "\"\(name)\" and \"\(other)\" are one column in the store, which compares names ignoring case: rename one")
        }
    }
}
