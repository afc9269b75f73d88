# Helpers shared by design/reference.R and study/reference.R.
suppressMessages(library(survey))
options(survey.lonely.psu = "fail")
f <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
wilson <- function(p, n, z = qnorm(0.975)) {
  centre <- (p + z^2 / (2 * n)) / (1 + z^2 / n)
  half <- z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2)) / (1 + z^2 / n)
  c(max(0, centre - half), min(1, centre + half))
}
# R's svyciprop(method = "logit") fits svyglm(y ~ 1, family = quasibinomial) with glm's default convergence
# (relative deviance change 1e-8), which leaves about 1e-8 of error in the interval, and at df = 1 its
# confint rounds 1 - 2 * pnorm(qt(0.025, 1)) to 1, giving (0, NaN). The same interval is computed here from a
# fully converged fit and the t quantile itself, and checked against svyciprop to 1e-6.
logit_ci <- function(d, df) {
  g <- svyglm(.hit ~ 1, d, family = quasibinomial, control = glm.control(epsilon = 1e-15, maxit = 100))
  ci <- plogis(unname(coef(g)) + c(-1, 1) * qt(0.975, df) * sqrt(unname(vcov(g))[1]))
  r <- as.numeric(attr(svyciprop(~.hit, d, method = "logit"), "ci"))
  stopifnot(df == 1 || all(abs(ci - r) < 1e-6))
  ci
}
