# ilo_2009_hh_members.dta with the sampling design of ilo_2009_hh declared for R's survey package (written by migstat run;
# docs/exports.md): clusters: psu; strata: region_code x settlement; weights: weight; each row carries the design of its ilo_2009_hh_households row.
# Run it from any directory, source("path/to/ilo_2009_hh_members.R") or Rscript path/to/ilo_2009_hh_members.R: it reads the .dta
# beside it and leaves the design in `design` (svymean(~I(x == 1), subset(design, !is.na(x))) for a share).
library(haven)
library(survey)
export_dir <- local({
  sourced <- Filter(Negate(is.null), lapply(sys.frames(), function(frame) frame$ofile))
  # Rscript passes a space in the script's path as "~+~".
  file <- if (length(sourced) > 0) sourced[[length(sourced)]] else gsub("~+~", " ", sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)), fixed = TRUE)
  if (length(file) != 1) stop("cannot tell where ilo_2009_hh_members.R is: source() it or run it with Rscript")
  dirname(normalizePath(file))
})
data <- as.data.frame(read_dta(file.path(export_dir, "ilo_2009_hh_members.dta")))
parent <- as.data.frame(read_dta(file.path(export_dir, "ilo_2009_hh_households.dta")))
unit_key <- function(d, columns) do.call(paste, c(lapply(d[columns], function(x) if (is.numeric(x)) sprintf("%.0f", x) else as.character(x)), sep = "\r"))
row <- match(unit_key(data, c("hh_id")), unit_key(parent, c("hh_id")))
if (anyNA(row)) stop("rows of ilo_2009_hh_members.dta without their ilo_2009_hh_households row")
data[["weight"]] <- parent[["weight"]][row]
data[["region_code"]] <- parent[["region_code"]][row]
data[["settlement"]] <- parent[["settlement"]][row]
data[["psu"]] <- parent[["psu"]][row]
data$stratum <- interaction(lapply(data[c("region_code", "settlement")], zap_labels), drop = TRUE)
# A stratum with one PSU (pipeline.json's lonely_psu, R's answer of the same name).
options(survey.lonely.psu = "fail")
design <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = data)
# Calibration (pipeline.json): raked to official.households_2010 (households) by region_code and by settlement; scope calibrated_statistics: estimates.csv's exhibits use the design weights, only statistics declared "calibrated" the calibrated ones.
# The weights are calibrated over the ilo_2009_hh_households rows, in its script; this table's rows are not calibrated here.
