#!/usr/bin/env Rscript
# Reference values for src/domain/statistics, computed with R's `survival` package on the NCCTG lung cohort.
# The unit tests compare the TypeScript estimators to this JSON, so they never need R.
#
#   Rscript scripts/reference/survival-reference.R ../shared/data/outcomes/ncctg-lung.csv \
#     src/domain/statistics/reference/ncctg-lung.r-survival.json
#
# Needs R with `survival` (Debian: apt-get install -y r-cran-survival); no other package.
suppressMessages(library(survival))

args <- commandArgs(trailingOnly = TRUE)
input <- if (length(args) >= 1) args[1] else "../shared/data/outcomes/ncctg-lung.csv"
output <- if (length(args) >= 2) args[2] else "src/domain/statistics/reference/ncctg-lung.r-survival.json"

# A small JSON writer (base R only): numbers with 17 significant digits, NA/NaN/Inf as null.
to_json <- function(x, indent = "") {
  inner <- paste0(indent, "  ")
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      items <- vapply(names(x), function(k) paste0(inner, '"', k, '": ', to_json(x[[k]], inner)), "")
      return(paste0("{\n", paste(items, collapse = ",\n"), "\n", indent, "}"))
    }
    items <- vapply(x, function(v) to_json(v, inner), "")
    return(paste0("[", paste(items, collapse = ", "), "]"))
  }
  scalar <- function(v) {
    if (is.character(v)) return(paste0('"', v, '"'))
    if (is.logical(v)) return(if (is.na(v)) "null" else if (v) "true" else "false")
    if (!is.finite(v)) return("null")
    sprintf("%.17g", v)
  }
  values <- vapply(unname(x), scalar, "")
  if (length(x) == 1 && is.null(attr(x, "array"))) return(values)
  paste0("[", paste(values, collapse = ", "), "]")
}
arr <- function(x) { x <- unname(as.vector(x)); attr(x, "array") <- TRUE; x }

lung <- read.csv(input)
lung$event <- lung$status == 2

km_steps <- function(fit) list(
  time = arr(fit$time), n.risk = arr(fit$n.risk), n.event = arr(fit$n.event), n.censor = arr(fit$n.censor),
  surv = arr(fit$surv),
  std.err.cumhaz = arr(fit$std.err),          # survfit's std.err: of the cumulative hazard, -log S (Greenwood)
  std.err.surv = arr(fit$std.err * fit$surv), # what summary.survfit prints: of S itself
  lower = arr(fit$lower), upper = arr(fit$upper))
km_median <- function(fit) {
  t <- summary(fit)$table
  list(median = unname(t["median"]), lower = unname(t["0.95LCL"]), upper = unname(t["0.95UCL"]))
}
km_reference <- function(data) {
  out <- list()
  for (type in c("log", "log-log", "plain")) {
    fit <- survfit(Surv(time, event) ~ 1, data = data, conf.type = type)
    out[[type]] <- c(km_steps(fit), list(median = km_median(fit)))
  }
  out
}

km_overall <- km_reference(lung)
km_by_sex <- list(male = km_reference(lung[lung$sex == 1, ]), female = km_reference(lung[lung$sex == 2, ]))

survdiff_reference <- function(formula, data) {
  d <- survdiff(formula, data = data)
  list(chisq = d$chisq, df = length(d$n) - 1, p = pchisq(d$chisq, length(d$n) - 1, lower.tail = FALSE),
       n = arr(d$n), observed = arr(d$obs), expected = arr(d$exp), variance = arr(d$var))
}
logrank_sex <- survdiff_reference(Surv(time, event) ~ sex, lung)
logrank_ecog <- survdiff_reference(Surv(time, event) ~ ph.ecog, lung[!is.na(lung$ph.ecog), ])

cox_reference <- function(formula, data, ties, newdata, times) {
  fit <- coxph(formula, data = data, ties = ties, model = TRUE, x = TRUE, y = TRUE)
  s <- summary(fit)
  co <- s$coefficients
  ci <- s$conf.int
  zph <- cox.zph(fit)$table
  bh <- basehaz(fit, centered = TRUE)
  out <- list(
    ties = ties, n = fit$n, events = fit$nevent, iterations = fit$iter,
    names = arr(names(fit$coefficients)),
    coef = arr(co[, "coef"]), se = arr(co[, "se(coef)"]), hr = arr(co[, "exp(coef)"]),
    lower = arr(ci[, "lower .95"]), upper = arr(ci[, "upper .95"]), z = arr(co[, "z"]), p = arr(co[, "Pr(>|z|)"]),
    loglik = arr(fit$loglik),
    lrt = list(chisq = unname(s$logtest["test"]), df = unname(s$logtest["df"]), p = unname(s$logtest["pvalue"])),
    concordance = list(estimate = unname(fit$concordance["concordance"]), std = unname(fit$concordance["std"]),
                       counts = arr(fit$concordance[c("concordant", "discordant", "tied.x", "tied.y", "tied.xy")])),
    means = arr(fit$means),
    variance = lapply(seq_len(nrow(fit$var)), function(i) arr(fit$var[i, ])),
    zph = list(terms = arr(rownames(zph)), chisq = arr(zph[, "chisq"]), df = arr(zph[, "df"]), p = arr(zph[, "p"])),
    basehaz = list(time = arr(bh$time), hazard = arr(bh$hazard)))
  if (!is.null(newdata)) {
    pred <- list(newdata = as.list(newdata), times = arr(times))
    for (type in c("log", "log-log")) {
      sf <- summary(survfit(fit, newdata = newdata, conf.type = type), times = times)
      pred[[type]] <- list(surv = arr(sf$surv), std.err.surv = arr(sf$std.err), cumhaz = arr(sf$cumhaz),
                           std.err.cumhaz = arr(sf$std.chaz), lower = arr(sf$lower), upper = arr(sf$upper))
    }
    out$survfit <- pred
  }
  out
}
complete <- lung[complete.cases(lung[, c("time", "status", "age", "sex", "ph.ecog")]), ]
newrow <- data.frame(age = 60, sex = 1, ph.ecog = 1)
cox_efron <- cox_reference(Surv(time, event) ~ age + sex + ph.ecog, complete, "efron", newrow, c(180, 365, 730))
cox_breslow <- cox_reference(Surv(time, event) ~ age + sex + ph.ecog, complete, "breslow", newrow, c(180, 365, 730))

# Heavy ties: survival in whole months (30.4 days), so many deaths share a time.
monthly <- complete
monthly$time <- ceiling(monthly$time / 30.4)
km_monthly <- km_reference(monthly)
logrank_monthly_sex <- survdiff_reference(Surv(time, event) ~ sex, monthly)
cox_monthly <- cox_reference(Surv(time, event) ~ age + sex + ph.ecog, monthly, "efron", newrow, c(6, 12, 24))

result <- list(
  source = "NCCTG lung cancer cohort (survival::lung), read from ncctg-lung.csv; status 2 = death",
  r_version = R.version.string,
  survival_version = as.character(packageVersion("survival")),
  generated_by = "scripts/reference/survival-reference.R",
  km_overall = km_overall,
  km_by_sex = km_by_sex,
  logrank_sex = logrank_sex,
  logrank_ecog = logrank_ecog,
  cox_efron = cox_efron,
  cox_breslow = cox_breslow,
  monthly = list(description = "time = ceiling(days / 30.4), complete cases of age, sex, ph.ecog",
                 km = km_monthly, logrank_sex = logrank_monthly_sex, cox_efron = cox_monthly))
writeLines(to_json(result), output)
cat("wrote", output, "\n")
