# Expected estimates of the design fixtures, computed with R's survey package (version 4).
# Regenerate from this folder: Rscript reference.R  (writes expected.csv; R is not needed to run the tests).
source("../reference_helpers.R")
hh <- read.csv("raw/households.csv", colClasses = c(y = "character", tiny = "character", rare = "character"))
members <- read.csv("raw/members.csv", colClasses = c(sex = "character", abroad = "character"))
persons <- read.csv("raw/persons.csv", colClasses = c(sex = "character", answer = "character"))
hh$stratum <- interaction(hh$region, hh$zone)
# Members are clustered in their household: they carry its PSU, stratum and weight.
members <- merge(members, hh[, c("hh_id", "psu", "stratum", "weight")], by = "hh_id", sort = FALSE)
designs <- list(
  svy = svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = hh, nest = TRUE),
  svyfpc = svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~fpc, data = hh, nest = TRUE),
  members = svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = members, nest = TRUE),
  srs = suppressWarnings(svydesign(ids = ~1, data = persons)),
  srsw = svydesign(ids = ~1, weights = ~w, data = persons))
rows <- list()
# One share: the domain (base) and the category, as logical vectors over the design's rows.
share <- function(exhibit, series, category, design, simple, base, hit) {
  d <- update(design, .hit = as.numeric(hit))[base, ]
  m <- svymean(~.hit, d, deff = "replace")
  # weighted_se: the category's estimated count over the whole design, for a source with a design weight.
  total_se <- if (simple) NA else unname(SE(svytotal(~.hit, d)))
  p <- unname(coef(m)); se <- unname(SE(m)); df <- degf(d)
  deff <- if (p > 0 && p < 1) unname(deff(m)) else NA   # a simple random sample's domain too: (N/(N-1))*((n-1)/n)
  if (simple || p == 0 || p == 1) { ci <- wilson(p, sum(base)); method <- "wilson" }
  else { ci <- logit_ci(d, df); method <- "logit" }
  rows[[length(rows) + 1]] <<- data.frame(exhibit = exhibit, series = series, category = category, percent = f(100 * p),
    se = f(100 * se), deff = f(deff), df = df, ci_low = f(100 * ci[1]), ci_high = f(100 * ci[2]), method = method, weighted_se = f(total_se))
}
ycodes <- c(one = "1", two = "2", three = "3", four = "4")
for (src in c("svy", "svyfpc")) {
  v <- designs[[src]]$variables
  answered <- v$y != "9"
  domains <- list(all = rep(TRUE, nrow(v)), g1 = v$group == "g1", tiny = v$tiny == "1", south_a = v$region == "S" & v$zone == "a")
  for (s in names(domains)) for (k in names(ycodes))
    share(if (src == "svy") "hh_y" else "hh_y_fpc", s, k, designs[[src]], FALSE, domains[[s]] & answered, v$y == ycodes[[k]])
}
v <- designs$svy$variables
share("hh_flags", "all", "rare", designs$svy, FALSE, rep(TRUE, nrow(v)), v$rare == "1")
share("hh_flags", "all", "common", designs$svy, FALSE, rep(TRUE, nrow(v)), v$rare == "0")
share("hh_flags", "north", "rare", designs$svy, FALSE, v$region == "N", v$rare == "1")
v <- designs$members$variables
share("members_abroad", "all", "abroad", designs$members, FALSE, rep(TRUE, nrow(v)), v$abroad == "1")
share("members_abroad", "male", "abroad", designs$members, FALSE, v$sex == "1", v$abroad == "1")
share("members_abroad", "working_age", "abroad", designs$members, FALSE, v$age >= 15 & v$age <= 64, v$abroad == "1")
for (src in c("srs", "srsw")) {
  v <- designs[[src]]$variables
  answered <- v$answer != "9"
  for (s in c("all", "male")) for (k in c(a = "1", b = "2", c = "3"))
    share(paste0(src, "_answer"), s, names(which(c(a = "1", b = "2", c = "3") == k)), designs[[src]], src == "srs",
          answered & (s == "all" | v$sex == "1"), v$answer == k)
}
write.csv(do.call(rbind, rows), "expected.csv", row.names = FALSE, quote = FALSE)
