import type { CoxDesign } from "./cox-covariate-design";
import type { CoxEvaluation } from "./cox-newton-raphson";
import type { CoxTies } from "./cox-partial-likelihood";

/**
 * The Cox partial log-likelihood, score and information at beta for patient-level covariates, as
 * survival's coxfit6_iter (no offset, one stratum): the patients are walked from
 * the latest time down, so the risk-set sums S0 = Σ r, S1 = Σ r x and S2 = Σ r x x' (r = e^{βx})
 * only ever grow; the deaths at one time are added after their risk set's censored patients.
 * Breslow (and any single death) uses the full risk set for each of the d deaths; Efron adds the
 * deaths' share 1/d at a time, so term k uses the censored and later patients plus k/d of the deaths.
 * A row with a whole-number weight w (design.weights) counts as w identical patients: its risk,
 * log-likelihood and score terms are multiplied by w, and its deaths are w of the d tied deaths
 * of Efron's steps, so the result equals the evaluation on the rows repeated (to rounding).
 * Cost: one pass, O(rows × covariates² + deaths × covariates²).
 */
export function evaluateCoxDesign(design: CoxDesign, beta: Float64Array, ties: CoxTies): CoxEvaluation {
  const { count, size, times, events, covariates: x, weights } = design;
  const score = new Float64Array(size);
  const information = new Float64Array(size * size);
  // Risk-set sums (lower triangles for the squares) and the same for the deaths at the current time.
  const sum1 = new Float64Array(size);
  const sum2 = new Float64Array(size * size);
  const deathSum1 = new Float64Array(size);
  const deathSum2 = new Float64Array(size * size);
  let sum0 = 0;
  let logLikelihood = 0;

  let person = count - 1;
  while (person >= 0) {
    const time = times[person] ?? 0;
    let deaths = 0;
    let deathSum0 = 0;
    while (person >= 0 && times[person] === time) {
      const offset = person * size;
      let linear = 0;
      for (let i = 0; i < size; i++) linear += (beta[i] ?? 0) * (x[offset + i] ?? 0);
      // Unit weights keep the unweighted arithmetic exactly (a product by 1 is exact).
      const weight = weights ? (weights[person] ?? 1) : 1;
      const risk = weight * Math.exp(linear);
      const died = events[person] === 1;
      const target1 = died ? deathSum1 : sum1;
      const target2 = died ? deathSum2 : sum2;
      if (died) {
        deaths += weight;
        deathSum0 += risk;
        logLikelihood += weight * linear;
        for (let i = 0; i < size; i++) score[i] = (score[i] ?? 0) + weight * (x[offset + i] ?? 0);
      } else {
        sum0 += risk;
      }
      for (let i = 0; i < size; i++) {
        const riskX = risk * (x[offset + i] ?? 0);
        target1[i] = (target1[i] ?? 0) + riskX;
        for (let j = 0; j <= i; j++) target2[i * size + j] = (target2[i * size + j] ?? 0) + riskX * (x[offset + j] ?? 0);
      }
      person--;
    }
    if (deaths === 0) continue;
    // Breslow: one step with everything; Efron: d steps of 1/d (identical when d = 1).
    const steps = ties === "efron" ? deaths : 1;
    const share = deaths / steps;
    for (let k = 0; k < steps; k++) {
      sum0 += deathSum0 / steps;
      logLikelihood -= share * Math.log(sum0);
      for (let i = 0; i < size; i++) {
        sum1[i] = (sum1[i] ?? 0) + (deathSum1[i] ?? 0) / steps;
        const mean = (sum1[i] ?? 0) / sum0;
        score[i] = (score[i] ?? 0) - share * mean;
        for (let j = 0; j <= i; j++) {
          sum2[i * size + j] = (sum2[i * size + j] ?? 0) + (deathSum2[i * size + j] ?? 0) / steps;
          information[j * size + i] = (information[j * size + i] ?? 0) + (share * ((sum2[i * size + j] ?? 0) - mean * (sum1[j] ?? 0))) / sum0;
        }
      }
    }
    deathSum1.fill(0);
    deathSum2.fill(0);
  }
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < i; j++) information[i * size + j] = information[j * size + i] ?? 0;
  }
  return { logLikelihood, score, information };
}
