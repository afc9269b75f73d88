# Expected uncertainty of every survey estimate, statistic and test of the committed study, computed with R's
# survey package (version 4) straight from raw/ (not from migstat's store).
# Regenerate from this folder: Rscript reference.R  (writes estimates.csv, statistics.csv, tests.csv).
source("../reference_helpers.R")
raw <- "../../../../raw"
rd <- function(f, ...) read.csv(file.path(raw, f), colClasses = "character", check.names = FALSE, ...)
est <- list(); stats <- list(); tests <- list()
# One share over a domain (base) of a design; `simple`: an unweighted simple random sample (Wilson interval;
# its deff is R's on the subset, (N/(N-1))*((n-1)/n)).
share <- function(exhibit, series, category, design, simple, base, hit) {
  base[is.na(base)] <- FALSE
  d <- update(design, .hit = as.numeric(hit & !is.na(hit)))[base, ]
  m <- svymean(~.hit, d, deff = "replace")
  # weighted_se: the category's estimated count over the whole design, for a source with a design weight.
  total_se <- if (simple) NA else unname(SE(svytotal(~.hit, d)))
  p <- unname(coef(m)); df <- degf(d)
  deff <- if (p > 0 && p < 1) unname(deff(m)) else NA
  if (simple || p == 0 || p == 1) { ci <- wilson(p, sum(base)); method <- "wilson" }
  else { ci <- logit_ci(d, df); method <- "logit" }
  # Korn-Graubard (svyciprop "beta"), for the NCHS presentation standard; R has none at a share of 0 or 1.
  kg <- if (p > 0 && p < 1) as.numeric(attr(svyciprop(~.hit, d, method = "beta"), "ci")) else c(NA, NA)
  est[[length(est) + 1]] <<- data.frame(exhibit = exhibit, series = series, category = category, percent = f(100 * p),
    se = f(100 * unname(SE(m))), deff = f(deff), df = df, ci_low = f(100 * ci[1]), ci_high = f(100 * ci[2]), method = method,
    kg_low = f(100 * kg[1]), kg_high = f(100 * kg[2]), weighted_se = f(total_se))
}
codes <- function(exhibit, series, design, simple, base, values, categories)
  for (k in names(categories)) share(exhibit, series, k, design, simple, base, values == categories[[k]])
statistic <- function(id, m, d, simple) {
  ci <- confint(m, df = degf(d))
  stats[[length(stats) + 1]] <<- data.frame(statistic = id, value = f(unname(coef(m))[1]), se = f(unname(SE(m))[1]),
    deff = f(unname(deff(m))[1]), df = degf(d), ci_low = f(ci[1]), ci_high = f(ci[2]))
}
chisq <- function(exhibit, formula, d) {
  t <- svychisq(formula, d, statistic = "F")
  pearson <- suppressWarnings(chisq.test(svytable(formula, d, Ntotal = nrow(d$variables)), correct = FALSE))$statistic
  tests[[length(tests) + 1]] <<- data.frame(exhibit = exhibit, pearson_chisq = f(unname(pearson)), f = f(unname(t$statistic)),
    df1 = f(unname(t$parameter[1])), df2 = f(unname(t$parameter[2])), p_value = f(unname(t$p.value)))
}

# akf_2008: quota sample analysed as a simple random sample with WEIGHT (decimal comma) as weights.
akf <- read.table(file.path(raw, "akf_2008/respondents.csv"), sep = ";", header = TRUE, quote = "\"", colClasses = "character",
                  fileEncoding = "windows-1251", comment.char = "")
akf$w <- as.numeric(sub(",", ".", akf$WEIGHT))
districts <- rd("reference/tj_districts.csv")
akf$region <- districts$region_code[match(akf$Q3, districts$district_code)]
akf$age <- ifelse(akf$Q2 == "99", NA, as.numeric(akf$Q2))
akf$Q17na <- ifelse(akf$Q17 == "9", NA, akf$Q17)
a <- svydesign(ids = ~1, weights = ~w, data = akf)
russian <- c(enough = "1", not_enough = "2", not_at_all = "3")
for (s in list(c("work", "Q10_1"), c("documents", "Q10_2"), c("store", "Q10_3")))
  codes("table_1_1", s[1], a, FALSE, akf[[s[2]]] != "9", akf[[s[2]]], russian)
codes("table_4_2", "all", a, FALSE, akf$Q15 != "9", akf$Q15, c(valid = "1", expired = "2", forged = "3", lost = "4", never = "5", dont_know = "8"))
codes("figure_4_13", "GBAO", a, FALSE, akf$region == "GBAO" & akf$Q16 != "9", akf$Q16, c(yes = "1", forged = "2", no = "3"))
for (s in list(c("male", "1"), c("female", "2")))
  codes("table_a_1", s[1], a, FALSE, akf$Q1 == s[2] & akf$Q17 != "9", akf$Q17, c(yes = "1", no = "2"))
d <- subset(a, !is.na(age)); statistic("age_of_akf_respondents", svymean(~age, d, deff = "replace"), d, FALSE)
chisq("table_a_1", ~Q1 + Q17na, subset(a, !is.na(Q17na)))

# cmr_2009: simple random sample; reasons in long form (duplicates and orphans are quarantined, never counted).
cmr <- rd("cmr_2009/respondents.csv", fileEncoding = "UTF-8-BOM")
reasons <- unique(rd("cmr_2009/reasons.csv", fileEncoding = "UTF-8-BOM"))
reasons <- reasons[reasons$resp_id %in% cmr$resp_id, ]
c9 <- suppressWarnings(svydesign(ids = ~1, data = cmr))
said <- cmr$resp_id %in% reasons$resp_id
for (k in c("unaware", "no_knowhow", "employer_refused", "landlord_refused", "no_valid_card", "no_agency_found"))
  share("table_4_3", "all", k, c9, TRUE, said, cmr$resp_id %in% reasons$resp_id[reasons$reason == k])
share("text_cmr_2009", "all", "unaware_or_no_knowhow", c9, TRUE, said, cmr$resp_id %in% reasons$resp_id[reasons$reason %in% c("unaware", "no_knowhow")])

# ilo_2010a: simple random sample; assistance in long form.
ilo <- rd("ilo_2010a/migrants.csv"); help <- rd("ilo_2010a/assistance.csv")
i10 <- suppressWarnings(svydesign(ids = ~1, data = ilo))
types <- c("financial", "employment", "legal", "settlement", "training", "advice", "roof", "moral", "other")
for (src in c("informal", "formal")) {
  h <- help[help$source == src, ]
  for (k in types) share("table_4_1", src, k, i10, TRUE, ilo$resp_id %in% h$resp_id, ilo$resp_id %in% h$resp_id[h$type == k])
}
share("text_ilo_2010a", "all", "any_assistance", i10, TRUE, rep(TRUE, nrow(ilo)), ilo$resp_id %in% help$resp_id)
for (k in c("used_diaspora_service", "divorced", "excluded_from_decisions", "estranged"))
  share("text_ilo_2010a", "all", k, i10, TRUE, rep(TRUE, nrow(ilo)), ilo[[k]] == "1")

# iom_2006 and adb_2007: simple random samples.
iom <- rd("iom_2006/workers.csv"); io <- suppressWarnings(svydesign(ids = ~1, data = iom))
share("text_iom_2006", "all", "unregulated", io, TRUE, rep(TRUE, nrow(iom)), iom$status == "unregulated")
share("text_iom_2006", "all", "trafficking_exposed", io, TRUE, rep(TRUE, nrow(iom)),
      iom$movement_restricted == "1" | iom$no_documents == "1" | iom$documents_withheld == "1")
adb <- rd("adb_2007/migrants.csv"); countries <- rd("reference/countries.csv")
spellings <- do.call(rbind, lapply(seq_len(nrow(countries)), function(i) data.frame(iso3 = countries$iso3[i],
  name = tolower(trimws(c(countries$iso3[i], countries$name_en[i], strsplit(countries$aliases[i], "|", fixed = TRUE)[[1]]))))))
adb$country <- spellings$iso3[match(tolower(trimws(adb$destination)), spellings$name)]
ad <- suppressWarnings(svydesign(ids = ~1, data = adb))
for (k in unique(adb$country)) share("figure_4_3", "all", k, ad, TRUE, rep(TRUE, nrow(adb)), adb$country == k)

# sharq_2007: households drawn separately in the urban and rural stratum.
sharq <- rd("sharq_2007/households.csv"); sharq$w <- as.numeric(sharq$weight)
sh <- svydesign(ids = ~1, strata = ~settlement, weights = ~w, data = sharq)
for (s in list(c("all", NA), c("rural", "rural"), c("urban", "urban")))
  share("text_sharq_2007", s[1], "migrant_hh", sh, FALSE, if (is.na(s[2])) rep(TRUE, nrow(sharq)) else sharq$settlement == s[2], sharq$migrant_hh == "1")

# ilo_2009_hh: stratified (region x settlement) two-stage sample of households in enumeration areas (psu);
# members are clustered in their household's PSU and carry its stratum and weight.
hh <- rd("ilo_2009_hh/households.csv"); members <- rd("ilo_2009_hh/members.csv")
hh$w <- as.numeric(hh$weight)
hh$migrants <- as.numeric(table(factor(members$hh_id[members$abroad == "1"], levels = hh$hh_id)))
hh$members <- as.numeric(table(factor(members$hh_id, levels = hh$hh_id)))
hh$remit <- ifelse(hh$remit_2008 == "9", NA, hh$remit_2008)
# One stratum per region x settlement (strata = ~a + b would declare strata of two stages).
hh$stratum <- interaction(hh$region_code, hh$settlement, drop = TRUE)
members <- merge(members, hh[, c("hh_id", "psu", "stratum", "w")], by = "hh_id", sort = FALSE)
members$age <- as.numeric(members$age)
hd <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = hh, nest = TRUE)
md <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = members, nest = TRUE)
abroad <- members$abroad == "1"
codes("figure_4_4", "all", md, FALSE, abroad & members$occupation != "", members$occupation,
      c(laborer = "laborer", construction = "construction", sales_admin = "sales_admin", craft = "craft", driver = "driver", other = "other"))
mh <- hh$migrants >= 1
for (k in list(c("one", 1, 1), c("two", 2, 2), c("three_plus", 3, Inf)))
  share("figure_4_5", "all", k[1], hd, FALSE, mh, hh$migrants >= as.numeric(k[2]) & hh$migrants <= as.numeric(k[3]))
codes("figure_4_7", "all", hd, FALSE, mh & hh$remit_2008 != "9", hh$remit_2008, c(received = "1", not_received = "2"))
for (r in c("DUS", "SUG", "KHT", "GBAO", "RRP"))
  codes("table_a_2", r, hd, FALSE, mh & hh$region_code == r & hh$remit_2008 != "9", hh$remit_2008, c(received = "1", not_received = "2"))
d <- subset(hd, migrants >= 1)
statistic("migrants_per_migrant_household", svymean(~migrants, d, deff = "replace"), d, FALSE)
chisq("table_a_2", ~region_code + remit, subset(d, !is.na(remit)))
statistic("migrants_abroad", svytotal(~migrants, hd, deff = "replace"), hd, FALSE)
statistic("share_of_members_abroad", svyratio(~migrants, ~members, hd, deff = "replace"), hd, FALSE)
# The calibrated companion: household weights raked to the census households by region and by settlement.
census <- rd("official/households_2010.csv"); census$households <- as.numeric(census$households)
raked <- rake(hd, list(~region_code, ~settlement), list(aggregate(cbind(Freq = households) ~ region_code, census, sum),
                                                       aggregate(cbind(Freq = households) ~ settlement, census, sum)))
statistic("migrants_abroad_calibrated", svytotal(~migrants, raked, deff = "replace"), raked, FALSE)
d <- subset(md, abroad == "1"); statistic("age_of_migrants_abroad", svymean(~age, d, deff = "replace"), d, FALSE)

write.csv(do.call(rbind, est), "estimates.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, stats), "statistics.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, tests), "tests.csv", row.names = FALSE, quote = FALSE)

# Contrasts (contrasts.csv): one category's share in series a minus series b of one exhibit, the covariance of the
# two domain estimators over the whole design, a t interval and test on the design df of the union of the domains.
contrast <- function(id, design, ina, inb, ya, yb) {
  v <- update(design, .ina = as.numeric(ina), .inb = as.numeric(inb), .ya = as.numeric(ina & ya), .yb = as.numeric(inb & yb))
  # Domains that may overlap: both ratios linearised jointly (svyratio's covmat), then svycontrast.
  r <- svyratio(~.ya + .yb, ~.ina + .inb, v, covmat = TRUE)
  k <- svycontrast(r, c(1, 0, 0, -1))   # .ya/.ina - .yb/.inb (numerators vary fastest)
  d <- unname(coef(k)); se <- unname(SE(k)); df <- degf(subset(v, .ina == 1 | .inb == 1))
  q <- qt(0.975, df); t <- d / se
  contrasts[[length(contrasts) + 1]] <<- data.frame(contrast = id, percent_a = f(100 * coef(r)[1]), percent_b = f(100 * coef(r)[4]),
    difference = f(100 * d), se = f(100 * se), ci_low = f(100 * (d - q * se)), ci_high = f(100 * (d + q * se)), df = df,
    t = f(t), p_value = f(2 * pt(-abs(t), df)))
}
contrasts <- list()
contrast("sharq_rural_urban", sh, sharq$settlement == "rural", sharq$settlement == "urban", sharq$migrant_hh == "1", sharq$migrant_hh == "1")
# svyby's covmat for the disjoint domains gives the same variance (a check, not an output).
b <- svyby(~mh, ~settlement, update(sh, mh = as.numeric(migrant_hh == "1")), svymean, covmat = TRUE)   # rows: rural, urban
stopifnot(abs(SE(svycontrast(b, c(1, -1)))[1] - as.numeric(contrasts[[1]]$se) / 100) < 1e-12)
formal <- help[help$source == "formal", ]; informal <- help[help$source == "informal", ]
contrast("table_4_1_legal_formal_informal", i10, ilo$resp_id %in% formal$resp_id, ilo$resp_id %in% informal$resp_id,
         ilo$resp_id %in% formal$resp_id[formal$type == "legal"], ilo$resp_id %in% informal$resp_id[informal$type == "legal"])
write.csv(do.call(rbind, contrasts), "contrasts.csv", row.names = FALSE, quote = FALSE)
