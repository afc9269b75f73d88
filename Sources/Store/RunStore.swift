import MigstatCore

/// The store of a run: the normalized tables (`stg_<source>_<table>`, joined `int_<join>`), the codebook, the
/// quarantine, the estimates, the statistics and tests, the verification, the input files and a log of runs —
/// in whichever database `backend` is. Opening it brings an older layout up to date (`StoreLayout`).
public final class RunStore {
    public let backend: StoreBackend

    public init(backend: StoreBackend) throws {
        self.backend = backend
        try StoreLayout.migrate(backend)
    }

    /// A store only read (an earlier output): nothing is migrated.
    init(reading backend: StoreBackend) { self.backend = backend }

    /// The SQLite file of an output. A fresh file built in a staging directory and swapped in whole: a journal
    /// would only slow it down.
    public static func sqlite(path: String) throws -> RunStore {
        let database = try Database(path: path)
        try database.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        return try RunStore(backend: database)
    }

    /// Replaced whole: an incremental run writes into a copy of the previous store.
    public func writeTable(_ table: DataTable, as name: String) throws {
        let file = table.file.map(Value.text) ?? .null
        let rows = table.rows.enumerated().map { i, row in [file, i < table.lines.count ? .integer(Int64(table.lines[i])) : .null] + row }
        try backend.transaction { try backend.replace(RunTables.normalized(table, as: name), rows: rows) }
    }

    /// The codebook of each table (`RunTables.codebookRows`); other tables' rows are kept.
    public func writeCodebook(_ tables: [DataTable]) throws {
        try replaceRows(of: RunTables.codebook, where: "table_name", in: tables.map(\.name), with: tables.flatMap(RunTables.codebookRows))
    }

    /// Replaces the quarantine of the given sources (the registry's own rows are kept by its loader).
    public func writeQuarantine(_ records: [QuarantineRecord], replacing sources: [String]) throws {
        try replaceRows(of: RunTables.quarantine, where: "source", in: sources, with: records.map(RunTables.row))
    }

    public func writeEstimates(_ estimates: [Estimate]) throws { try replace(RunTables.estimates, estimates.map(RunTables.row)) }
    public func writeStatistics(_ statistics: [Statistic]) throws { try replace(RunTables.statistics, statistics.map(RunTables.row)) }
    public func writeTests(_ tests: [IndependenceTest]) throws { try replace(RunTables.tests, tests.map(RunTables.row)) }
    public func writeVerification(_ rows: [VerificationRow]) throws { try replace(RunTables.verification, rows.map(RunTables.row)) }
    public func writeFiles(_ files: [FileAccount]) throws { try replace(RunTables.inputFiles, files.map(RunTables.row)) }

    /// The run log: the only table whose content changes from run to run.
    public func logRun(startedAt: String, seconds: Double, status: String, version: String) throws {
        try backend.transaction {
            try backend.create(RunTables.runs)
            try backend.insert([[.text(startedAt), .real(seconds), .text(status), .text(version)]], into: RunTables.runs)
        }
    }

    private func replace(_ table: StoreTable, _ rows: [[Value]]) throws {
        try backend.transaction { try backend.replace(table, rows: rows) }
    }

    private func replaceRows(of table: StoreTable, where column: String, in keys: [String], with rows: [[Value]]) throws {
        try backend.transaction {
            try backend.create(table)
            if !keys.isEmpty { try backend.delete(from: table.name, where: column, in: keys, keeping: false) }
            try backend.insert(rows, into: table)
        }
    }
}
