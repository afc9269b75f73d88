# A generated stratified, clustered sample for the contrast, lonely-PSU and calibration fixtures (data.csv).
# Regenerate from this folder: Rscript make_data.R && Rscript reference.R
set.seed(20261207)
rows <- list()
psu <- 0
# Strata 1..6 with several PSUs; strata 7 and 8 have a single PSU (lonely), for the lonely-PSU answers.
for (h in 1:8) {
  k <- if (h <= 6) sample(2:5, 1) else 1
  for (j in seq_len(k)) {
    psu <- psu + 1
    m <- sample(4:9, 1)
    level <- runif(1, 0.15, 0.7)
    rows[[length(rows) + 1]] <- data.frame(stratum = paste0("s", h), psu = psu, weight = round(runif(m, 20, 180), 3),
      region = sample(c("north", "south", "east"), m, replace = TRUE, prob = c(0.5, 0.3, 0.2)),
      settlement = sample(c("urban", "rural"), m, replace = TRUE),
      y = rbinom(m, 1, level), rare = rbinom(m, 1, 0.03), common = rbinom(m, 1, 0.96),
      in_a = rbinom(m, 1, 0.55), in_b = rbinom(m, 1, 0.5))
  }
}
d <- do.call(rbind, rows)
d$id <- seq_len(nrow(d))
write.csv(d[, c("id", "stratum", "psu", "weight", "region", "settlement", "y", "rare", "common", "in_a", "in_b")],
          "data.csv", row.names = FALSE, quote = FALSE)
