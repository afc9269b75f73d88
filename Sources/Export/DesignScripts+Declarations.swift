import MigstatCore

/// What a design declares besides its columns, written into the scripts so that they compute what migstat does:
/// the answer to a stratum with one PSU (`lonely_psu`) and the calibration of the weights to population totals.
extension DesignScripts {
    var lonelyPSU: LonelyPSU { design?.lonelyPSU ?? .fail }

    /// R's option of the same name takes each of migstat's answers as it is (migstat follows R's `onestrat`).
    var rLonelyPSU: String {
        "# A stratum with one PSU (pipeline.json's lonely_psu, R's answer of the same name).\noptions(survey.lonely.psu = \"\(lonelyPSU.rawValue)\")\n"
    }

    /// Stata's `singleunit()` for each answer, and a comment where Stata's rule is not R's.
    var stataSingleUnit: (option: String?, comment: String) {
        switch lonelyPSU {
        case .fail:
            return (nil, "* lonely_psu fail: Stata has no answer that stops; its default, singleunit(missing), leaves the standard error\n"
                + "* of an estimate over a stratum with one PSU missing instead (migstat refuses such a design).\n")
        case .adjust: return ("singleunit(centered)", "* lonely_psu adjust: singleunit(centered), the PSU's total taken about the whole sample's mean, as R's adjust.\n")
        case .average: return ("singleunit(scaled)", "* lonely_psu average: singleunit(scaled), the other strata's variance scaled up, as R's average.\n")
        case .remove: return ("singleunit(certainty)", "* lonely_psu remove: singleunit(certainty), the stratum adds nothing, the variance R's remove gives.\n")
        case .certainty: return ("singleunit(certainty)", "* lonely_psu certainty: singleunit(certainty), the stratum adds nothing.\n")
        }
    }

    /// One sentence: what is calibrated to what, and which estimates use it.
    private func calibrationSummary(_ c: CalibrationConfig) -> String {
        let how = c.rake.map { "raked to \(c.totals) (\(c.count)) by " + $0.joined(separator: " and by ") }
            ?? "post-stratified to \(c.totals) (\(c.count)) by " + (c.postStrata ?? []).joined(separator: " x ")
        switch c.scope {
        case .everyEstimate: return how + "; scope every_estimate: every estimate of estimates.csv uses the calibrated weights."
        case .calibratedStatistics:
            return how + "; scope calibrated_statistics: estimates.csv's exhibits use the design weights, only statistics declared \"calibrated\" the calibrated ones."
        }
    }

    /// The calibration's columns and population totals, summed over the totals file's other columns as migstat
    /// does; nil where the script cannot calibrate (a comment says why). A child table's calibration is its
    /// parent's, done in the parent's script.
    private var rCalibrationData: (columns: [String], lines: String)? {
        guard let c = design?.calibration, !inheritsDesign, let totals, let countIndex = totals.columns.firstIndex(of: c.count) else { return nil }
        let columns = c.margins.flatMap { $0 }
        let indices = columns.compactMap { totals.columns.firstIndex(of: $0) }
        guard indices.count == columns.count else { return nil }
        var s = "# The calibration's classifications: a text code as delivered (its <name>_code in the .dta), a number as it is.\n"
        s += "delivered <- function(column) { code <- data[[paste0(column, \"_code\")]]; if (is.character(code)) code else as.character(zap_labels(data[[column]])) }\n"
        for column in columns { s += "data$calibration_\(column) <- delivered(\"\(column)\")\n" }
        var population = zip(columns, indices).map { column, index in
            "calibration_\(column) = c(" + totals.rows.map { rString($0[index].key) }.joined(separator: ", ") + ")"
        }
        population.append("Freq = c(" + totals.rows.map { rNumber($0[countIndex].number ?? .nan) }.joined(separator: ", ") + ")")
        s += "population <- data.frame(\(population.joined(separator: ",\n  ")), stringsAsFactors = FALSE)\n"
        return (columns, s)
    }

    /// Before `design`: the columns calibrated on and the population totals.
    var rCalibrationColumns: String { rCalibrationData?.lines ?? "" }

    /// After `design`: the calibrated design — `design` itself when every estimate is calibrated, else
    /// `calibrated` beside it.
    var rCalibration: String {
        guard let c = design?.calibration else { return "" }
        var s = "# Calibration (pipeline.json): " + calibrationSummary(c) + "\n"
        if inheritsDesign {
            return s + "# The weights are calibrated over the \(source.id)_\(parent?.id ?? "") rows, in its script; this table's rows are not calibrated here.\n"
        }
        guard rCalibrationData != nil else { return s + "# The totals table or one of its columns was not loaded with the export: not declared here.\n" }
        let target = c.scope == .everyEstimate ? "design" : "calibrated"
        if let rake = c.rake {
            let margins = rake.map { "aggregate(population[\"Freq\"], population[\"calibration_\($0)\"], sum)" }
            s += "\(target) <- rake(design, list(\(rake.map { "~calibration_\($0)" }.joined(separator: ", "))),\n  list(\(margins.joined(separator: ",\n    "))))\n"
        } else if let strata = c.postStrata {
            let names = strata.map { "\"calibration_\($0)\"" }.joined(separator: ", ")
            s += "\(target) <- postStratify(design, ~\(strata.map { "calibration_\($0)" }.joined(separator: " + ")), "
                + "aggregate(population[\"Freq\"], population[c(\(names))], sum))\n"
        }
        return s
    }

    /// Stata's svyset post-stratifies on one variable and rakes only with svycal (Stata 18): not written, said.
    var stataCalibration: String {
        guard let c = design?.calibration else { return "" }
        var s = "* Calibration (pipeline.json): " + calibrationSummary(c) + "\n"
        s += "* Not declared here: svyset's poststrata()/postweight() take one post-stratum variable with its population total merged in,\n"
            + "* and raking needs svycal rake (Stata 18) with each margin's totals; the R script beside this one declares it"
            + (inheritsDesign ? " (in the parent's).\n" : ".\n")
        if c.scope == .everyEstimate { s += "* So the standard errors of svy: here are those of the design weights, not estimates.csv's calibrated ones.\n" }
        return s
    }

    private func rString(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private func rNumber(_ x: Double) -> String {
        x.isNaN ? "NA" : x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}
