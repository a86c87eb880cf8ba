// Public survival statistics: Kaplan-Meier, log-rank, Cox (one factor, and multivariable with a
// treatment × subgroup interaction test) and the restricted mean, validated against R's survival
// package (see docs/statistics.md). The implementations live in the files named after them.
export type { SurvivalRecord, KaplanMeierPoint, KaplanMeierCurve } from "./survival-types";
export type { TestResult } from "./test-result";
export type { CoxModelRow } from "./cox-covariate-design";
export type { CoxModel, CoxModelTerm } from "./cox-proportional-hazards-model";
export { kaplanMeier } from "./kaplan-meier";
export { logRankTest } from "./log-rank-test";
export { coxProportionalHazards } from "./cox-proportional-hazards";
export { coxProportionalHazardsModel } from "./cox-proportional-hazards-model";
export type { CoxInteractionRow, CoxInteractionTest } from "./cox-interaction-test";
export { coxInteractionTest, coxInteractionTestOfColumns } from "./cox-interaction-test";
export type { RestrictedMeanSurvival, RestrictedMeanSurvivalDifference } from "./restricted-mean-survival";
export { restrictedMeanDifferences, restrictedMeanSurvival, restrictedMeanSurvivalDifference } from "./restricted-mean-survival";
