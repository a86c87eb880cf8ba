import { computeCoxIteration, type CoxIterationState, type CoxTies } from "./cox-partial-likelihood";
import { computeChiSquareUpperTail, computeNormalQuantile, computeNormalTwoSidedPValue } from "./distributions";
import { decomposeCholesky, invertWithCholesky, solveWithCholesky } from "./linear-algebra";
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

// coxph.control() defaults.
const CONVERGENCE_EPS = 1e-9;
const MAX_ITERATIONS = 20;
const INFINITE_TOLERANCE = Math.sqrt(CONVERGENCE_EPS);

/**
 * Cox proportional hazards with one categorical factor (the cohort group) against a chosen
 * reference level, as coxph(Surv(time, status) ~ factor(group, levels = c(reference, ...))).
 *
 * Terms: one per non-reference group, in sorted group order; Wald 95% CI exp(coef -/+ z se).
 * Global tests as summary(coxph): likelihood ratio 2 (l1 - l0), Wald b' I b at the estimate and
 * the score test at beta = 0, each on groups - 1 df.
 *
 * Refuses, with an Error naming the problem, a single group, an unknown reference, a group with
 * no events (its coefficient is infinite: coxph only warns "beta may be infinite") and any other
 * monotone likelihood that coxph's own infinite-coefficient check would flag.
 */
export function coxProportionalHazards(
  records: SurvivalRecord[],
  options: { reference: string; ties?: CoxTies },
): CoxResult {
  const ties = options?.ties ?? "efron";
  if (ties !== "efron" && ties !== "breslow") {
    throw new Error(`ties must be "efron" or "breslow" (got ${String(ties)}).`);
  }
  const table = buildRiskTable(records);
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
  if (typeof reference !== "string") throw new Error("The Cox model needs a reference group name.");
  if (table.groups.length < 2) {
    throw new Error(
      `The Cox model needs at least two groups with patients (got ${table.groups.length === 0 ? "none" : `only "${table.groups[0]}"`}).`,
    );
  }
  const referenceIndex = table.groups.indexOf(reference);
  if (referenceIndex < 0) {
    throw new Error(
      `The reference group "${reference}" has no patients; groups present: ${table.groups.map((g) => `"${g}"`).join(", ")}.`,
    );
  }
  if (table.eventTotals.every((events) => events === 0)) {
    throw new Error("The Cox model needs at least one event; every patient is censored.");
  }
  table.groups.forEach((group, g) => {
    if ((table.eventTotals[g] ?? 0) === 0) {
      throw new Error(
        `Group "${group}" has no events, so its hazard ratio${g === referenceIndex ? "s against it are" : " is"} infinite (coxph: "beta may be infinite"); exclude the group${g === referenceIndex ? " or choose another reference" : ""}.`,
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

/**
 * Newton-Raphson as survival's coxfit6: start at 0 (the score test comes from that step),
 * stop when |1 - l_old / l_new| <= eps, and when the log-likelihood falls, step back towards the
 * last good beta, more aggressively each time (newbeta = (newbeta + h beta) / (h + 1)).
 */
function fitByNewtonRaphson(table: RiskTable, parameterGroups: number[], ties: CoxTies): CoxFit {
  const size = parameterGroups.length;
  let beta: Float64Array = new Float64Array(size);
  const initial = computeCoxIteration(table, parameterGroups, beta, ties);
  const initialFactor = requireCholesky(initial, size, table, parameterGroups);
  const firstStep = solveWithCholesky(initialFactor, size, initial.score);
  let score = 0;
  for (let i = 0; i < size; i++) score += (initial.score[i] ?? 0) * (firstStep[i] ?? 0);

  let bestLogLikelihood = initial.logLikelihood;
  let newBeta = addVectors(beta, firstStep);
  let halving = 0;
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    const state = computeCoxIteration(table, parameterGroups, newBeta, ties);
    const factor = decomposeCholesky(state.information, size);
    const finite = Number.isFinite(state.logLikelihood) && factor !== null && state.score.every(Number.isFinite);
    if (
      finite &&
      (state.logLikelihood === bestLogLikelihood || Math.abs(1 - bestLogLikelihood / state.logLikelihood) <= CONVERGENCE_EPS)
    ) {
      const variance = invertWithCholesky(factor, size);
      checkFiniteCoefficients(table, parameterGroups, newBeta, state.score, variance);
      return {
        beta: newBeta,
        variance,
        logLikelihood: [initial.logLikelihood, state.logLikelihood],
        score,
        // coxph.wtest: b' V^-1 b with V = I^-1, i.e. b' I b.
        wald: computeQuadraticForm(state.information, size, newBeta),
      };
    }
    if (iteration === MAX_ITERATIONS) {
      // A coefficient drifting off to infinity often shows up as non-convergence (the relative
      // change of a log-likelihood tending to 0 never gets small): name it when it does.
      if (factor !== null) checkFiniteCoefficients(table, parameterGroups, newBeta, state.score, invertWithCholesky(factor, size));
      break;
    }
    if (!finite || state.logLikelihood < bestLogLikelihood || factor === null) {
      halving++;
      const previous = beta;
      newBeta = newBeta.map((value, i) => (value + halving * (previous[i] ?? 0)) / (halving + 1));
    } else {
      halving = 0;
      bestLogLikelihood = state.logLikelihood;
      beta = newBeta;
      newBeta = addVectors(newBeta, solveWithCholesky(factor, size, state.score));
    }
  }
  throw new Error(
    `The Cox model did not converge in ${MAX_ITERATIONS} iterations (coxph would warn "Ran out of iterations and did not converge").`,
  );
}

function requireCholesky(
  state: CoxIterationState,
  size: number,
  table: RiskTable,
  parameterGroups: number[],
): Float64Array {
  const factor = decomposeCholesky(state.information, size);
  if (factor === null) {
    const names = parameterGroups.map((g) => `"${table.groups[g] ?? ""}"`).join(", ");
    throw new Error(`The Cox information matrix is singular at the start (groups ${names}); the model cannot be fitted.`);
  }
  return factor;
}

function computeQuadraticForm(matrix: Float64Array, size: number, x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) sum += (x[i] ?? 0) * (matrix[i * size + j] ?? 0) * (x[j] ?? 0);
  }
  return sum;
}

function addVectors(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((value, i) => value + (b[i] ?? 0));
}

/** coxph.fit's check: |U' V| > eps and > toler.inf * |beta| means "beta may be infinite". */
function checkFiniteCoefficients(
  table: RiskTable,
  parameterGroups: number[],
  beta: Float64Array,
  score: Float64Array,
  variance: Float64Array,
): void {
  const size = parameterGroups.length;
  parameterGroups.forEach((g, i) => {
    let drift = 0;
    for (let j = 0; j < size; j++) drift += (score[j] ?? 0) * (variance[j * size + i] ?? 0);
    drift = Math.abs(drift);
    if (!Number.isFinite(drift) || (drift > CONVERGENCE_EPS && drift > INFINITE_TOLERANCE * Math.abs(beta[i] ?? 0))) {
      throw new Error(
        `The Cox coefficient for group "${table.groups[g] ?? ""}" may be infinite (monotone likelihood: coxph warns "beta may be infinite"), so its hazard ratio cannot be estimated.`,
      );
    }
  });
}
