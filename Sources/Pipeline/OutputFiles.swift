import Aggregate
import MigstatCore
import Verify

/// The CSV files of output/ whose columns the data contract fixes.
enum OutputFiles {
    static func estimates(_ estimates: [Estimate]) -> String {
        var csv = CSVText(header: ["exhibit", "series", "category", "label", "n", "base_n", "weighted", "base_weighted", "percent", "ci_low", "ci_high",
                                   "se", "cv", "deff", "n_eff", "df", "interval_method", "weighted_se"])
        func num(_ d: Double?) -> String { d.map(formatPlain) ?? "" }
        for e in estimates {
            csv.append([e.exhibit, e.series, e.category, e.label, String(e.n), String(e.baseN), num(e.weighted), num(e.baseWeighted),
                        num(e.percent), num(e.ciLow), num(e.ciHigh), num(e.se), num(e.cv), num(e.deff), num(e.nEff),
                        e.df.map(String.init) ?? "", e.interval.rawValue, num(e.weightedSE)])
        }
        return csv.text
    }

    static func statistics(_ statistics: [Statistic]) -> String {
        var csv = CSVText(header: ["statistic", "label", "estimate", "from", "variable", "denominator", "n", "value", "se", "cv", "ci_low", "ci_high",
                                   "deff", "df", "interval_method"])
        func num(_ d: Double?) -> String { d.map(formatPlain) ?? "" }
        for s in statistics {
            let r = s.result
            csv.append([s.id, s.label, s.kind.rawValue, s.from, s.variable, s.denominator ?? "", String(r.n), num(r.estimate), num(r.se), num(r.cv),
                        num(r.ciLow), num(r.ciHigh), num(r.deff), r.df.map(String.init) ?? "", r.method])
        }
        return csv.text
    }

    static func tests(_ tests: [IndependenceTest]) -> String {
        var csv = CSVText(header: ["exhibit", "row_variable", "column_variable", "n", "pearson_chisq", "f", "df1", "df2", "p_value", "method"])
        func num(_ d: Double?) -> String { d.map(formatPlain) ?? "" }
        for t in tests {
            csv.append([t.exhibit, t.rowVariable, t.columnVariable, String(t.n), num(t.test?.pearson), num(t.test?.f), num(t.test?.ndf),
                        num(t.test?.ddf), num(t.test?.p), "rao-scott-f"])
        }
        return csv.text
    }

    static func indicators(_ indicators: [Indicator]) -> String {
        var csv = CSVText(header: ["indicator", "period", "value", "unit"])
        for i in indicators { csv.append([i.indicator, i.period, formatPlain(i.value), i.unit]) }
        return csv.text
    }

    static func verification(_ rows: [VerificationRow]) -> String {
        var csv = CSVText(header: ["exhibit", "series", "category", "published", "computed", "status"])
        for r in rows { csv.append([r.exhibit, r.series, r.category, r.published, r.computed, r.status.rawValue]) }
        return csv.text
    }

    static func quarantine(_ records: [QuarantineRecord]) -> String {
        var csv = CSVText(header: ["source", "file", "line", "column", "value", "reason"])
        for q in records { csv.append([q.source, q.file, String(q.line), q.column, q.value, q.reason]) }
        return csv.text
    }
}
