import CSQLite

/// A database that runs a query and returns its rows as text, NULL as nil: all that SQL computed in the
/// database (the registry exhibits, `ExhibitSQL`) needs of it, whichever database holds the table — SQLite
/// here, PostgreSQL through libpq's text results.
public protocol SQLQuerying {
    func rows(_ sql: String) throws -> [[String?]]
}

extension Database: SQLQuerying {
    /// Each cell as SQLite gives it as text (an integer in decimal, a real as "%!.15g"): the bytes a scan reads.
    public func rows(_ sql: String) throws -> [[String?]] {
        let statement = try prepare(sql)
        let columns = sqlite3_column_count(statement.handle)
        var out: [[String?]] = []
        while try statement.step() {
            out.append((0..<columns).map { i in sqlite3_column_text(statement.handle, i).map { String(cString: $0) } })
        }
        return out
    }
}
