# Reference values of R's qt, pt, qnorm, pnorm and pf for DistributionsTests.
# Regenerate with `Rscript reference.R` in this folder (writes reference.csv).
num <- function(x) sprintf("%.17g", x)
rows <- list()
add <- function(fun, x, df1, df2, value)
  rows[[length(rows) + 1]] <<- data.frame(fun = fun, x = num(x), df1 = num(df1), df2 = num(df2), value = num(value))

ps <- c(1e-10, 1e-8, 1e-6, 1e-4, 0.001, 0.01, 0.025, 0.05, 0.1, 0.25, 0.4, 0.49, 0.4999999, 0.5000001,
        0.6, 0.75, 0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-6, 1 - 1e-10)
dfs <- c(0.5, 0.75, 0.9, 1, 1.5, 2, 2.5, 3, 4.7, 5, 7.3, 10, 15.5, 30, 50, 100, 123.45, 1000, 12345.6,
         1e5, 3e5, 4e5, 4.5e5, 1e6, 1e7)
# R's qt(p) is exact to about 1e-15 except in two places, where the reference is taken from R's exact
# identities instead: for df < 1 and p > 1/2 it bisects on the lower tail and loses up to 1.7e-6 relative
# (the upper tail is then 1 - p, so -qt(1 - p, df) is used; 1 - p is exact for p > 1/2), and within 1e-3 of
# p = 1/2 it loses up to 1.2e-10 relative, as P(T <= q) is then close to 1/2 (there the central probability
# |1 - 2p| = P(|T| < |q|) is inverted through qbeta: q² / (df + q²) = qbeta(|1 - 2p|, 1/2, df/2)).
qt_exact <- function(p, df) {
  if (abs(p - 0.5) < 1e-3) {
    x <- qbeta(abs(1 - 2 * p), 0.5, df / 2)
    return(sign(p - 0.5) * sqrt(df * x / (1 - x)))
  }
  if (p > 0.5) -qt(1 - p, df) else qt(p, df)
}
for (df in dfs) for (p in ps) add("qt", p, df, NA, qt_exact(p, df))
# The quantile of every 95% interval, at integer and fractional degrees of freedom.
for (df in c(1:200, seq(1.25, 60.25, by = 3.5))) add("qt", 0.975, df, NA, qt(0.975, df))

xs <- c(-50, -6, -2, -1, -0.1, -1e-5, 1e-5, 0.5, 1.96, 3, 10, 100, 1e5)
for (df in c(0.5, 1, 2.5, 7.3, 30, 123.45, 1e4, 3e5, 1e6)) for (x in xs) add("pt", x, df, NA, pt(x, df))

for (p in c(1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.1, 0.3, 0.49, 0.4999999999, 0.5000000001,
            0.51, 0.7, 0.9, 0.975, 0.999, 1 - 1e-10)) add("qnorm", p, NA, NA, qnorm(p))
for (x in c(-37, -20, -8, -3, -1.96, -1, -0.3, -1e-8, 1e-8, 0.3, 1, 1.96, 3, 8)) add("pnorm", x, NA, NA, pnorm(x))

dfpairs <- list(c(1, 1), c(0.5, 3.7), c(1.3, 10.2), c(2, 20), c(2.7, 55.3), c(3.14, 100), c(5.5, 1000),
                c(10, 10), c(12.6, 4.2), c(0.8, 2500), c(20.5, 300.25), c(50, 50), c(100, 10000), c(1.05, 38.9),
                c(3.7, 170.1), c(8.9, 8000.5))
fs <- c(1e-4, 0.01, 0.1, 0.5, 0.9, 1, 1.5, 2, 3, 5, 10, 30, 100, 1000)
for (d in dfpairs) for (f in fs) {
  v <- pf(f, d[1], d[2], lower.tail = FALSE)
  if (v > 1e-300) add("pf", f, d[1], d[2], v)
}
# And a seeded random grid over the same ranges (log-uniform degrees of freedom and tails).
set.seed(20261202)
for (i in 1:400) {
  df <- exp(runif(1, log(0.5), log(1e7)))
  p <- if (runif(1) < 0.5) exp(runif(1, log(1e-10), log(0.5))) else runif(1, 1e-10, 1 - 1e-10)
  add("qt", p, df, NA, qt_exact(p, df))
}
for (i in 1:200) {
  df <- exp(runif(1, log(0.5), log(1e7))); x <- sinh(runif(1, -8, 8))
  add("pt", x, df, NA, pt(x, df))
}
for (i in 1:400) {
  d1 <- exp(runif(1, log(0.5), log(1e5))); d2 <- exp(runif(1, log(0.5), log(1e6)))
  f <- exp(runif(1, log(1e-3), log(1e3)))
  v <- pf(f, d1, d2, lower.tail = FALSE)
  if (v > 1e-300) add("pf", f, d1, d2, v)
}
write.csv(do.call(rbind, rows), "reference.csv", row.names = FALSE, quote = FALSE, na = "")
