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
design <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = data)
