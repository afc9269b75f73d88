# Reads akf_2008's and ilo_2009_hh's exports as R users do (foreign::read.spss into a data frame, haven) and prints
# what they see: "<what>,<values>" lines.
dir <- commandArgs(TRUE)[1]
x <- foreign::read.spss(file.path(dir, "akf_2008_respondents.sav"), to.data.frame = TRUE)
d <- haven::read_dta(file.path(dir, "akf_2008_respondents.dta"))
s <- haven::read_sav(file.path(dir, "akf_2008_respondents.sav"))
cat(sprintf("Q2,%s,%d,%d,%s\n", class(x$Q2)[1], sum(is.na(x$Q2)), sum(is.na(d$Q2)),
            isTRUE(all.equal(as.numeric(x$Q2), as.numeric(haven::zap_labels(d$Q2))))))
cat(sprintf("Q10_1,%s\n", class(x$Q10_1)[1]))
cat(sprintf("DATE,%s,%s,%s,%s\n", class(d$DATE)[1], class(s$DATE)[1], isTRUE(all(format(d$DATE) == format(s$DATE))), format(min(d$DATE))))
h <- foreign::read.spss(file.path(dir, "ilo_2009_hh_households.sav"), to.data.frame = TRUE)
cat(sprintf("region_code,%s,%s\n", class(h$region_code)[1], paste(sort(levels(h$region_code)), collapse = "|")))
