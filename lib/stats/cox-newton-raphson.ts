import { decomposeCholesky, findSingularColumns, invertWithCholesky, solveWithCholesky } from "./linear-algebra";

/** The partial log-likelihood with its score vector and information matrix (row-major) at one beta. */
export type CoxEvaluation = { logLikelihood: number; score: Float64Array; information: Float64Array };

// coxph.control() defaults: eps, iter.max and toler.inf = sqrt(eps).
export const COX_CONVERGENCE_EPS = 1e-9;
export const COX_MAX_ITERATIONS = 20;
const INFINITE_TOLERANCE = Math.sqrt(COX_CONVERGENCE_EPS);

export type CoxNewtonRaphsonFit = {
  converged: boolean;
  /** The last beta evaluated: the estimate when converged. */
  beta: Float64Array;
  /** The score at that beta. */
  score: Float64Array;
  /** The information at that beta. */
  information: Float64Array;
  /** The inverse information at that beta; null if it is not positive definite there. */
  variance: Float64Array | null;
  /** [at the start (beta = 0 unless one was given), the best reached] as coxph's loglik (the best is the last good step's when not converged). */
  logLikelihood: [number, number];
  /** The score test U(0)' I(0)^-1 U(0) (at the given start instead, when there is one: then it is no score test). */
  scoreStatistic: number;
  iterations: number;
};

export type CoxNewtonRaphsonResult = { singularColumns: number[] } | { fit: CoxNewtonRaphsonFit };

/**
 * Newton-Raphson for a Cox partial likelihood as survival's coxfit6 (survival 3.5-3), for any
 * way of evaluating it: start at beta = 0 (the score test comes from that step); after each step
 * stop when |1 − l_best / l_new| ≤ eps; when the log-likelihood falls or is not finite, step
 * back towards the last good beta, more aggressively each time (newbeta = (newbeta + h·beta) /
 * (h + 1), h = 1, 2, …); at most 20 iterations. A step whose information is not positive
 * definite is treated like a non-finite one (coxfit6 would go on with a generalised inverse).
 *
 * Returns the columns that make the information singular at the start (cholesky2's test, pivot
 * below toler.chol · the largest diagonal), or the fit; the callers decide what to refuse.
 *
 * `start` (optional, same scale as the evaluation's beta) replaces beta = 0 as the first point: the
 * interaction test starts its model with the interaction from the converged model without it,
 * about one evaluation nearer the estimate. The iterations and the convergence test are the same;
 * the estimate is the same maximum, to within what that test leaves (Newton's last step makes the
 * error about the square of the one before). The result's logLikelihood[0] and scoreStatistic are
 * then at the start, not at 0.
 */
export function fitCoxByNewtonRaphson(size: number, evaluate: (beta: Float64Array) => CoxEvaluation, start?: Float64Array): CoxNewtonRaphsonResult {
  let beta: Float64Array = start ? Float64Array.from(start) : new Float64Array(size);
  const initial = evaluate(beta);
  const initialFactor = decomposeCholesky(initial.information, size);
  if (initialFactor === null) return { singularColumns: findSingularColumns(initial.information, size) };
  const firstStep = solveWithCholesky(initialFactor, size, initial.score);
  let scoreStatistic = 0;
  for (let i = 0; i < size; i++) scoreStatistic += (initial.score[i] ?? 0) * (firstStep[i] ?? 0);

  let bestLogLikelihood = initial.logLikelihood;
  let newBeta = addVectors(beta, firstStep);
  let halving = 0;
  for (let iteration = 1; iteration <= COX_MAX_ITERATIONS; iteration++) {
    const state = evaluate(newBeta);
    const factor = decomposeCholesky(state.information, size);
    const finite = Number.isFinite(state.logLikelihood) && factor !== null && state.score.every(Number.isFinite);
    const done =
      finite &&
      (state.logLikelihood === bestLogLikelihood || Math.abs(1 - bestLogLikelihood / state.logLikelihood) <= COX_CONVERGENCE_EPS);
    if (done || iteration === COX_MAX_ITERATIONS) {
      return {
        fit: {
          converged: done,
          beta: newBeta,
          score: state.score,
          information: state.information,
          variance: factor === null ? null : invertWithCholesky(factor, size),
          logLikelihood: [initial.logLikelihood, done ? state.logLikelihood : bestLogLikelihood],
          scoreStatistic,
          iterations: iteration,
        },
      };
    }
    if (!finite || state.logLikelihood < bestLogLikelihood) {
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
  // Unreachable: the loop returns at its last iteration.
  throw new Error("The Cox iterations ended without a result.");
}

/**
 * coxph.fit's check after the iterations: coefficient i "may be infinite" when the score is not
 * finite or |(U' V)_i| > eps and > toler.inf · |beta_i| (the next Newton step would still move it
 * by a lot relative to its size: the likelihood is monotone in that direction).
 */
export function findInfiniteCoefficients(beta: Float64Array, score: Float64Array, variance: Float64Array | null): number[] {
  const size = beta.length;
  const infinite: number[] = [];
  for (let i = 0; i < size; i++) {
    let drift = 0;
    for (let j = 0; j < size; j++) drift += (score[j] ?? 0) * (variance?.[j * size + i] ?? Number.NaN);
    drift = Math.abs(drift);
    if (!Number.isFinite(drift) || (drift > COX_CONVERGENCE_EPS && drift > INFINITE_TOLERANCE * Math.abs(beta[i] ?? 0))) {
      infinite.push(i);
    }
  }
  return infinite;
}

function addVectors(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((value, i) => value + (b[i] ?? 0));
}
