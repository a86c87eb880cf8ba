/**
 * Why a regression model (Cox, logistic) could not give finite, meaningful estimates.
 * R would mostly return something with a warning (an NA coefficient, an "infinite" beta of 20,
 * "fitted probabilities numerically 0 or 1"); a dashboard would show those numbers as if they
 * were estimates, so the models refuse instead and say why.
 */
export type ModelFitProblem =
  | "no-events"
  | "constant-covariate"
  | "collinear-covariates"
  | "infinite-coefficient"
  | "separation"
  | "not-converged";

/**
 * Thrown by the models with a message that can be shown as is, a machine-readable `problem`, and
 * the names of the terms concerned (covariates or groups; empty when the whole model is at fault).
 */
export class ModelFitError extends Error {
  override readonly name = "ModelFitError";

  constructor(
    message: string,
    readonly problem: ModelFitProblem,
    readonly terms: readonly string[] = [],
  ) {
    super(message);
  }
}
