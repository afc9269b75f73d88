# Sources ilo_2009_hh_households.R from the export directory given and prints the total of household members
# abroad with its standard error, on the calibrated design and on the design weights (DesignScriptTests).
export_dir <- commandArgs(TRUE)[1]
source(file.path(export_dir, "ilo_2009_hh_households.R"))
members <- as.data.frame(read_dta(file.path(export_dir, "ilo_2009_hh_members.dta")))
abroad <- tapply(zap_labels(members$abroad) == 1, members$hh_id, sum)
migrants <- as.numeric(abroad[as.character(data$hh_id)])
migrants[is.na(migrants)] <- 0
for (name in c("calibrated", "design")) {
  total <- svytotal(~migrants, update(get(name), migrants = migrants))
  cat(name, sprintf("%.10f", coef(total)), sprintf("%.10f", SE(total)), "\n", sep = ",")
}
