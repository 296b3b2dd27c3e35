// Survival statistics matching R's survival package; see each file's header for how it computes.
export * from "./calibration";
export * from "./concordance";
export * from "./cox";
export * from "./distributions";
export * from "./kaplan-meier";
export * from "./log-rank";
export * from "./synthetic-cohort";
