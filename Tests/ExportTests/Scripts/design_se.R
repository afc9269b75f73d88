# Sources every export/*.R (from another working directory, as a user would) and prints, for one exhibit of each
# kind of design, the standard error (in points) that svymean gives on the exhibit's domain:
# "design,<script>,<class>" per script, then "se,<exhibit>,<series>,<category>,<se>".
dir <- commandArgs(TRUE)[1]
suppressPackageStartupMessages(library(survey))
for (script in list.files(dir, pattern = "\\.R$", full.names = TRUE)) {
  if (exists("design")) rm(design)
  source(script)
  cat(sprintf("design,%s,%s\n", basename(script), class(design)[length(class(design))]))
}
share_se <- function(script, indicator, domain) {
  source(file.path(dir, script))
  d <- if (is.null(domain)) design else subset(design, eval(domain, design$variables))
  sprintf("%.15g", 100 * unname(SE(svymean(indicator, d)))[1])
}
# akf_2008: a quota sample analysed as a weighted simple random sample (1 = "quite enough"; 9, no answer, is NA).
cat("se,table_1_1,work,enough,", share_se("akf_2008_respondents.R", ~I(Q10_1 == 1), quote(!is.na(Q10_1))), "\n", sep = "")
# ilo_2009_hh: stratified two-stage cluster sample; members carry their household's design.
cat("se,figure_4_4,all,laborer,", share_se("ilo_2009_hh_members.R", ~I(occupation_code == "laborer"), quote(abroad == 1 & !is.na(occupation))), "\n", sep = "")
# sharq_2007: stratified (urban, rural), weighted.
cat("se,text_sharq_2007,rural,migrant_hh,", share_se("sharq_2007_households.R", ~I(migrant_hh == 1), quote(settlement_code == "rural")), "\n", sep = "")
# iom_2006: an unweighted simple random sample.
cat("se,text_iom_2006,all,unregulated,", share_se("iom_2006_workers.R", ~I(status_code == "unregulated"), NULL), "\n", sep = "")
