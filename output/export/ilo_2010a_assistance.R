# ilo_2010a_assistance.dta with the sampling design of ilo_2010a declared for R's survey package (written by migstat run;
# docs/exports.md): clusters: resp_id; unweighted.
# Run it from any directory, source("path/to/ilo_2010a_assistance.R") or Rscript path/to/ilo_2010a_assistance.R: it reads the .dta
# beside it and leaves the design in `design` (svymean(~I(x == 1), subset(design, !is.na(x))) for a share).
library(haven)
library(survey)
export_dir <- local({
  sourced <- Filter(Negate(is.null), lapply(sys.frames(), function(frame) frame$ofile))
  # Rscript passes a space in the script's path as "~+~".
  file <- if (length(sourced) > 0) sourced[[length(sourced)]] else gsub("~+~", " ", sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)), fixed = TRUE)
  if (length(file) != 1) stop("cannot tell where ilo_2010a_assistance.R is: source() it or run it with Rscript")
  dirname(normalizePath(file))
})
data <- as.data.frame(read_dta(file.path(export_dir, "ilo_2010a_assistance.dta")))
parent <- as.data.frame(read_dta(file.path(export_dir, "ilo_2010a_migrants.dta")))
unit_key <- function(d, columns) do.call(paste, c(lapply(d[columns], function(x) if (is.numeric(x)) sprintf("%.0f", x) else as.character(x)), sep = "\r"))
row <- match(unit_key(data, c("resp_id")), unit_key(parent, c("resp_id")))
if (anyNA(row)) stop("rows of ilo_2010a_assistance.dta without their ilo_2010a_migrants row")
# A stratum with one PSU (pipeline.json's lonely_psu, R's answer of the same name).
options(survey.lonely.psu = "fail")
design <- svydesign(ids = ~resp_id, weights = rep(1, nrow(data)), data = data)
