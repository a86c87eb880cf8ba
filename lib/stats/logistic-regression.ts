import { readCovariateNames } from "./covariate-names";
import { computeNormalQuantile, computeNormalTwoSidedPValue } from "./distributions";
import { ModelFitError } from "./model-fit-error";
import { solveWeightedLeastSquares } from "./weighted-least-squares";

export type LogisticRow = { y: 0 | 1; covariates: Record<string, number> };

export type LogisticTerm = {
  name: string;
  coef: number;
  oddsRatio: number;
  stdErr: number;
  pValue: number;
  lower: number;
  upper: number;
};

export type LogisticRegression = { terms: LogisticTerm[] };

export const INTERCEPT = "(Intercept)";

// glm.control() defaults, and the QR tolerance glm.fit passes to Cdqrls: min(1e-7, epsilon / 1000).
const EPSILON = 1e-8;
const MAX_ITERATIONS = 25;
const QR_TOLERANCE = Math.min(1e-7, EPSILON / 1000);
// The logit link's clamps in R's C code (family.c): beyond |eta| > 30, mu and dmu/deta stop moving.
const LINK_THRESHOLD = 30;
// Extra Newton steps used only to tell a finite maximum from a separated one (see below).
const SEPARATION_STEPS = 30;

/**
 * Logistic regression by iteratively reweighted least squares, as
 * glm(y ~ x1 + x2 + …, family = binomial) with glm.control()'s defaults (R 4.2):
 *
 * - start at mu = (y + 0.5) / 2; each step solves the weighted least squares of
 *   z = eta + (y − mu) / mu' on X with weights mu'² / (mu (1 − mu)) by Householder QR (glm.fit's
 *   Cdqrls); stop when |dev − dev_old| / (|dev| + 0.1) < 1e-8, at most 25 iterations; the logit
 *   link clamps as R's does (|eta| > 30);
 * - terms: "(Intercept)" first, then the covariates in the first row's key order; coef,
 *   oddsRatio = exp(coef), stdErr from (X'WX)⁻¹ with the last step's weights (summary.glm's
 *   cov.unscaled), Wald pValue = 2 P(Z > |z|), lower/upper = exp(coef ∓ qnorm(0.975) stdErr)
 *   (exp(confint.default(fit))).
 *
 * Throws a TypeError or RangeError for malformed rows (y not 0 or 1, covariates missing, extra or
 * not finite), and a ModelFitError instead of R's NA or meaningless estimates: a covariate with
 * one value for everybody or collinear covariates (coef NA in R), outcomes all 0 or all 1, complete
 * or quasi-complete separation, and no convergence in 25 iterations.
 *
 * Separation (a combination of covariates that predicts some outcomes perfectly: the maximum
 * likelihood estimate is infinite; glm stops anyway, with coefficients like 20 and huge standard
 * errors, and warns "fitted probabilities numerically 0 or 1 occurred" only sometimes): after
 * glm's stopping rule, Newton steps continue (up to 30). A finite maximum is reached in a few
 * steps; under separation the coefficients keep moving along the separating direction and some
 * linear predictor passes ±30 (a probability within 1e-13 of 0 or 1). Either sign — no
 * convergence of the extra steps, or |eta| > 30 — or R's own warning (a fitted probability within
 * 10 ε of 0 or 1) counts as separation; the covariates that moved most along the way are named.
 */
export function logisticRegression(rows: LogisticRow[]): LogisticRegression {
  const names = readLogisticNames(rows);
  const count = rows.length;
  const columns = names.length + 1;
  const design = new Float64Array(count * columns);
  const outcomes = new Float64Array(count);
  rows.forEach((row, i) => {
    outcomes[i] = row.y;
    design[i * columns] = 1;
    names.forEach((name, j) => (design[i * columns + j + 1] = row.covariates[name] ?? 0));
  });
  checkDesign(design, outcomes, count, columns, names);

  const fit = fitByIteratedWeightedLeastSquares(design, outcomes, count, columns, names);
  if (!fit.converged) {
    throw new ModelFitError(
      `The logistic regression did not converge in ${MAX_ITERATIONS} iterations (glm would warn "glm.fit: algorithm did not converge").`,
      "not-converged",
    );
  }
  checkSeparation(design, outcomes, count, columns, names, fit);

  const z975 = computeNormalQuantile(0.975);
  const termNames = [INTERCEPT, ...names];
  return {
    terms: termNames.map((name, j): LogisticTerm => {
      const coef = fit.coefficients[j] ?? Number.NaN;
      const stdErr = Math.sqrt(fit.covariance[j * columns + j] ?? Number.NaN);
      return {
        name,
        coef,
        oddsRatio: Math.exp(coef),
        stdErr,
        pValue: computeNormalTwoSidedPValue(coef / stdErr),
        lower: Math.exp(coef - z975 * stdErr),
        upper: Math.exp(coef + z975 * stdErr),
      };
    }),
  };
}

function readLogisticNames(rows: LogisticRow[]): string[] {
  if (!Array.isArray(rows)) throw new TypeError("rows must be an array of { y, covariates }.");
  rows.forEach((row, index) => {
    if (row === null || typeof row !== "object") throw new TypeError(`Row ${index + 1} is not an object.`);
    if (typeof row.y !== "number") throw new TypeError(`Row ${index + 1}: y must be 0 or 1 (got ${String(row.y)}).`);
    if (row.y !== 0 && row.y !== 1) throw new RangeError(`Row ${index + 1}: y must be 0 or 1 (got ${String(row.y)}).`);
  });
  const names = readCovariateNames(rows, { model: "logistic regression", atLeastOne: false });
  if (names.includes(INTERCEPT)) throw new RangeError(`"${INTERCEPT}" is the intercept's name; rename that covariate.`);
  return names;
}

function checkDesign(design: Float64Array, outcomes: Float64Array, count: number, columns: number, names: string[]): void {
  const events = outcomes.reduce((sum, y) => sum + y, 0);
  if (events === 0 || events === count) {
    throw new ModelFitError(
      `Every outcome is ${events === 0 ? 0 : 1}, so no odds can be estimated (the intercept is infinite); the model needs both outcomes.`,
      "separation",
    );
  }
  const constant = names.filter((_, j) => {
    for (let i = 1; i < count; i++) if (design[i * columns + j + 1] !== design[j + 1]) return false;
    return true;
  });
  if (constant.length > 0) {
    throw new ModelFitError(
      `${describeCovariates(constant)} ${constant.length === 1 ? "has" : "have"} the same value for every patient, so no odds ratio can be estimated for ${constant.length === 1 ? "it" : "them"} (glm reports NA); remove ${constant.length === 1 ? "it" : "them"} from the model.`,
      "constant-covariate",
      constant,
    );
  }
}

type LogisticFit = {
  converged: boolean;
  coefficients: Float64Array;
  covariance: Float64Array;
  linear: Float64Array;
};

function fitByIteratedWeightedLeastSquares(design: Float64Array, outcomes: Float64Array, count: number, columns: number, names: string[]): LogisticFit {
  let linear: Float64Array = outcomes.map((y) => Math.log((y + 0.5) / 2 / (1 - (y + 0.5) / 2)));
  let fitted: Float64Array = linear.map(computeProbability);
  let previousDeviance = computeDeviance(outcomes, fitted);
  let previousCoefficients: Float64Array | null = null;
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    const step = solveStep(design, outcomes, count, columns, linear, fitted, names);
    let coefficients: Float64Array = step.coefficients;
    linear = multiply(design, count, columns, coefficients);
    fitted = linear.map(computeProbability);
    let deviance = computeDeviance(outcomes, fitted);
    // glm.fit's "inner loop 1": halve the step back towards the last coefficients while the
    // deviance is not finite (only reachable through the link's clamps failing).
    for (let halving = 1; !Number.isFinite(deviance); halving++) {
      if (previousCoefficients === null || halving > MAX_ITERATIONS) {
        throw new ModelFitError("The logistic regression found no valid set of coefficients (glm: \"cannot correct step size\").", "not-converged");
      }
      const last: Float64Array = previousCoefficients;
      coefficients = coefficients.map((value, j) => (value + (last[j] ?? 0)) / 2);
      linear = multiply(design, count, columns, coefficients);
      fitted = linear.map(computeProbability);
      deviance = computeDeviance(outcomes, fitted);
    }
    if (Math.abs(deviance - previousDeviance) / (Math.abs(deviance) + 0.1) < EPSILON) {
      return { converged: true, coefficients, covariance: step.covariance, linear };
    }
    previousDeviance = deviance;
    previousCoefficients = coefficients;
  }
  return { converged: false, coefficients: previousCoefficients ?? new Float64Array(columns), covariance: new Float64Array(columns * columns), linear };
}

/** One IRLS step at the current linear predictor: the new coefficients and (X'WX)⁻¹ at its weights. */
function solveStep(
  design: Float64Array,
  outcomes: Float64Array,
  count: number,
  columns: number,
  linear: Float64Array,
  fitted: Float64Array,
  names: string[],
): { coefficients: Float64Array; covariance: Float64Array } {
  const working = new Float64Array(count);
  const weights = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const eta = linear[i] ?? 0;
    const mu = fitted[i] ?? 0.5;
    const derivative = computeProbabilityDerivative(eta);
    working[i] = eta + ((outcomes[i] ?? 0) - mu) / derivative;
    weights[i] = Math.sqrt((derivative * derivative) / (mu * (1 - mu)));
  }
  const solved = solveWeightedLeastSquares(design, count, columns, working, weights, QR_TOLERANCE);
  if (!("coefficients" in solved)) {
    const aliased = solved.aliased.map((j) => (j === 0 ? INTERCEPT : (names[j - 1] ?? "")));
    throw new ModelFitError(
      `${describeCovariates(aliased)} ${aliased.length === 1 ? "is a linear combination of the covariates before it" : "are linear combinations of the covariates before them"} (glm reports NA); remove ${aliased.length === 1 ? "it" : "them"} from the model.`,
      "collinear-covariates",
      aliased,
    );
  }
  return { coefficients: solved.coefficients, covariance: solved.unscaledCovariance };
}

function checkSeparation(design: Float64Array, outcomes: Float64Array, count: number, columns: number, names: string[], fit: LogisticFit): void {
  // R's own warning: a fitted probability within 10 ε of 0 or 1.
  const nearBound = fit.linear.some((eta) => {
    const mu = computeProbability(eta);
    return mu < 10 * Number.EPSILON || mu > 1 - 10 * Number.EPSILON;
  });
  let coefficients = fit.coefficients;
  let linear = fit.linear;
  let settled = false;
  for (let step = 0; step < SEPARATION_STEPS && !settled; step++) {
    if (linear.some((eta) => Math.abs(eta) > LINK_THRESHOLD)) break;
    const next = solveStep(design, outcomes, count, columns, linear, linear.map(computeProbability), names).coefficients;
    settled = next.every((value, j) => Math.abs(value - (coefficients[j] ?? 0)) <= 1e-8 * (1 + Math.abs(value)));
    coefficients = next;
    linear = multiply(design, count, columns, coefficients);
  }
  if (settled && !nearBound) return;
  // Name the covariates that moved the linear predictor most (over their range) along the way.
  const moved = names.map((_, j) => {
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const value = design[i * columns + j + 1] ?? 0;
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    const change = Math.abs((coefficients[j + 1] ?? 0) - (fit.coefficients[j + 1] ?? 0)) + Math.abs(fit.coefficients[j + 1] ?? 0);
    return change * (high - low);
  });
  const largest = Math.max(0, ...moved);
  const separating = names.filter((_, j) => (moved[j] ?? 0) >= 0.1 * largest && largest > 0);
  throw new ModelFitError(
    `The outcomes are separated${separating.length > 0 ? ` by ${describeCovariates(separating).replace(/^C/, "c")}` : ""}: some combination of the covariates predicts them perfectly, so the odds ratios are infinite (glm would stop at arbitrary large coefficients${nearBound ? ' and warn "fitted probabilities numerically 0 or 1 occurred"' : ""}). Combine sparse categories or remove ${separating.length === 1 ? "that covariate" : "those covariates"}.`,
    "separation",
    separating,
  );
}

function describeCovariates(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  const list = quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
  return `Covariate${names.length === 1 ? "" : "s"} ${list}`;
}

function multiply(design: Float64Array, count: number, columns: number, coefficients: Float64Array): Float64Array {
  const result = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let j = 0; j < columns; j++) sum += (design[i * columns + j] ?? 0) * (coefficients[j] ?? 0);
    result[i] = sum;
  }
  return result;
}

/** binomial()$linkinv in R: exp(eta) clamped to [ε, 1/ε] beyond |eta| > 30, then x / (1 + x). */
function computeProbability(eta: number): number {
  const odds = eta < -LINK_THRESHOLD ? Number.EPSILON : eta > LINK_THRESHOLD ? 1 / Number.EPSILON : Math.exp(eta);
  return odds / (1 + odds);
}

/** binomial()$mu.eta: e^eta / (1 + e^eta)², and ε beyond |eta| > 30. */
function computeProbabilityDerivative(eta: number): number {
  if (eta > LINK_THRESHOLD || eta < -LINK_THRESHOLD) return Number.EPSILON;
  const onePlus = 1 + Math.exp(eta);
  return Math.exp(eta) / (onePlus * onePlus);
}

/** The binomial deviance −2 Σ log P(y_i), as binomial()$dev.resids summed. */
function computeDeviance(outcomes: Float64Array, fitted: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < outcomes.length; i++) {
    const mu = fitted[i] ?? 0.5;
    sum += outcomes[i] === 1 ? -2 * Math.log(mu) : -2 * Math.log(1 - mu);
  }
  return sum;
}
