import MigstatCore

/// Reads back what an earlier run wrote to migration.sqlite, so that an incremental run can keep the parts
/// whose inputs did not change instead of recomputing them.
public struct StoreReader {
    public let database: Database

    public init(path: String) throws {
        database = try Database(path: path)
        try database.execute("PRAGMA query_only=1")
    }

    /// The stored estimates of the given exhibits, in the order they were written.
    public func estimates(of exhibits: Set<String>) throws -> [Estimate] {
        let rows = try database.prepare("""
            SELECT exhibit, series, category, label, n, base_n, weighted, base_weighted, percent, ci_low, ci_high,
              se, cv, deff, n_eff, df, interval_method, series_label
            FROM estimates ORDER BY rowid
            """).rows()
        return rows.filter { exhibits.contains($0[0].key) }.map { r in
            var e = Estimate(exhibit: r[0].key, series: r[1].key, category: r[2].key, label: r[3].key,
                             n: Int(r[4].number ?? 0), baseN: Int(r[5].number ?? 0), weighted: r[6].number ?? 0, baseWeighted: r[7].number ?? 0,
                             percent: r[8].number, ciLow: r[9].number, ciHigh: r[10].number,
                             interval: IntervalMethod(rawValue: r[16].key) ?? .wilson)
            e.se = r[11].number; e.cv = r[12].number; e.deff = r[13].number; e.nEff = r[14].number
            e.df = r[15].number.map { Int($0) }
            e.seriesLabel = r[17].isNull ? nil : r[17].key
            return e
        }
    }

    /// The quarantined records of the given sources, in file and line order.
    public func quarantine(of sources: Set<String>) throws -> [QuarantineRecord] {
        try database.prepare("SELECT source, file, line, column_name, value, reason FROM quarantine ORDER BY rowid").rows()
            .filter { sources.contains($0[0].key) }
            .map { QuarantineRecord(source: $0[0].key, file: $0[1].key, line: Int($0[2].number ?? 0), column: $0[3].key, value: $0[4].key, reason: $0[5].key) }
    }

    /// Streams one source's quarantined records in file and line order (a delivery's may be many).
    public func forEachQuarantined(source: String, _ body: (QuarantineRecord) throws -> Void) throws {
        let statement = try database.prepare("SELECT source, file, line, column_name, value, reason FROM quarantine WHERE source = ? ORDER BY file, line, rowid")
        try statement.bind([.text(source)])
        while try statement.step() {
            let r = statement.currentRow()
            try body(QuarantineRecord(source: r[0].key, file: r[1].key, line: Int(r[2].number ?? 0), column: r[3].key, value: r[4].key, reason: r[5].key))
        }
    }

    /// The accounts of the input files of the given sources.
    public func files(of sources: Set<String>) throws -> [FileAccount] {
        try database.prepare("SELECT source, file, bytes, sha256, rows_read, rows_loaded, rows_quarantined FROM input_files ORDER BY rowid").rows()
            .filter { sources.contains($0[0].key) }
            .map { FileAccount(source: $0[0].key, file: $0[1].key, bytes: Int($0[2].number ?? 0), sha256: $0[3].key,
                               read: Int($0[4].number ?? 0), loaded: Int($0[5].number ?? 0), quarantined: Int($0[6].number ?? 0)) }
    }
}
