import { COX_MAX_ITERATIONS, findInfiniteCoefficients, fitCoxByNewtonRaphson } from "./cox-newton-raphson";
import { computeCoxIteration, type CoxTies } from "./cox-partial-likelihood";
import { computeChiSquareUpperTail, computeNormalQuantile, computeNormalTwoSidedPValue } from "./distributions";
import { ModelFitError } from "./model-fit-error";
import { buildRiskTable, type RiskTable } from "./risk-table";
import type { SurvivalRecord } from "./survival-types";
import type { TestResult } from "./test-result";

export type CoxTerm = {
  group: string;
  coef: number;
  hazardRatio: number;
  stdErr: number;
  z: number;
  pValue: number;
  lower: number;
  upper: number;
};

export type CoxResult = {
  terms: CoxTerm[];
  logLikelihood: [number, number];
  likelihoodRatioTest: TestResult;
  waldTest: TestResult;
  scoreTest: TestResult;
};

/**
 * Cox proportional hazards with one categorical factor (the cohort group) against a chosen
 * reference level, as coxph(Surv(time, status) ~ factor(group, levels = c(reference, ...))).
 *
 * Terms: one per non-reference group, in sorted group order; Wald 95% CI exp(coef -/+ z se).
 * Global tests as summary(coxph): likelihood ratio 2 (l1 - l0), Wald b' I b at the estimate and
 * the score test at beta = 0, each on groups - 1 df.
 *
 * Refuses with a RangeError a single group or an unknown reference, and with a ModelFitError
 * (problem and groups named) no events at all, a group with no events (its coefficient is
 * infinite: coxph only warns "beta may be infinite"), any other monotone likelihood that coxph's
 * own infinite-coefficient check would flag, and non-convergence.
 */
export function coxProportionalHazards(
  records: SurvivalRecord[],
  options: { reference: string; ties?: CoxTies },
): CoxResult {
  const ties = options?.ties ?? "efron";
  if (ties !== "efron" && ties !== "breslow") {
    throw new RangeError(`ties must be "efron" or "breslow" (got ${String(ties)}).`);
  }
  return coxProportionalHazardsOfTable(buildRiskTable(records), options);
}

/**
 * coxProportionalHazards on records already summed by (time, group), as buildRiskTable sums them
 * (groups in code-unit order, only those with patients; times ascending, only those with
 * patients): for callers that hold grouped counts (the cohort forest's cells), without building a
 * record per (time, group) and validating it again.
 */
export function coxProportionalHazardsOfTable(table: RiskTable, options: { reference: string; ties?: CoxTies }): CoxResult {
  const ties = options?.ties ?? "efron";
  if (ties !== "efron" && ties !== "breslow") {
    throw new RangeError(`ties must be "efron" or "breslow" (got ${String(ties)}).`);
  }
  const referenceIndex = checkCoxDesign(table, options?.reference);
  const parameterGroups = table.groups.map((_, g) => g).filter((g) => g !== referenceIndex);
  const fit = fitByNewtonRaphson(table, parameterGroups, ties);

  const size = parameterGroups.length;
  const z975 = computeNormalQuantile(0.975);
  const terms = parameterGroups.map((g, i): CoxTerm => {
    const coef = fit.beta[i] ?? 0;
    const stdErr = Math.sqrt(fit.variance[i * size + i] ?? Number.NaN);
    const z = coef / stdErr;
    return {
      group: table.groups[g] ?? "",
      coef,
      hazardRatio: Math.exp(coef),
      stdErr,
      z,
      pValue: computeNormalTwoSidedPValue(z),
      lower: Math.exp(coef - z975 * stdErr),
      upper: Math.exp(coef + z975 * stdErr),
    };
  });
  const likelihoodRatio = 2 * (fit.logLikelihood[1] - fit.logLikelihood[0]);
  return {
    terms,
    logLikelihood: fit.logLikelihood,
    likelihoodRatioTest: describeTest(likelihoodRatio, size),
    waldTest: describeTest(fit.wald, size),
    scoreTest: describeTest(fit.score, size),
  };
}

function describeTest(statistic: number, df: number): TestResult {
  return { statistic, df, pValue: computeChiSquareUpperTail(statistic, df) };
}

function checkCoxDesign(table: RiskTable, reference: unknown): number {
  if (typeof reference !== "string") throw new TypeError("The Cox model needs a reference group name.");
  if (table.groups.length < 2) {
    throw new RangeError(
      `The Cox model needs at least two groups with patients (got ${table.groups.length === 0 ? "none" : `only "${table.groups[0]}"`}).`,
    );
  }
  const referenceIndex = table.groups.indexOf(reference);
  if (referenceIndex < 0) {
    throw new RangeError(
      `The reference group "${reference}" has no patients; groups present: ${table.groups.map((g) => `"${g}"`).join(", ")}.`,
    );
  }
  if (table.eventTotals.every((events) => events === 0)) {
    throw new ModelFitError("The Cox model needs at least one event; every patient is censored.", "no-events");
  }
  table.groups.forEach((group, g) => {
    if ((table.eventTotals[g] ?? 0) === 0) {
      throw new ModelFitError(
        `Group "${group}" has no events, so its hazard ratio${g === referenceIndex ? "s against it are" : " is"} infinite (coxph: "beta may be infinite"); exclude the group${g === referenceIndex ? " or choose another reference" : ""}.`,
        "infinite-coefficient",
        [group],
      );
    }
  });
  return referenceIndex;
}

type CoxFit = {
  beta: Float64Array;
  variance: Float64Array;
  logLikelihood: [number, number];
  score: number;
  wald: number;
};

/** Newton-Raphson as survival's coxfit6 (cox-newton-raphson.ts), on the grouped likelihood. */
function fitByNewtonRaphson(table: RiskTable, parameterGroups: number[], ties: CoxTies): CoxFit {
  const size = parameterGroups.length;
  const result = fitCoxByNewtonRaphson(size, (beta) => computeCoxIteration(table, parameterGroups, beta, ties));
  if ("singularColumns" in result) {
    const names = parameterGroups.map((g) => `"${table.groups[g] ?? ""}"`).join(", ");
    throw new ModelFitError(
      `The Cox information matrix is singular at the start (groups ${names}); the model cannot be fitted.`,
      "collinear-covariates",
      parameterGroups.map((g) => table.groups[g] ?? ""),
    );
  }
  const { fit } = result;
  // A coefficient drifting off to infinity often shows up as non-convergence (the relative
  // change of a log-likelihood tending to 0 never gets small): name it when it does.
  if (fit.variance !== null) {
    const infinite = findInfiniteCoefficients(fit.beta, fit.score, fit.variance);
    const first = infinite[0];
    if (first !== undefined) {
      const group = table.groups[parameterGroups[first] ?? 0] ?? "";
      throw new ModelFitError(
        `The Cox coefficient for group "${group}" may be infinite (monotone likelihood: coxph warns "beta may be infinite"), so its hazard ratio cannot be estimated.`,
        "infinite-coefficient",
        [group],
      );
    }
  }
  if (!fit.converged || fit.variance === null) {
    throw new ModelFitError(
      `The Cox model did not converge in ${COX_MAX_ITERATIONS} iterations (coxph would warn "Ran out of iterations and did not converge").`,
      "not-converged",
    );
  }
  return {
    beta: fit.beta,
    variance: fit.variance,
    logLikelihood: fit.logLikelihood,
    score: fit.scoreStatistic,
    // coxph.wtest: b' V^-1 b with V = I^-1, i.e. b' I b.
    wald: computeQuadraticForm(fit.information, size, fit.beta),
  };
}

function computeQuadraticForm(matrix: Float64Array, size: number, x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) sum += (x[i] ?? 0) * (matrix[i * size + j] ?? 0) * (x[j] ?? 0);
  }
  return sum;
}
