// Test support: evaluateCoxDesign as it was before the sparse pairs, the Efron sums with one
// division per step and the logarithm of products, and the compensated log-likelihood: the dense
// p × p pass per death time, to check that the faster version gives the same evaluation to rounding.
// (It reads the sparse design's values, as the version it replaced did once the design became sparse.)
import type { CoxDesign } from "../cox-covariate-design";
import type { CoxEvaluation } from "../cox-newton-raphson";
import type { CoxTies } from "../cox-partial-likelihood";

/** Relative size of a difference of equal sums that is rounding only (64 ε covers the five-term sum). */
const CANCELLATION_NOISE = 64 * Number.EPSILON;

/**
 * The Cox partial log-likelihood, score and information at beta for patient-level covariates, as
 * survival's coxfit6_iter (no offset, one stratum): the patients are walked from the latest time
 * down, so the risk-set sums S0 = Σ r, S1 = Σ r x and S2 = Σ r x x' (r = e^{βx}) only ever grow;
 * the deaths at one time are added after their risk set's censored patients. Breslow (and any
 * single death) uses the full risk set for each of the d deaths; Efron adds the deaths' share 1/d
 * at a time, so term k uses the censored and later patients plus k/d of the deaths.
 *
 * A row with a whole-number weight w (design.weights) counts as w identical patients: its risk,
 * log-likelihood and score terms are multiplied by w, and its deaths are w of the d tied deaths
 * of Efron's steps, so the result equals the evaluation on the rows repeated (to rounding).
 *
 * Speed, for the dashboards' designs of 0/1 indicators at a million patients (a 25-level site
 * subgroup makes 49 columns): a row only touches its non-zero covariates (design.nonZero and design.values), and
 * Efron's d terms at a time are summed through six scalar sums over k (below) instead of d
 * passes over the p × p matrices. Cost: O(rows × nnz² + death times × p² + deaths).
 */
export function evaluateCoxDesignReference(design: CoxDesign, beta: Float64Array, ties: CoxTies): CoxEvaluation {
  const { count, size, times, events, values, weights, rowStarts, nonZero } = design;
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
      const first = rowStarts[person] ?? 0;
      const last = rowStarts[person + 1] ?? 0;
      let linear = 0;
      for (let a = first; a < last; a++) {
        const i = nonZero[a] ?? 0;
        linear += (beta[i] ?? 0) * (values[a] ?? 0);
      }
      const weight = weights ? (weights[person] ?? 1) : 1;
      const risk = weight * Math.exp(linear);
      const died = events[person] === 1;
      const target1 = died ? deathSum1 : sum1;
      const target2 = died ? deathSum2 : sum2;
      if (died) {
        deaths += weight;
        deathSum0 += risk;
        logLikelihood += weight * linear;
        for (let a = first; a < last; a++) {
          const i = nonZero[a] ?? 0;
          score[i] = (score[i] ?? 0) + weight * (values[a] ?? 0);
        }
      } else {
        sum0 += risk;
      }
      // Lower triangle (j ≤ i): nonZero is in ascending column order.
      for (let a = first; a < last; a++) {
        const i = nonZero[a] ?? 0;
        const riskX = risk * (values[a] ?? 0);
        target1[i] = (target1[i] ?? 0) + riskX;
        for (let b = first; b <= a; b++) {
          const j = nonZero[b] ?? 0;
          target2[i * size + j] = (target2[i * size + j] ?? 0) + riskX * (values[b] ?? 0);
        }
      }
      person--;
    }
    if (deaths === 0) continue;
    // Breslow: one term of weight d with everything; Efron: d terms of weight 1, term k (1..d) with
    // c_k = k/d of the deaths. With s_k = S0 + c_k D0, the d terms add up to
    //   ℓ −= Σ log s_k;  U −= S1 Σ 1/s_k + D1 Σ c_k/s_k;
    //   I += S2 Σ 1/s_k + D2 Σ c_k/s_k − S1S1' Σ 1/s_k² − (S1D1' + D1S1') Σ c_k/s_k² − D1D1' Σ c_k²/s_k²,
    // so six scalar sums over k replace d passes over the matrices.
    const steps = ties === "efron" ? deaths : 1;
    const share = deaths / steps;
    let sumLog = 0;
    let inverse = 0;
    let shareOverS = 0;
    let inverseSquare = 0;
    let shareOverSquare = 0;
    let shareSquareOverSquare = 0;
    for (let k = 1; k <= steps; k++) {
      const c = k / steps;
      const s = sum0 + c * deathSum0;
      sumLog += Math.log(s);
      inverse += 1 / s;
      shareOverS += c / s;
      inverseSquare += 1 / (s * s);
      shareOverSquare += c / (s * s);
      shareSquareOverSquare += (c * c) / (s * s);
    }
    logLikelihood -= share * sumLog;
    for (let i = 0; i < size; i++) {
      const s1i = sum1[i] ?? 0;
      const d1i = deathSum1[i] ?? 0;
      score[i] = (score[i] ?? 0) - share * (s1i * inverse + d1i * shareOverS);
      for (let j = 0; j <= i; j++) {
        const s1j = sum1[j] ?? 0;
        const d1j = deathSum1[j] ?? 0;
        // Five scalars rather than an array of them: this runs death times × p² / 2 times (a
        // 49-column forest design over thousands of death times), and the array and its reduce
        // were most of the fit's time. The same sums in the same order, so the same bits.
        const part0 = (sum2[i * size + j] ?? 0) * inverse;
        const part1 = (deathSum2[i * size + j] ?? 0) * shareOverS;
        const part2 = -s1i * s1j * inverseSquare;
        const part3 = -(s1i * d1j + d1i * s1j) * shareOverSquare;
        const part4 = -d1i * d1j * shareSquareOverSquare;
        const term = 0 + part0 + part1 + part2 + part3 + part4;
        const magnitude = 0 + Math.abs(part0) + Math.abs(part1) + Math.abs(part2) + Math.abs(part3) + Math.abs(part4);
        // The closed form subtracts products that are equal when the covariate is constant in the
        // risk set; what is left is rounding, which must count as the zero it is (as survival's
        // incremental sums give it), or cholesky2's relative test would take noise for information.
        const exact = Math.abs(term) <= CANCELLATION_NOISE * magnitude ? 0 : term;
        information[j * size + i] = (information[j * size + i] ?? 0) + share * exact;
      }
    }
    sum0 += deathSum0;
    for (let i = 0; i < size; i++) {
      sum1[i] = (sum1[i] ?? 0) + (deathSum1[i] ?? 0);
      for (let j = 0; j <= i; j++) sum2[i * size + j] = (sum2[i * size + j] ?? 0) + (deathSum2[i * size + j] ?? 0);
    }
    deathSum1.fill(0);
    deathSum2.fill(0);
  }
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < i; j++) information[i * size + j] = information[j * size + i] ?? 0;
  }
  return { logLikelihood, score, information };
}
