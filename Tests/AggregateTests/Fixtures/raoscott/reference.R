# Reference values of survey::svychisq(~a + b, design, statistic = "F") for RaoScottTests.
# Regenerate with `Rscript reference.R` in this folder (R 4 and survey 4.x): it reads data.csv (writing it
# first, from a fixed seed, if it is missing) and writes reference.csv.
suppressMessages(library(survey))
num <- function(x) sprintf("%.17g", x)

if (!file.exists("data.csv")) {
  # 4 strata × 6 PSUs, 300 units; PSU effects make clustering matter, weights differ by stratum and unit.
  set.seed(20261202)
  n <- 300
  stratum <- rep(1:4, each = n / 4)
  psu <- ave(seq_len(n), stratum, FUN = function(i) rep(1:6, length.out = length(i)))
  effect <- rnorm(24, sd = 0.8)[(stratum - 1) * 6 + psu]
  w <- round(runif(n, 0.5, 2) * c(1, 2.5, 4, 1.5)[stratum], 3)
  cut_at <- function(z, k) as.integer(cut(z, quantile(z, 0:k / k), include.lowest = TRUE))
  a2 <- as.integer(effect + rnorm(n) > 0) + 1
  b2 <- as.integer(0.4 * effect + rnorm(n) > 0.3) + 1
  b3 <- cut_at(effect + rnorm(n, sd = 1.5), 3)
  r3 <- cut_at(0.5 * effect + rnorm(n), 3)
  c4 <- cut_at(effect + 0.6 * r3 + rnorm(n), 4)
  dep <- ifelse(runif(n) < 0.85, a2, 3 - a2)       # strongly tied to a2: a tiny p-value
  sparse <- ifelse(r3 == 1 & c4 == 4, 3, c4)         # no unit in cell (1, 4)
  write.csv(data.frame(stratum, psu, w, a2, b2, b3, r3, c4, dep, sparse), "data.csv", row.names = FALSE)
}
d <- read.csv("data.csv")
d$psu_overall <- (d$stratum - 1) * 6 + d$psu

srs_weighted <- svydesign(ids = ~1, weights = ~w, data = d)
srs_equal <- suppressWarnings(svydesign(ids = ~1, data = d))
clustered <- svydesign(ids = ~psu_overall, weights = ~w, data = d)
stratified <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE)

cases <- list(
  list("srs_weighted_2x2", srs_weighted, "a2", "b2"),
  list("srs_equal_2x3", srs_equal, "a2", "b3"),
  list("srs_weighted_3x4", srs_weighted, "r3", "c4"),
  list("clustered_3x4", clustered, "r3", "c4"),
  list("stratified_2x2", stratified, "a2", "b2"),
  list("stratified_2x3", stratified, "a2", "b3"),
  list("stratified_3x4", stratified, "r3", "c4"),
  list("stratified_dependent_2x2", stratified, "a2", "dep"),
  list("stratified_empty_cell_3x4", stratified, "r3", "sparse"))

rows <- lapply(cases, function(case) {
  design <- case[[2]]; a <- case[[3]]; b <- case[[4]]
  formula <- as.formula(paste("~", a, "+", b))
  # As svychisq.survey.design computes them internally.
  fsat <- as.formula(paste("~ interaction(factor(", a, "), factor(", b, ")) - 1"))
  mm <- model.matrix(fsat, model.frame(fsat, design$variables, na.action = na.pass))
  mean2 <- svymean(mm, design, na.rm = TRUE)
  nu <- length(unique(design$cluster[, 1])) - length(unique(design$strata[, 1]))
  pearson <- suppressWarnings(chisq.test(svytable(formula, design, Ntotal = nrow(mm)), correct = FALSE))
  test <- svychisq(formula, design, statistic = "F")
  data.frame(name = case[[1]], rows = length(unique(d[[a]])), columns = length(unique(d[[b]])),
             n = nrow(mm), nu = nu,
             proportions = paste(num(coef(mean2)), collapse = ";"),
             covariance = paste(num(t(vcov(mean2))), collapse = ";"),
             pearson = num(pearson$statistic), f = num(test$statistic),
             ndf = num(test$parameter[["ndf"]]), ddf = num(test$parameter[["ddf"]]), p = num(test$p.value))
})
write.csv(do.call(rbind, rows), "reference.csv", row.names = FALSE, quote = FALSE)
