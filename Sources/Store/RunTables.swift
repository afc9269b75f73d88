import MigstatCore

/// The tables a run writes besides the normalized ones, declared once, with the mapping of each record to its
/// row and back.
public enum RunTables {
    typealias C = StoreTable.Column

    public static let codebook = StoreTable("codebook", [
        C("table_name", .text), C("variable", .text), C("code", .text), C("category", .text), C("label", .text),
        C("no_answer", .integer), C("label_en", .text), C("label_ru", .text),
    ])
    public static let quarantine = StoreTable("quarantine", [
        C("source", .text), C("file", .text), C("line", .integer), C("column_name", .text), C("value", .text), C("reason", .text),
    ])
    public static let estimates = StoreTable("estimates", [
        C("exhibit", .text), C("series", .text), C("category", .text), C("label", .text), C("n", .integer), C("base_n", .integer),
        C("weighted", .real), C("base_weighted", .real), C("percent", .real), C("ci_low", .real), C("ci_high", .real),
        C("se", .real), C("cv", .real), C("deff", .real), C("n_eff", .real), C("df", .integer), C("interval_method", .text),
        C("series_label", .text), C("weighted_se", .real),
    ], primaryKey: ["exhibit", "series", "category"])
    public static let statistics = StoreTable("statistics", [
        C("statistic", .text), C("label", .text), C("estimate", .text), C("from_table", .text), C("variable", .text),
        C("denominator", .text), C("n", .integer), C("value", .real), C("se", .real), C("cv", .real), C("ci_low", .real),
        C("ci_high", .real), C("deff", .real), C("df", .integer), C("interval_method", .text),
    ], primaryKey: ["statistic"])
    public static let tests = StoreTable("tests", [
        C("exhibit", .text), C("row_variable", .text), C("column_variable", .text), C("n", .integer), C("pearson_chisq", .real),
        C("f", .real), C("df1", .real), C("df2", .real), C("p_value", .real), C("method", .text),
    ], primaryKey: ["exhibit"])
    public static let verification = StoreTable("verification", [
        C("exhibit", .text), C("series", .text), C("category", .text), C("published", .text), C("computed", .text),
        C("status", .text), C("quote", .text),
    ])
    public static let inputFiles = StoreTable("input_files", [
        C("source", .text), C("file", .text), C("bytes", .integer), C("sha256", .text), C("rows_read", .integer),
        C("rows_loaded", .integer), C("rows_quarantined", .integer),
    ])
    public static let runs = StoreTable("runs", [C("started_at", .text), C("seconds", .real), C("status", .text), C("migstat_version", .text)])
    /// Every table above, and those a delivery table's store adds beside its own (`DeliveryStore`).
    public static let names = [codebook, quarantine, estimates, statistics, tests, verification, inputFiles, runs].map(\.name)
        + ["deliveries", "delivery_tables"]

    /// A normalized table: each row keeps the raw file and physical line it came from, so that a SQL user can
    /// trace a number too.
    static func normalized(_ table: DataTable, as name: String) -> StoreTable {
        StoreTable(name, [C("source_file", .text), C("source_line", .integer)] + table.columns.map { c in
            switch table.meta[c]?.type {
            case .integer?: return C(c, .integer)
            case .decimal?: return C(c, .real)
            default: return C(c, .text)
            }
        })
    }

    static func row(_ q: QuarantineRecord) -> [Value] {
        [.text(q.source), .text(q.file), .integer(Int64(q.line)), .text(q.column), .text(q.value), .text(q.reason)]
    }

    static func quarantineRecord(_ r: [Value]) -> QuarantineRecord {
        QuarantineRecord(source: r[0].key, file: r[1].key, line: Int(r[2].number ?? 0), column: r[3].key, value: r[4].key, reason: r[5].key)
    }

    static func row(_ e: Estimate) -> [Value] {
        [.text(e.exhibit), .text(e.series), .text(e.category), .text(e.label), .integer(Int64(e.n)), .integer(Int64(e.baseN)),
         .real(e.weighted), .real(e.baseWeighted), real(e.percent), real(e.ciLow), real(e.ciHigh),
         real(e.se), real(e.cv), real(e.deff), real(e.nEff), integer(e.df), .text(e.interval.rawValue), text(e.seriesLabel),
         real(e.weightedSE)]
    }

    static func estimate(_ r: [Value]) -> Estimate {
        var e = Estimate(exhibit: r[0].key, series: r[1].key, category: r[2].key, label: r[3].key,
                         n: Int(r[4].number ?? 0), baseN: Int(r[5].number ?? 0), weighted: r[6].number ?? 0, baseWeighted: r[7].number ?? 0,
                         percent: r[8].number, ciLow: r[9].number, ciHigh: r[10].number,
                         interval: IntervalMethod(rawValue: r[16].key) ?? .wilson)
        e.se = r[11].number; e.cv = r[12].number; e.deff = r[13].number; e.nEff = r[14].number
        e.df = r[15].number.map { Int($0) }
        e.seriesLabel = r[17].isNull ? nil : r[17].key
        e.weightedSE = r[18].number
        return e
    }

    static func row(_ s: Statistic) -> [Value] {
        let r = s.result
        return [.text(s.id), .text(s.label), .text(s.kind.rawValue), .text(s.from), .text(s.variable), text(s.denominator),
                .integer(Int64(r.n)), real(r.estimate), real(r.se), real(r.cv), real(r.ciLow), real(r.ciHigh), real(r.deff),
                integer(r.df), .text(r.method)]
    }

    static func row(_ t: IndependenceTest) -> [Value] {
        [.text(t.exhibit), .text(t.rowVariable), .text(t.columnVariable), .integer(Int64(t.n)), real(t.test?.pearson),
         real(t.test?.f), real(t.test?.ndf), real(t.test?.ddf), real(t.test?.p), .text("rao-scott-f")]
    }

    static func row(_ r: VerificationRow) -> [Value] {
        [.text(r.exhibit), .text(r.series), .text(r.category), .text(r.published), .text(r.computed), .text(r.status.rawValue), .text(r.quote)]
    }

    static func row(_ f: FileAccount) -> [Value] {
        [.text(f.source), .text(f.file), .integer(Int64(f.bytes)), .text(f.sha256), .integer(Int64(f.read)),
         .integer(Int64(f.loaded)), .integer(Int64(f.quarantined))]
    }

    static func fileAccount(_ r: [Value]) -> FileAccount {
        FileAccount(source: r[0].key, file: r[1].key, bytes: Int(r[2].number ?? 0), sha256: r[3].key,
                    read: Int(r[4].number ?? 0), loaded: Int(r[5].number ?? 0), quarantined: Int(r[6].number ?? 0))
    }

    /// The codebook rows of a cleaned table: one question row per labelled variable (`code` NULL), then one per
    /// code and one per "no answer" code (`no_answer` 1). `label` is the English label.
    static func codebookRows(_ t: DataTable) -> [[Value]] {
        var rows: [[Value]] = []
        for c in t.columns { guard let meta = t.meta[c] else { continue }
            if !meta.labels.isEmpty {
                rows.append([.text(t.name), .text(c), .null, .null, text(meta.labels["en"]), .null, text(meta.labels["en"]), text(meta.labels["ru"])])
            }
            for code in meta.codes {
                let en = code.label ?? meta.codeLabels[code.code]?["en"]
                rows.append([.text(t.name), .text(c), .text(code.code), .text(code.name), text(en), .integer(0), text(en), text(meta.codeLabels[code.code]?["ru"])])
            }
            for code in meta.noAnswer {
                let labels = meta.codeLabels[code]
                rows.append([.text(t.name), .text(c), .text(code), .text("no_answer"), text(labels?["en"]), .integer(1), text(labels?["en"]), text(labels?["ru"])])
            }
        }
        return rows
    }

    private static func real(_ d: Double?) -> Value { d.map(Value.real) ?? .null }
    private static func integer(_ i: Int?) -> Value { i.map { .integer(Int64($0)) } ?? .null }
    private static func text(_ s: String?) -> Value { s.map(Value.text) ?? .null }
}
