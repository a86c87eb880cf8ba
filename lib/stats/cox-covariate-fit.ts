import { buildCoxDesign, type CoxDesign, type CoxModelRow } from "./cox-covariate-design";
import { evaluateCoxDesign } from "./cox-covariate-likelihood";
import { findInfiniteCoefficients, fitCoxByNewtonRaphson } from "./cox-newton-raphson";
import type { CoxTies } from "./cox-partial-likelihood";
import { ModelFitError } from "./model-fit-error";

/** A multivariable Cox fit on the covariates' own scale, before any refusal of its estimates. */
export type CoxCovariateFit = {
  names: string[];
  converged: boolean;
  iterations: number;
  beta: Float64Array;
  /** Row-major inverse information; null if it is not positive definite at the last beta. */
  variance: Float64Array | null;
  logLikelihood: [number, number];
  /** Indices of the coefficients coxph's check calls possibly infinite (monotone likelihood). */
  infinite: number[];
  patients: number;
  events: number;
};

/**
 * Fits the Cox model by coxfit6's Newton-Raphson on the centred and scaled design, then maps the
 * estimates back (beta·s, V_ij·s_i·s_j, U/s) and runs coxph.fit's infinite-coefficient check on
 * the original scale, as coxph does. Refuses with a ModelFitError what coxph would return NA for:
 * no events, a covariate with one value for everybody, and covariates that make the information
 * singular at the start (collinear, or constant among the patients at risk at the event times).
 * Monotone likelihoods and non-convergence are reported in the result, for the caller to judge.
 */
export function fitCoxCovariateModel(rows: CoxModelRow[], names: string[], ties: CoxTies): CoxCovariateFit {
  return fitCoxDesign(buildCoxDesign(rows, names), ties);
}

/**
 * fitCoxCovariateModel on a design already built (buildCoxDesignOf). `start` (optional, on the
 * covariates' own scale, one value per column) is where Newton-Raphson starts instead of 0
 * (fitCoxByNewtonRaphson): logLikelihood[0] is then the start's.
 */
export function fitCoxDesign(design: CoxDesign, ties: CoxTies, start?: Float64Array): CoxCovariateFit {
  const names = design.names;
  if (design.eventCount === 0) {
    throw new ModelFitError("The Cox model needs at least one event; every patient is censored.", "no-events");
  }
  const varies = varyingColumns(design);
  const constant = names.filter((_, j) => varies[j] === 0);
  if (constant.length > 0) {
    throw new ModelFitError(
      `${describeNames(constant)} ${constant.length === 1 ? "has" : "have"} the same value for every patient, so no hazard ratio can be estimated for ${constant.length === 1 ? "it" : "them"} (coxph reports NA); remove ${constant.length === 1 ? "it" : "them"} from the model.`,
      "constant-covariate",
      constant,
    );
  }
  const size = design.size;
  // The iterations run on the centred and scaled columns: β on them is β·s, so the start is β/s.
  const scaledStart = start ? Float64Array.from({ length: size }, (_, j) => (start[j] ?? 0) / (design.scales[j] ?? 1)) : undefined;
  const result = fitCoxByNewtonRaphson(size, (beta) => evaluateCoxDesign(design, beta, ties), scaledStart);
  if ("singularColumns" in result) {
    const singular = result.singularColumns.map((j) => names[j] ?? "");
    throw new ModelFitError(
      `${describeNames(singular)} ${singular.length === 1 ? "is a linear combination of the covariates before it" : "are linear combinations of the covariates before them"}, or constant among the patients at risk at the event times (coxph reports NA, "X matrix deemed to be singular"); remove ${singular.length === 1 ? "it" : "them"} from the model.`,
      "collinear-covariates",
      singular,
    );
  }
  const { fit } = result;
  const scales = design.scales;
  const beta = fit.beta.map((value, i) => value * (scales[i] ?? 1));
  const score = fit.score.map((value, i) => value / (scales[i] ?? 1));
  const variance = fit.variance === null ? null : fit.variance.map((value, index) => value * (scales[Math.floor(index / size)] ?? 1) * (scales[index % size] ?? 1));
  return {
    names,
    converged: fit.converged,
    iterations: fit.iterations,
    beta,
    variance,
    logLikelihood: fit.logLikelihood,
    infinite: variance === null ? [] : findInfiniteCoefficients(beta, score, variance),
    patients: design.patients,
    events: design.eventCount,
  };
}

export function describeNames(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  const list = quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
  return `Covariate${names.length === 1 ? "" : "s"} ${list}`;
}

/**
 * 1 for each column whose value is not the same in every row, from the sparse design: a column
 * with no non-zero value is 0 everywhere; one non-zero in some rows only varies; one non-zero in
 * every row varies when a value differs from the first row's.
 */
function varyingColumns(design: CoxDesign): Uint8Array {
  const { count, size, rowStarts, nonZero, values } = design;
  const varies = new Uint8Array(size);
  const rowsWithValue = new Int32Array(size);
  const firstValue = new Float64Array(size);
  for (let a = rowStarts[0] ?? 0; a < (rowStarts[1] ?? 0); a++) firstValue[nonZero[a] ?? 0] = values[a] ?? 0;
  for (let a = 0; a < nonZero.length; a++) {
    const j = nonZero[a] ?? 0;
    rowsWithValue[j] = (rowsWithValue[j] ?? 0) + 1;
    if (values[a] !== firstValue[j]) varies[j] = 1;
  }
  for (let j = 0; j < size; j++) if ((rowsWithValue[j] ?? 0) > 0 && (rowsWithValue[j] ?? 0) < count) varies[j] = 1;
  return varies;
}
