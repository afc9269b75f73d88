import MigstatCore

/// Writes migration.sqlite: the normalized tables (`stg_<source>_<table>`, joined `int_<join>`), the codebook,
/// the quarantine, the estimates, the verification, the input files and a log of runs.
public struct StoreWriter {
    public let database: Database

    public init(path: String) throws {
        database = try Database(path: path)
        // A fresh file built in a temporary directory and swapped in whole: a journal would only slow it down.
        try database.execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
    }

    public func writeTable(_ table: DataTable, as name: String) throws {
        let columns = table.columns.map { c -> String in
            let type: String
            switch table.meta[c]?.type {
            case .integer?: type = "INTEGER"
            case .decimal?: type = "REAL"
            default: type = "TEXT"
            }
            return "\(quotedIdentifier(c)) \(type)"
        }
        // Replaced whole: an incremental run writes into a copy of the previous store.
        // Each row keeps the raw file and physical line it came from, so that a SQL user can trace a number too.
        try database.execute("DROP TABLE IF EXISTS \(quotedIdentifier(name)); CREATE TABLE \(quotedIdentifier(name)) (source_file TEXT, source_line INTEGER, \(columns.joined(separator: ", ")))")
        let insert = try database.prepare("INSERT INTO \(quotedIdentifier(name)) VALUES (\(Array(repeating: "?", count: table.columns.count + 2).joined(separator: ",")))")
        let file = table.file.map(Value.text) ?? .null
        try database.transaction {
            for (i, row) in table.rows.enumerated() {
                try insert.run([file, i < table.lines.count ? .integer(Int64(table.lines[i])) : .null] + row)
            }
        }
    }

    /// The codebook of each table: one row per code (`code`, its category name, the labels in English and
    /// Russian, `no_answer` 1 for a "no answer" code) and one question row per labelled variable (`code` NULL).
    /// `label` is the English label, as before the Russian one was kept.
    public func writeCodebook(_ tables: [DataTable]) throws {
        let columns = "table_name TEXT, variable TEXT, code TEXT, category TEXT, label TEXT, no_answer INTEGER, label_en TEXT, label_ru TEXT"
        // A store carried over from an older migstat has the table without the labels: it is rebuilt whole then.
        if try database.prepare("SELECT 1 FROM pragma_table_info('codebook') WHERE name = 'label_ru'").rows().isEmpty {
            try database.execute("DROP TABLE IF EXISTS codebook")
        }
        try database.execute("CREATE TABLE IF NOT EXISTS codebook (\(columns))")
        let insert = try database.prepare("INSERT INTO codebook VALUES (?,?,?,?,?,?,?,?)")
        let forget = try database.prepare("DELETE FROM codebook WHERE table_name = ?")
        func text(_ s: String?) -> Value { s.map(Value.text) ?? .null }
        try database.transaction {
            for t in tables { try forget.run([.text(t.name)]) }
            for t in tables {
                for c in t.columns { guard let meta = t.meta[c] else { continue }
                    if !meta.labels.isEmpty {
                        try insert.run([.text(t.name), .text(c), .null, .null, text(meta.labels["en"]), .null, text(meta.labels["en"]), text(meta.labels["ru"])])
                    }
                    for code in meta.codes {
                        let en = code.label ?? meta.codeLabels[code.code]?["en"]
                        try insert.run([.text(t.name), .text(c), .text(code.code), .text(code.name), text(en), .integer(0), text(en), text(meta.codeLabels[code.code]?["ru"])])
                    }
                    for code in meta.noAnswer {
                        let labels = meta.codeLabels[code]
                        try insert.run([.text(t.name), .text(c), .text(code), .text("no_answer"), text(labels?["en"]), .integer(1), text(labels?["en"]), text(labels?["ru"])])
                    }
                }
            }
        }
    }

    /// Replaces the quarantine of the given sources (the registry's own rows are kept by its loader).
    public func writeQuarantine(_ records: [QuarantineRecord], replacing sources: [String]) throws {
        try database.execute("CREATE TABLE IF NOT EXISTS quarantine (source TEXT, file TEXT, line INTEGER, column_name TEXT, value TEXT, reason TEXT)")
        let insert = try database.prepare("INSERT INTO quarantine VALUES (?,?,?,?,?,?)")
        let forget = try database.prepare("DELETE FROM quarantine WHERE source = ?")
        try database.transaction {
            for s in sources { try forget.run([.text(s)]) }
            for q in records { try insert.run([.text(q.source), .text(q.file), .integer(Int64(q.line)), .text(q.column), .text(q.value), .text(q.reason)]) }
        }
    }

    public func writeEstimates(_ estimates: [Estimate]) throws {
        try database.execute("""
            DROP TABLE IF EXISTS estimates;
            CREATE TABLE estimates (exhibit TEXT, series TEXT, category TEXT, label TEXT, n INTEGER, base_n INTEGER,
              weighted REAL, base_weighted REAL, percent REAL, ci_low REAL, ci_high REAL,
              se REAL, cv REAL, deff REAL, n_eff REAL, df INTEGER, interval_method TEXT, series_label TEXT,
              PRIMARY KEY (exhibit, series, category))
            """)
        let insert = try database.prepare("INSERT INTO estimates VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        func real(_ d: Double?) -> Value { d.map(Value.real) ?? .null }
        try database.transaction {
            for e in estimates {
                try insert.run([.text(e.exhibit), .text(e.series), .text(e.category), .text(e.label), .integer(Int64(e.n)), .integer(Int64(e.baseN)),
                                .real(e.weighted), .real(e.baseWeighted), real(e.percent), real(e.ciLow), real(e.ciHigh),
                                real(e.se), real(e.cv), real(e.deff), real(e.nEff), e.df.map { .integer(Int64($0)) } ?? .null,
                                .text(e.interval.rawValue), e.seriesLabel.map(Value.text) ?? .null])
            }
        }
    }

    public func writeStatistics(_ statistics: [Statistic]) throws {
        try database.execute("""
            DROP TABLE IF EXISTS statistics;
            CREATE TABLE statistics (statistic TEXT PRIMARY KEY, label TEXT, estimate TEXT, from_table TEXT, variable TEXT, denominator TEXT,
              n INTEGER, value REAL, se REAL, cv REAL, ci_low REAL, ci_high REAL, deff REAL, df INTEGER, interval_method TEXT)
            """)
        let insert = try database.prepare("INSERT INTO statistics VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        func real(_ d: Double?) -> Value { d.map(Value.real) ?? .null }
        try database.transaction {
            for s in statistics {
                let r = s.result
                try insert.run([.text(s.id), .text(s.label), .text(s.kind.rawValue), .text(s.from), .text(s.variable), s.denominator.map(Value.text) ?? .null,
                                .integer(Int64(r.n)), real(r.estimate), real(r.se), real(r.cv), real(r.ciLow), real(r.ciHigh), real(r.deff),
                                r.df.map { .integer(Int64($0)) } ?? .null, .text(r.method)])
            }
        }
    }

    public func writeTests(_ tests: [IndependenceTest]) throws {
        try database.execute("""
            DROP TABLE IF EXISTS tests;
            CREATE TABLE tests (exhibit TEXT PRIMARY KEY, row_variable TEXT, column_variable TEXT, n INTEGER,
              pearson_chisq REAL, f REAL, df1 REAL, df2 REAL, p_value REAL, method TEXT)
            """)
        let insert = try database.prepare("INSERT INTO tests VALUES (?,?,?,?,?,?,?,?,?,?)")
        func real(_ d: Double?) -> Value { d.map(Value.real) ?? .null }
        try database.transaction {
            for t in tests {
                try insert.run([.text(t.exhibit), .text(t.rowVariable), .text(t.columnVariable), .integer(Int64(t.n)), real(t.test?.pearson),
                                real(t.test?.f), real(t.test?.ndf), real(t.test?.ddf), real(t.test?.p), .text("rao-scott-f")])
            }
        }
    }

    public func writeVerification(_ rows: [VerificationRow]) throws {
        try database.execute("DROP TABLE IF EXISTS verification; CREATE TABLE verification (exhibit TEXT, series TEXT, category TEXT, published TEXT, computed TEXT, status TEXT, quote TEXT)")
        let insert = try database.prepare("INSERT INTO verification VALUES (?,?,?,?,?,?,?)")
        try database.transaction {
            for r in rows { try insert.run([.text(r.exhibit), .text(r.series), .text(r.category), .text(r.published), .text(r.computed), .text(r.status.rawValue), .text(r.quote)]) }
        }
    }

    public func writeFiles(_ files: [FileAccount]) throws {
        try database.execute("DROP TABLE IF EXISTS input_files; CREATE TABLE input_files (source TEXT, file TEXT, bytes INTEGER, sha256 TEXT, rows_read INTEGER, rows_loaded INTEGER, rows_quarantined INTEGER)")
        let insert = try database.prepare("INSERT INTO input_files VALUES (?,?,?,?,?,?,?)")
        try database.transaction {
            for f in files { try insert.run([.text(f.source), .text(f.file), .integer(Int64(f.bytes)), .text(f.sha256), .integer(Int64(f.read)), .integer(Int64(f.loaded)), .integer(Int64(f.quarantined))]) }
        }
    }

    /// The run log: the only table whose content changes from run to run.
    public func logRun(startedAt: String, seconds: Double, status: String, version: String) throws {
        try database.execute("CREATE TABLE IF NOT EXISTS runs (started_at TEXT, seconds REAL, status TEXT, migstat_version TEXT)")
        try database.prepare("INSERT INTO runs VALUES (?,?,?,?)").run([.text(startedAt), .real(seconds), .text(status), .text(version)])
    }

}
