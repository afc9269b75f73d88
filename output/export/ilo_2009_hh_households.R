# ilo_2009_hh_households.dta with the sampling design of ilo_2009_hh declared for R's survey package (written by migstat run;
# docs/exports.md): clusters: psu; strata: region_code x settlement; weights: weight.
# Run it from any directory, source("path/to/ilo_2009_hh_households.R") or Rscript path/to/ilo_2009_hh_households.R: it reads the .dta
# beside it and leaves the design in `design` (svymean(~I(x == 1), subset(design, !is.na(x))) for a share).
library(haven)
library(survey)
export_dir <- local({
  sourced <- Filter(Negate(is.null), lapply(sys.frames(), function(frame) frame$ofile))
  # Rscript passes a space in the script's path as "~+~".
  file <- if (length(sourced) > 0) sourced[[length(sourced)]] else gsub("~+~", " ", sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)), fixed = TRUE)
  if (length(file) != 1) stop("cannot tell where ilo_2009_hh_households.R is: source() it or run it with Rscript")
  dirname(normalizePath(file))
})
data <- as.data.frame(read_dta(file.path(export_dir, "ilo_2009_hh_households.dta")))
data$stratum <- interaction(lapply(data[c("region_code", "settlement")], zap_labels), drop = TRUE)
# A stratum with one PSU (pipeline.json's lonely_psu, R's answer of the same name).
options(survey.lonely.psu = "fail")
# The calibration's classifications: a text code as delivered (its <name>_code in the .dta), a number as it is.
delivered <- function(column) { code <- data[[paste0(column, "_code")]]; if (is.character(code)) code else as.character(zap_labels(data[[column]])) }
data$calibration_region_code <- delivered("region_code")
data$calibration_settlement <- delivered("settlement")
population <- data.frame(calibration_region_code = c("DUS", "SUG", "SUG", "KHT", "KHT", "GBAO", "GBAO", "RRP", "RRP"),
  calibration_settlement = c("urban", "urban", "rural", "urban", "rural", "urban", "rural", "urban", "rural"),
  Freq = c(20400, 36900, 262800, 29500, 352000, 1900, 13500, 17400, 240300), stringsAsFactors = FALSE)
design <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = data)
# Calibration (pipeline.json): raked to official.households_2010 (households) by region_code and by settlement; scope calibrated_statistics: estimates.csv's exhibits use the design weights, only statistics declared "calibrated" the calibrated ones.
calibrated <- rake(design, list(~calibration_region_code, ~calibration_settlement),
  list(aggregate(population["Freq"], population["calibration_region_code"], sum),
    aggregate(population["Freq"], population["calibration_settlement"], sum)))
