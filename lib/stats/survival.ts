// Public survival statistics: Kaplan-Meier, log-rank and Cox, validated against R's survival
// package (see docs/statistics.md). The implementations live in the files named after them.
export type { SurvivalRecord, KaplanMeierPoint, KaplanMeierCurve } from "./survival-types";
export type { TestResult } from "./test-result";
export { kaplanMeier } from "./kaplan-meier";
export { logRankTest } from "./log-rank-test";
export { coxProportionalHazards } from "./cox-proportional-hazards";
