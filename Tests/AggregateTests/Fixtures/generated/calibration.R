# Expected calibrated estimates on the generated sample (data.csv, strata s1-s6) with population totals by region
# and settlement (totals.csv, written here): R's postStratify on the cells region x settlement, and rake on
# the margins region and settlement (R's default control), computed with R's survey package.
# Regenerate from this folder: Rscript calibration.R  (writes totals.csv and calibration.csv).
source("../reference_helpers.R")
d <- read.csv("data.csv", colClasses = c(stratum = "character"))
d <- d[d$stratum %in% paste0("s", 1:6), ]
design <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
# Totals that bind: each cell's weighted sample count moved by -30% to +40%.
cells <- aggregate(weight ~ region + settlement, d, sum)
set.seed(7)
cells$households <- round(cells$weight * runif(nrow(cells), 0.7, 1.4))
write.csv(cells[, c("region", "settlement", "households")], "totals.csv", row.names = FALSE, quote = FALSE)
pop <- cells[, c("region", "settlement")]; pop$Freq <- cells$households
calibrated <- list(
  post_stratify = postStratify(design, ~region + settlement, pop),
  rake = rake(design, list(~region, ~settlement),
              list(aggregate(Freq ~ region, pop, sum), aggregate(Freq ~ settlement, pop, sum))))
domains <- list(all = rep(TRUE, nrow(d)), north = d$region == "north", in_a = d$in_a == 1, urban_s1 = d$settlement == "urban" & d$stratum == "s1")
out <- list()
for (method in names(calibrated)) {
  for (k in names(domains)) {
    s <- subset(calibrated[[method]], domains[[k]])
    m <- svymean(~y, s, deff = "replace"); t <- svytotal(~y, s)
    out[[length(out) + 1]] <- data.frame(method = method, domain = k, mean = f(unname(coef(m))), mean_se = f(unname(SE(m))),
      deff = f(unname(deff(m))), total = f(unname(coef(t))), total_se = f(unname(SE(t))), df = degf(s))
  }
  # The weights bind the totals: every margin sums to its population.
  w <- weights(calibrated[[method]])
  stopifnot(abs(tapply(w, d$region, sum) - tapply(pop$Freq, pop$region, sum)[names(tapply(w, d$region, sum))]) < if (method == "rake") 1 else 1e-6)
}
write.csv(do.call(rbind, out), "calibration.csv", row.names = FALSE, quote = FALSE)
