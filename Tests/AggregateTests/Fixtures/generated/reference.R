# Expected contrasts on the generated sample (data.csv), computed with R's survey package (version 4).
# Regenerate from this folder: Rscript reference.R  (writes contrasts.csv; R is not needed to run the tests).
source("../reference_helpers.R")
d <- read.csv("data.csv", colClasses = c(stratum = "character"))
# Contrasts use the strata with several PSUs (the lonely-PSU fixtures use all of them).
d6 <- d[d$stratum %in% paste0("s", 1:6), ]
designs <- list(
  stratified = svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d6, nest = TRUE),
  srs = suppressWarnings(svydesign(ids = ~1, data = d6)))
out <- list()
# One contrast: domains a and b (logical, may overlap), the category's indicator.
contrast <- function(design_name, id, ina, inb, hit) {
  v <- update(designs[[design_name]], .ina = as.numeric(ina), .inb = as.numeric(inb),
              .ya = as.numeric(ina & hit), .yb = as.numeric(inb & hit))
  r <- svyratio(~.ya + .yb, ~.ina + .inb, v, covmat = TRUE)
  k <- svycontrast(r, c(1, 0, 0, -1))
  dd <- unname(coef(k)); se <- unname(SE(k)); df <- degf(subset(v, .ina == 1 | .inb == 1))
  q <- qt(0.975, df); t <- dd / se
  out[[length(out) + 1]] <<- data.frame(design = design_name, contrast = id, percent_a = f(100 * coef(r)[1]),
    percent_b = f(100 * coef(r)[4]), difference = f(100 * dd), se = f(100 * se), ci_low = f(100 * (dd - q * se)),
    ci_high = f(100 * (dd + q * se)), df = df, t = f(t), p_value = f(2 * pt(-abs(t), df)))
}
for (s in names(designs)) {
  contrast(s, "north_south_y", d6$region == "north", d6$region == "south", d6$y == 1)        # disjoint
  contrast(s, "urban_rural_y", d6$settlement == "urban", d6$settlement == "rural", d6$y == 1)  # cross-class
  contrast(s, "strata_y", d6$stratum %in% c("s1", "s2"), d6$stratum %in% c("s3", "s4", "s5"), d6$y == 1)  # whole strata
  contrast(s, "a_b_y", d6$in_a == 1, d6$in_b == 1, d6$y == 1)                              # overlapping
  contrast(s, "a_b_rare", d6$in_a == 1, d6$in_b == 1, d6$rare == 1)                        # p near 0
  contrast(s, "a_b_common", d6$in_a == 1, d6$in_b == 1, d6$common == 1)                    # p near 1
  contrast(s, "a_all_y", d6$in_a == 1, rep(TRUE, nrow(d6)), d6$y == 1)                     # a domain within the other
}
# For disjoint domains svyby(covmat = TRUE) agrees with the joint ratio linearisation (a check, not an output).
b <- svyby(~y, ~region, designs$stratified, svymean, covmat = TRUE)   # rows: east, north, south
stopifnot(abs(SE(svycontrast(b, c(0, 1, -1))) - as.numeric(out[[1]]$se) / 100) < 1e-12)
write.csv(do.call(rbind, out), "contrasts.csv", row.names = FALSE, quote = FALSE)
