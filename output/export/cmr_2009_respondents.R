# cmr_2009_respondents.dta with the sampling design of cmr_2009 declared for R's survey package (written by migstat run;
# docs/exports.md): each row its own unit (simple random sample); unweighted.
# Run it from any directory, source("path/to/cmr_2009_respondents.R") or Rscript path/to/cmr_2009_respondents.R: it reads the .dta
# beside it and leaves the design in `design` (svymean(~I(x == 1), subset(design, !is.na(x))) for a share).
library(haven)
library(survey)
export_dir <- local({
  sourced <- Filter(Negate(is.null), lapply(sys.frames(), function(frame) frame$ofile))
  # Rscript passes a space in the script's path as "~+~".
  file <- if (length(sourced) > 0) sourced[[length(sourced)]] else gsub("~+~", " ", sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)), fixed = TRUE)
  if (length(file) != 1) stop("cannot tell where cmr_2009_respondents.R is: source() it or run it with Rscript")
  dirname(normalizePath(file))
})
data <- as.data.frame(read_dta(file.path(export_dir, "cmr_2009_respondents.dta")))
# A stratum with one PSU (pipeline.json's lonely_psu, R's answer of the same name).
options(survey.lonely.psu = "fail")
design <- svydesign(ids = ~1, weights = rep(1, nrow(data)), data = data)
