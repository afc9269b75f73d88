/// What the columns of output/'s CSV files mean (README "What output/ holds", "Statistics"), their keys, and
/// which hold a closed set of values.
enum ColumnDescriptions {
    static let all: [String: String] = [
        "exhibit": "The exhibit (table or figure) of the study, as named in pipeline.json.",
        "series": "A series (row group) of the exhibit.",
        "category": "A category of the series: a code's stable name, an ISO3 code or a region code.",
        "label": "The category's label as printed.",
        "n": "Unweighted count of units in the category.",
        "base_n": "Unweighted count of units in the base (\"no answer\" excluded; for a multiple-response series, respondents with an answer).",
        "weighted": "Sum of the weights of the units in the category (the count for an unweighted source).",
        "base_weighted": "Sum of the weights of the units in the base.",
        "percent": "Weighted share of the base in the category, in percent, unrounded.",
        "ci_low": "Lower end of the 95% interval of percent (see interval_method); empty for a census.",
        "ci_high": "Upper end of the 95% interval of percent (see interval_method); empty for a census.",
        "se": "Standard error of the estimate (in points for percent), by Taylor linearisation over the sampling design; empty for a census.",
        "cv": "Coefficient of variation: se divided by the estimate.",
        "deff": "Design effect against a simple random sample of the same size drawn with replacement (R survey deff = \"replace\"), for an unweighted simple random sample's domain of n of N units, (N/(N-1))·((n-1)/n).",
        "n_eff": "Effective sample size: base_n divided by deff.",
        "df": "Degrees of freedom of the design in the domain: PSUs minus strata with a unit in it; base_n - 1 for a simple random sample.",
        "interval_method": "How the 95% interval was computed: logit (R svyciprop method logit, t quantile with df), wilson (Wilson score on base_n), t (estimate ± t·se), or census (no sampling error).",
        "weighted_se": "Standard error of weighted, the estimated number of units in the category over the whole design (R survey svytotal of the category's indicator on the domain); empty for an unweighted source and a census.",
        "published": "The number as the study prints it.",
        "computed": "The regenerated number, rounded as printed.",
        "status": "match, differs, or text-differs (a prose claim of the study that its own data do not bear out).",
        "source": "The source (provider extract) of pipeline.json.",
        "file": "The raw file, relative to the raw directory.",
        "line": "The physical line the record starts on (1 = the header line).",
        "column": "The column whose value failed the check (empty for a whole-row defect).",
        "value": "The raw value as read (a derived indicator's computed value in indicators.csv).",
        "reason": "Why the row was quarantined.",
        "indicator": "The indicator's identifier.",
        "period": "The period the indicator refers to.",
        "unit": "The unit of the value.",
        "statistic": "The statistic's identifier in pipeline.json.",
        "estimate": "The kind of estimate (mean, total, ratio), or its value.",
        "from": "The table or join the statistic is computed over.",
        "variable": "The variable estimated.",
        "denominator": "The denominator variable of a ratio.",
        "pearson_chisq": "Pearson's chi-squared statistic of the cross-tabulation, weighted.",
        "f": "The Rao-Scott second-order corrected F statistic.",
        "df1": "Numerator degrees of freedom of F.",
        "df2": "Denominator degrees of freedom of F.",
        "p_value": "P-value of the Rao-Scott F test.",
        "method": "The test's method.",
    ]

    /// Columns whose values are a closed set, declared as an enum constraint.
    static let enumerated: Set<String> = ["exhibit", "interval_method", "status", "source", "method", "estimate"]

    /// Primary keys of the files whose columns the data contract fixes (declared only where the data bear them out).
    static let primaryKeys: [String: [String]] = [
        "estimates": ["exhibit", "series", "category"],
        "statistics": ["statistic"],
        "tests": ["exhibit"],
        "indicators": ["indicator", "period"],
        "verification": ["exhibit", "series", "category"],
        "quarantine": ["source", "file", "line", "column"],
    ]
}
