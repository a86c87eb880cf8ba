import type { RiskTable } from "./risk-table";

export type CoxTies = "efron" | "breslow";

/** The partial log-likelihood with its score vector and information matrix at one beta. */
export type CoxIterationState = { logLikelihood: number; score: Float64Array; information: Float64Array };

/**
 * One pass of survival's coxfit6_iter specialised to one categorical factor.
 *
 * The covariates are 0/1 indicators of the non-reference groups (`parameterGroups[i]` is the
 * group of coefficient i), so every risk-set sum is a sum over groups: with n_g at risk and
 * w_g = exp(beta_g), S0 = sum n_g w_g, S1_g = n_g w_g and S2 = diag(S1). Sweeping the distinct
 * times from the largest down and adding each time's patients to n_g keeps the risk sets
 * (time >= t) current, so one pass costs O(times x groups^2), not O(patients).
 *
 * Efron ties, as coxfit6: with d deaths at t, term k = 1..d uses the risk set minus (1 - k/d)
 * of the dying patients' weight; Breslow uses the full risk set d times.
 */
export function computeCoxIteration(
  table: RiskTable,
  parameterGroups: number[],
  beta: Float64Array,
  ties: CoxTies,
): CoxIterationState {
  const width = table.groups.length;
  const size = parameterGroups.length;
  const weight = new Float64Array(width).fill(1);
  const groupBeta = new Float64Array(width);
  parameterGroups.forEach((g, i) => {
    groupBeta[g] = beta[i] ?? 0;
    weight[g] = Math.exp(beta[i] ?? 0);
  });
  const atRisk = new Float64Array(width);
  const score = new Float64Array(size);
  const information = new Float64Array(size * size);
  const mean = new Float64Array(size);
  // ℓ compensated (Neumaier), as evaluateCoxDesign's: a sum of up to a few hundred thousand terms.
  let logLikelihood = 0;
  let compensation = 0;
  const addToLogLikelihood = (term: number) => {
    const total = logLikelihood + term;
    compensation += Math.abs(logLikelihood) >= Math.abs(term) ? logLikelihood - total + term : term - total + logLikelihood;
    logLikelihood = total;
  };

  for (let t = table.times.length - 1; t >= 0; t--) {
    let deaths = 0;
    let riskSum = 0;
    let deathRiskSum = 0;
    for (let g = 0; g < width; g++) {
      const events = table.events[t * width + g] ?? 0;
      atRisk[g] = (atRisk[g] ?? 0) + events + (table.censored[t * width + g] ?? 0);
      if (events > 0) {
        deaths += events;
        deathRiskSum += events * (weight[g] ?? 1);
        addToLogLikelihood(events * (groupBeta[g] ?? 0));
      }
      riskSum += (atRisk[g] ?? 0) * (weight[g] ?? 1);
    }
    if (deaths === 0) continue;
    parameterGroups.forEach((g, i) => (score[i] = (score[i] ?? 0) + (table.events[t * width + g] ?? 0)));

    // Breslow, and Efron with a single death (identical then), use the whole risk set d times.
    const steps = ties === "efron" && deaths > 1 ? deaths : 1;
    const multiplicity = deaths / steps;
    // Σ_k log(denominator_k) as the logarithm of their product, kept between 1e-200 and 1e200
    // (one logarithm per tied death was most of the forest plot's per-level fits at a million
    // patients; equal to the sum of logarithms to rounding).
    let sumLog = 0;
    let product = 1;
    for (let k = 1; k <= steps; k++) {
      // Efron: the dying patients' weight enters as k/d of it in term k (coxfit6 adds denom2/ndead per step).
      const deathShare = steps === 1 ? 1 : k / steps;
      const denominator = riskSum - deathRiskSum * (1 - deathShare);
      if (denominator > 1e100 || denominator < 1e-100) sumLog += Math.log(denominator);
      else {
        product *= denominator;
        if (product > 1e200 || product < 1e-200) {
          sumLog += Math.log(product);
          product = 1;
        }
      }
      for (let i = 0; i < size; i++) {
        const g = parameterGroups[i] ?? 0;
        const w = weight[g] ?? 1;
        const dying = (table.events[t * width + g] ?? 0) * w;
        mean[i] = ((atRisk[g] ?? 0) * w - dying * (1 - deathShare)) / denominator;
      }
      for (let i = 0; i < size; i++) {
        const mi = mean[i] ?? 0;
        score[i] = (score[i] ?? 0) - multiplicity * mi;
        for (let j = 0; j < size; j++) {
          // Indicators: x_i x_j = 0 for i != j and x_i^2 = x_i, so E[x x'] = diag(mean).
          const second = i === j ? mi : 0;
          information[i * size + j] = (information[i * size + j] ?? 0) + multiplicity * (second - mi * (mean[j] ?? 0));
        }
      }
    }
    addToLogLikelihood(-multiplicity * (sumLog + Math.log(product)));
  }
  return { logLikelihood: logLikelihood + compensation, score, information };
}
