# Expected standard errors on the generated sample (data.csv) whose strata s7 and s8 have a single PSU, under
# each of R's answers to a lonely PSU (options(survey.lonely.psu = …)), computed with R's survey package.
# Regenerate from this folder: Rscript lonely.R  (writes lonely.csv).
source("../reference_helpers.R")
d <- read.csv("data.csv", colClasses = c(stratum = "character"))
domains <- list(all = rep(TRUE, nrow(d)), north = d$region == "north", in_a = d$in_a == 1,
                no_s8 = d$stratum != "s8", s7_only = d$stratum %in% c("s6", "s7"))
out <- list()
for (answer in c("adjust", "average", "remove", "certainty")) {
  options(survey.lonely.psu = answer)
  design <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
  for (k in names(domains)) {
    s <- subset(design, domains[[k]])
    m <- svymean(~y, s); t <- svytotal(~y, s)
    out[[length(out) + 1]] <- data.frame(lonely_psu = answer, domain = k, mean = f(unname(coef(m))), mean_se = f(unname(SE(m))),
      total = f(unname(coef(t))), total_se = f(unname(SE(t))), df = degf(s))
  }
}
options(survey.lonely.psu = "fail")
stopifnot(inherits(try(svymean(~y, svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)), silent = TRUE), "try-error"))
write.csv(do.call(rbind, out), "lonely.csv", row.names = FALSE, quote = FALSE)
