import { efronSums, usesEfronClosedForm } from "./efron-sums";
import type { RiskTable } from "./risk-table";

export type CoxTies = "efron" | "breslow";

/** The partial log-likelihood with its score vector and information matrix at one beta. */
export type CoxIterationState = { logLikelihood: number; score: Float64Array; information: Float64Array };

/**
 * Σ_k log(x_k) as the logarithm of the product of the x_k, kept between 1e-200 and 1e200 (one
 * logarithm per tied death was most of the forest plot's per-level fits at a million patients;
 * equal to the sum of logarithms to rounding). One per pass, reset at each death time.
 */
class LogOfProduct {
  private sumLog = 0;
  private product = 1;

  reset(): void {
    this.sumLog = 0;
    this.product = 1;
  }

  add(x: number): void {
    if (x > 1e100 || x < 1e-100) this.sumLog += Math.log(x);
    else {
      this.product *= x;
      if (this.product > 1e200 || this.product < 1e-200) {
        this.sumLog += Math.log(this.product);
        this.product = 1;
      }
    }
  }

  total(): number {
    return this.sumLog + Math.log(this.product);
  }
}

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
 * of the dying patients' weight; Breslow uses the full risk set d times. Above 32 tied deaths the
 * d terms are summed in closed form (efronClosedFormTerms), so a time costs O(groups²), not
 * O(deaths × groups²).
 */
export function computeCoxIteration(
  table: RiskTable,
  parameterGroups: number[],
  beta: Float64Array,
  ties: CoxTies,
): CoxIterationState {
  if (table.groups.length === 2 && parameterGroups.length === 1) return computeTwoGroupCoxIteration(table, parameterGroups[0] ?? 0, beta[0] ?? 0, ties);
  const width = table.groups.length;
  const size = parameterGroups.length;
  const weight = new Float64Array(width).fill(1);
  const groupBeta = new Float64Array(width);
  parameterGroups.forEach((g, i) => {
    groupBeta[g] = beta[i] ?? 0;
    weight[g] = Math.exp(beta[i] ?? 0);
  });
  const atRisk = new Float64Array(width);
  const logs = new LogOfProduct();
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
    if (usesEfronClosedForm(steps)) {
      addToLogLikelihood(-efronClosedFormTerms(table, t, parameterGroups, weight, atRisk, deaths, deathRiskSum, score, information));
      continue;
    }
    const multiplicity = deaths / steps;
    logs.reset();
    for (let k = 1; k <= steps; k++) {
      // Efron: the dying patients' weight enters as k/d of it in term k (coxfit6 adds denom2/ndead per step).
      const deathShare = steps === 1 ? 1 : k / steps;
      const denominator = riskSum - deathRiskSum * (1 - deathShare);
      logs.add(denominator);
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
    addToLogLikelihood(-multiplicity * logs.total());
  }
  return { logLikelihood: logLikelihood + compensation, score, information };
}

/**
 * computeCoxIteration for two groups and one coefficient (group `parameterGroup` against the
 * other): the forest plots' hazard ratio per subgroup level and the curves' hazard ratio, dozens
 * of fits per page. The same operations in the same order as the general pass, on scalars instead
 * of arrays and closures (a third of the forest's per-level fits went to that overhead at a
 * million patients), so the same numbers.
 */
function computeTwoGroupCoxIteration(table: RiskTable, parameterGroup: number, beta: number, ties: CoxTies): CoxIterationState {
  const { events, censored } = table;
  const other = 1 - parameterGroup;
  const w = Math.exp(beta);
  const logs = new LogOfProduct();
  // The general closed form's arguments, for death times with many tied deaths.
  const atRisk = new Float64Array(2);
  const weights = new Float64Array(2).fill(1);
  weights[parameterGroup] = w;
  const scoreVector = new Float64Array(1);
  const informationMatrix = new Float64Array(1);
  let atRiskOwn = 0;
  let atRiskOther = 0;
  let score = 0;
  let information = 0;
  let logLikelihood = 0;
  let compensation = 0;
  for (let t = table.times.length - 1; t >= 0; t--) {
    const eventsOwn = events[t * 2 + parameterGroup] ?? 0;
    const eventsOther = events[t * 2 + other] ?? 0;
    atRiskOwn = atRiskOwn + eventsOwn + (censored[t * 2 + parameterGroup] ?? 0);
    atRiskOther = atRiskOther + eventsOther + (censored[t * 2 + other] ?? 0);
    // The general pass visits group 0 then group 1; its sums are kept in that order here.
    let deaths = 0;
    let deathRiskSum = 0;
    let riskSum = 0;
    for (let g = 0; g < 2; g++) {
      const own = g === parameterGroup;
      const groupEvents = own ? eventsOwn : eventsOther;
      const weight = own ? w : 1;
      if (groupEvents > 0) {
        deaths += groupEvents;
        deathRiskSum += groupEvents * weight;
        const term = groupEvents * (own ? beta : 0);
        const total = logLikelihood + term;
        compensation += Math.abs(logLikelihood) >= Math.abs(term) ? logLikelihood - total + term : term - total + logLikelihood;
        logLikelihood = total;
      }
      riskSum += (own ? atRiskOwn : atRiskOther) * weight;
    }
    if (deaths === 0) continue;
    score += eventsOwn;
    const steps = ties === "efron" && deaths > 1 ? deaths : 1;
    if (usesEfronClosedForm(steps)) {
      atRisk[parameterGroup] = atRiskOwn;
      atRisk[other] = atRiskOther;
      scoreVector[0] = score;
      informationMatrix[0] = information;
      const term = -efronClosedFormTerms(table, t, [parameterGroup], weights, atRisk, deaths, deathRiskSum, scoreVector, informationMatrix);
      score = scoreVector[0] ?? 0;
      information = informationMatrix[0] ?? 0;
      const total = logLikelihood + term;
      compensation += Math.abs(logLikelihood) >= Math.abs(term) ? logLikelihood - total + term : term - total + logLikelihood;
      logLikelihood = total;
      continue;
    }
    const multiplicity = deaths / steps;
    const dying = eventsOwn * w;
    logs.reset();
    for (let k = 1; k <= steps; k++) {
      const deathShare = steps === 1 ? 1 : k / steps;
      const denominator = riskSum - deathRiskSum * (1 - deathShare);
      logs.add(denominator);
      const mean = (atRiskOwn * w - dying * (1 - deathShare)) / denominator;
      score -= multiplicity * mean;
      information += multiplicity * (mean - mean * mean);
    }
    const term = -multiplicity * logs.total();
    const total = logLikelihood + term;
    compensation += Math.abs(logLikelihood) >= Math.abs(term) ? logLikelihood - total + term : term - total + logLikelihood;
    logLikelihood = total;
  }
  return { logLikelihood: logLikelihood + compensation, score: Float64Array.of(score), information: Float64Array.of(information) };
}

/**
 * One death time's d Efron terms (d = deaths, above the closed-form threshold) added to the score
 * and information; returns Σ_k log D_k for the log-likelihood. With group i's survivors'
 * weight a_i = (n_g − e_g) w_g and deaths' weight e_i = e_g w_g, and S = Σ_g (n_g − e_g) w_g, D = Σ_g e_g w_g,
 * term k has D_k = S + (k/d) D and mean_i(k) = (a_i + (k/d) e_i)/D_k, so with efronSums' six
 * sums over k (1/D_k, (k/d)/D_k, 1/D_k², (k/d)/D_k², (k/d)²/D_k²):
 *   Σ_k mean_i = a_i Σ 1/D_k + e_i Σ c_k/D_k,
 *   Σ_k mean_i mean_j = a_i a_j Σ 1/D_k² + (a_i e_j + e_i a_j) Σ c_k/D_k² + e_i e_j Σ c_k²/D_k².
 * and on the diagonal Σ_k mean_i (1 − mean_i) with 1 − mean_i(k) = (a'_i + (k/d) e'_i)/D_k, a'_i and
 * e'_i the other groups' survivors' and deaths' weight: every sum has positive terms only (the
 * loop's mean_i − mean_i² cancels when one group holds nearly all the risk). S is summed from the
 * survivors themselves (not riskSum − D, which cancels when nearly everyone at risk dies).
 */
function efronClosedFormTerms(
  table: RiskTable,
  t: number,
  parameterGroups: number[],
  weight: Float64Array,
  atRisk: Float64Array,
  deaths: number,
  deathRiskSum: number,
  score: Float64Array,
  information: Float64Array,
): number {
  const width = table.groups.length;
  const size = parameterGroups.length;
  const groupSurvivors = new Float64Array(width);
  const groupDying = new Float64Array(width);
  let survivorSum = 0;
  for (let g = 0; g < width; g++) {
    const events = table.events[t * width + g] ?? 0;
    groupSurvivors[g] = ((atRisk[g] ?? 0) - events) * (weight[g] ?? 1);
    groupDying[g] = events * (weight[g] ?? 1);
    survivorSum += groupSurvivors[g] ?? 0;
  }
  const sums = efronSums(survivorSum, deathRiskSum, deaths);
  for (let i = 0; i < size; i++) {
    const gi = parameterGroups[i] ?? 0;
    const ai = groupSurvivors[gi] ?? 0;
    const ei = groupDying[gi] ?? 0;
    score[i] = (score[i] ?? 0) - (ai * sums.inverse + ei * sums.shareOverS);
    // The rest of the risk set, summed over the other groups (not S − a_i: no cancellation).
    let restSurvivors = 0;
    let restDying = 0;
    for (let g = 0; g < width; g++) {
      if (g === gi) continue;
      restSurvivors += groupSurvivors[g] ?? 0;
      restDying += groupDying[g] ?? 0;
    }
    for (let j = 0; j < size; j++) {
      const gj = parameterGroups[j] ?? 0;
      // Diagonal: Σ_k mean_i (1 − mean_i), 1 − mean_i(k) being the rest's (a'_i + c_k e'_i)/D_k;
      // off it: −Σ_k mean_i mean_j. Sums of positive terms either way.
      const aj = i === j ? restSurvivors : (groupSurvivors[gj] ?? 0);
      const ej = i === j ? restDying : (groupDying[gj] ?? 0);
      const product = ai * aj * sums.inverseSquare + (ai * ej + ei * aj) * sums.shareOverSquare + ei * ej * sums.shareSquareOverSquare;
      information[i * size + j] = (information[i * size + j] ?? 0) + (i === j ? product : -product);
    }
  }
  return sums.sumLog;
}

