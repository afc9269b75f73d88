import MigstatCore

/// `export/<source>_<table>.R` and `.do`: open the export with its source's sampling design declared (R's
/// `survey`, Stata's `svyset`), so that `svymean` and `svy:` give the standard errors of estimates.csv. A child
/// table (members, answers in long form) takes its parent's design: the design's columns are copied from the
/// parent's export by its key, and its rows are clustered in the parent's PSU, or else in the parent unit itself.
public struct DesignScripts {
    let name: String, source: SourceConfig, table: TableConfig
    let parent: TableConfig?
    /// The design and where its columns come from (the parent's, for a child table).
    let design: DesignConfig?
    /// Design columns copied from the parent: (name in the parent, name in the data).
    let copied: [(from: String, to: String)]
    /// The cluster: a PSU column, the parent's key columns (each parent unit a cluster), or none (each row its own).
    let cluster: [String]

    /// The population totals of the design's calibration (nil without one, or for a child table, whose parent's
    /// script calibrates).
    let totals: DataTable?
    /// The design is the parent's.
    let inheritsDesign: Bool

    /// nil for a census, whose exports are not made (it has no sampling error to declare).
    public init?(source: SourceConfig, table: TableConfig, totals: DataTable? = nil) {
        self.name = "\(source.id)_\(table.id)"
        self.source = source
        self.table = table
        let parent = table.parent.flatMap { p in source.tables.first { $0.id == p.table } }
        self.parent = parent
        let inherited = table.design == nil && parent != nil
        inheritsDesign = inherited
        self.totals = totals
        design = table.design ?? parent?.design
        if design?.census == true { return nil }
        let own = Set(table.columns.map(\.name))
        let copied = inherited ? (design?.columns.map(\.column) ?? []).map { ($0, own.contains($0) ? "design_" + $0 : $0) } : []
        func named(_ column: String) -> String { copied.first { $0.0 == column }?.1 ?? column }
        self.copied = copied
        if let psu = design?.psu { cluster = [named(psu)] } else if inherited, let p = table.parent { cluster = p.columns } else { cluster = [] }
        weight = design?.weight.map(named)
        strata = design?.strata.map(named) ?? []
        fpc = design?.fpc.map(named)
    }
    let weight: String?, strata: [String], fpc: String?
    var stratum: String { table.columns.contains { $0.name == "stratum" } ? "design_stratum" : "stratum" }
    var unit: String { table.columns.contains { $0.name == "unit" } ? "design_unit" : "unit" }

    /// What the design is, in a sentence of the script's header.
    var summary: String {
        var parts: [String] = []
        parts.append(cluster.isEmpty ? "each row its own unit (simple random sample)" : "clusters: \(cluster.joined(separator: " x "))")
        if !strata.isEmpty { parts.append("strata: \(strata.joined(separator: " x "))") }
        parts.append(weight.map { "weights: \($0)" } ?? "unweighted")
        if let fpc { parts.append("finite population correction: \(fpc)") }
        if let parent, !copied.isEmpty { parts.append("each row carries the design of its \(source.id)_\(parent.id) row") }
        return parts.joined(separator: "; ")
    }

    public var r: String {
        var s = """
        # \(name).dta with the sampling design of \(source.id) declared for R's survey package (written by migstat run;
        # docs/exports.md): \(summary).
        # Run it from any directory, source("path/to/\(name).R") or Rscript path/to/\(name).R: it reads the .dta
        # beside it and leaves the design in `design` (svymean(~I(x == 1), subset(design, !is.na(x))) for a share).
        library(haven)
        library(survey)
        export_dir <- local({
          sourced <- Filter(Negate(is.null), lapply(sys.frames(), function(frame) frame$ofile))
          # Rscript passes a space in the script's path as "~+~".
          file <- if (length(sourced) > 0) sourced[[length(sourced)]] else gsub("~+~", " ", sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)), fixed = TRUE)
          if (length(file) != 1) stop("cannot tell where \(name).R is: source() it or run it with Rscript")
          dirname(normalizePath(file))
        })
        data <- as.data.frame(read_dta(file.path(export_dir, "\(name).dta")))

        """
        if let parent, let p = table.parent, !copied.isEmpty || cluster == p.columns {
            s += """
            parent <- as.data.frame(read_dta(file.path(export_dir, "\(source.id)_\(parent.id).dta")))
            unit_key <- function(d, columns) do.call(paste, c(lapply(d[columns], function(x) if (is.numeric(x)) sprintf("%.0f", x) else as.character(x)), sep = "\\r"))
            row <- match(unit_key(data, \(rVector(p.columns))), unit_key(parent, \(rVector(parent.key))))
            if (anyNA(row)) stop("rows of \(name).dta without their \(source.id)_\(parent.id) row")

            """
            for c in copied { s += "data[[\"\(c.to)\"]] <- parent[[\"\(c.from)\"]][row]\n" }
        }
        if !strata.isEmpty { s += "data$\(stratum) <- interaction(lapply(data[\(rVector(strata))], zap_labels), drop = TRUE)\n" }
        if cluster.count > 1 { s += "data$\(unit) <- unit_key(data, \(rVector(cluster)))\n" }
        var arguments = ["ids = ~" + (cluster.isEmpty ? "1" : cluster.count > 1 ? unit : cluster[0])]
        if !strata.isEmpty { arguments.append("strata = ~\(stratum)") }
        // No weights: equal ones, the same estimates without survey's "assuming equal probability" warning.
        arguments.append(weight.map { "weights = ~\($0)" } ?? "weights = rep(1, nrow(data))")
        if let fpc { arguments.append("fpc = ~\(fpc)") }
        if !strata.isEmpty && !cluster.isEmpty { arguments.append("nest = TRUE") }
        s += rLonelyPSU + rCalibrationColumns
        s += "design <- svydesign(\(arguments.joined(separator: ", ")), data = data)\n"
        return s + rCalibration
    }

    public var stata: String {
        var s = """
        * \(name).dta with the sampling design of \(source.id) declared for Stata's svy: (written by migstat run;
        * docs/exports.md): \(summary).
        * Stata cannot tell where a do-file is: run it in the export directory (do \(name).do), or give the directory,
        * do "path/to/export/\(name).do" "path/to/export".
        args dir
        if `"`dir'"' == "" local dir `"`c(pwd)'"'
        capture confirm file `"`dir'/\(name).dta"'
        if _rc {
            display as error `"\(name).dta is not in `dir': run  do "path/to/export/\(name).do" "path/to/export""'
            exit 601
        }

        """
        if let parent, let p = table.parent, !copied.isEmpty {
            s += "use \((parent.key + copied.map(\.from)).joined(separator: " ")) using `\"`dir'/\(source.id)_\(parent.id).dta\"', clear\n"
            for (from, to) in zip(parent.key, p.columns) where from != to { s += "rename \(from) \(to)\n" }
            for c in copied where c.from != c.to { s += "rename \(c.from) \(c.to)\n" }
            s += "tempfile design\nsave `design'\n"
            s += "use `\"`dir'/\(name).dta\"', clear\n"
            s += "merge m:1 \(p.columns.joined(separator: " ")) using `design', keep(master match) nogenerate\n"
        } else {
            s += "use `\"`dir'/\(name).dta\"', clear\n"
        }
        if !strata.isEmpty { s += "egen \(stratum) = group(\(strata.joined(separator: " ")))\n" }
        if cluster.count > 1 { s += "egen \(unit) = group(\(cluster.joined(separator: " ")))\n" }
        var line = "svyset " + (cluster.isEmpty ? "_n" : cluster.count > 1 ? unit : cluster[0])
        if let weight { line += " [pweight=\(weight)]" }
        var options: [String] = []
        if !strata.isEmpty { options.append("strata(\(stratum))") }
        if let fpc { options.append("fpc(\(fpc))") }
        let single = stataSingleUnit
        if let option = single.option { options.append(option) }
        options.append("vce(linearized)")
        s += single.comment
        s += line + ", " + options.joined(separator: " ") + "\n"
        return s + stataCalibration
    }

    private func rVector(_ names: [String]) -> String { "c(" + names.map { "\"\($0)\"" }.joined(separator: ", ") + ")" }
}
