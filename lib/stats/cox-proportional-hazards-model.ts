import { buildCoxDesign, readCoxCovariateNames, type CoxDesign, type CoxModelRow } from "./cox-covariate-design";
import { describeNames, fitCoxDesign } from "./cox-covariate-fit";
import { COX_MAX_ITERATIONS } from "./cox-newton-raphson";
import type { CoxTies } from "./cox-partial-likelihood";
import { computeChiSquareUpperTail, computeNormalQuantile, computeNormalTwoSidedPValue } from "./distributions";
import { ModelFitError } from "./model-fit-error";
import type { TestResult } from "./test-result";

export type CoxModelTerm = {
  name: string;
  coef: number;
  hazardRatio: number;
  stdErr: number;
  z: number;
  pValue: number;
  lower: number;
  upper: number;
};

export type CoxModel = {
  terms: CoxModelTerm[];
  logLikelihood: [number, number];
  likelihoodRatioTest: TestResult;
};

/**
 * The multivariable Cox proportional hazards model on numeric covariates (already coded: 0/1
 * indicators for the levels of a factor, numbers for the rest), as
 * coxph(Surv(time, event) ~ x1 + x2 + …, ties = ties) with the same design matrix and
 * summary() of it (survival 3.5-3):
 *
 * - Newton-Raphson as coxfit6 (coxph.control(): eps 1e-9 on the relative change of the
 *   log-likelihood, at most 20 iterations, step halving when it falls), on covariates centred
 *   and scaled as coxph does (those not all in {−1, 0, 1}); Efron ties by default, or Breslow;
 * - terms in the first row's covariate order: coef, hazardRatio = exp(coef), stdErr = √(I⁻¹)_ii,
 *   z = coef / stdErr, Wald pValue = 2 P(Z > |z|), lower/upper = exp(coef ∓ qnorm(0.975) stdErr)
 *   ($conf.int's lower .95 / upper .95);
 * - logLikelihood = [ℓ(0), ℓ(β̂)] and the likelihood ratio test 2 (ℓ(β̂) − ℓ(0)) on p df.
 *
 * Throws a TypeError or RangeError for malformed rows (naming the row and field), and a
 * ModelFitError where coxph would give NA or warn: no events; a covariate with one value for
 * everybody; collinear covariates (the later ones named, as coxph's NAs); a coefficient that
 * "may be infinite" by coxph's own check (monotone likelihood, e.g. no events in one level);
 * no convergence in 20 iterations.
 */
export function coxProportionalHazardsModel(rows: CoxModelRow[], options?: { ties?: CoxTies }): CoxModel {
  const ties = readCoxTies(options?.ties);
  const names = readCoxCovariateNames(rows);
  return coxProportionalHazardsModelOfDesign(buildCoxDesign(rows, names), ties);
}

/**
 * coxProportionalHazardsModel on a design already built from validated rows (buildCoxDesignOf,
 * checkCoxRow): for callers that write their indicator columns directly instead of an object of
 * named covariates per row (the regimen comparison's adjusted models, 80,000 cells at 1M).
 */
export function coxProportionalHazardsModelOfDesign(design: CoxDesign, ties: CoxTies): CoxModel {
  const names = design.names;
  if (names.length === 0) throw new RangeError("The Cox model needs at least one covariate.");
  const fit = fitCoxDesign(design, ties);
  const infinite = fit.infinite.map((i) => names[i] ?? "");
  if (infinite.length > 0) {
    throw new ModelFitError(
      `The coefficient of ${describeNames(infinite).replace(/^C/, "c")} may be infinite (monotone likelihood: coxph warns "Loglik converged before variable …; coefficient may be infinite"), typically because a level has no events or all of its events come first; no hazard ratio can be estimated for ${infinite.length === 1 ? "it" : "them"}.`,
      "infinite-coefficient",
      infinite,
    );
  }
  const variance = fit.variance;
  if (!fit.converged || variance === null) {
    throw new ModelFitError(
      `The Cox model did not converge in ${COX_MAX_ITERATIONS} iterations (coxph would warn "Ran out of iterations and did not converge").`,
      "not-converged",
    );
  }
  const size = names.length;
  const z975 = computeNormalQuantile(0.975);
  const terms = names.map((name, i): CoxModelTerm => {
    const coef = fit.beta[i] ?? Number.NaN;
    const stdErr = Math.sqrt(variance[i * size + i] ?? Number.NaN);
    const z = coef / stdErr;
    return {
      name,
      coef,
      hazardRatio: Math.exp(coef),
      stdErr,
      z,
      pValue: computeNormalTwoSidedPValue(z),
      lower: Math.exp(coef - z975 * stdErr),
      upper: Math.exp(coef + z975 * stdErr),
    };
  });
  const statistic = 2 * (fit.logLikelihood[1] - fit.logLikelihood[0]);
  return {
    terms,
    logLikelihood: fit.logLikelihood,
    likelihoodRatioTest: { statistic, df: size, pValue: computeChiSquareUpperTail(statistic, size) },
  };
}

export function readCoxTies(ties: unknown): CoxTies {
  const value = ties ?? "efron";
  if (value !== "efron" && value !== "breslow") throw new RangeError(`ties must be "efron" or "breslow" (got ${String(value)}).`);
  return value;
}
