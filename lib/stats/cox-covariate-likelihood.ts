import type { CoxDesign } from "./cox-covariate-design";
import type { CoxEvaluation } from "./cox-newton-raphson";
import type { CoxTies } from "./cox-partial-likelihood";
import { efronSums, type EfronSums } from "./efron-sums";

export { efronSums, type EfronSums };

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
 * passes over the p × p matrices; those sums are a loop over the d steps up to 32 tied deaths and
 * a closed form above (efron-sums.ts). Cost: O(rows × nnz² + death times × p²).
 *
 * The p² part per death time is mostly −S1S1'/s² alone: S2 and D2 are zero outside the pairs of
 * columns that are non-zero together in some row (design.pairs: about 100 of the 1,225 of a
 * 49-column site interaction), and D1 is zero outside the columns of that time's deaths. Those
 * entries take the one product (the other four parts are exact zeros, so it is the same number,
 * bit for bit, and cannot be cancellation); the others the full five-part sum with its
 * cancellation test. S2 and D2 are only added and cleared on the pairs.
 */
export function evaluateCoxDesign(design: CoxDesign, beta: Float64Array, ties: CoxTies): CoxEvaluation {
  const { count, size, times, events, values, weights, rowStarts, nonZero } = design;
  const { list: pairList, rowStarts: pairRowStarts, columns: pairColumns, wholeRows } = coxDesignPairs(design);
  // One row's entries that need the full closed form (below), and their values before the row's pass.
  const slowColumns = new Int32Array(2 * size);
  const slowSaved = new Float64Array(2 * size);
  // The columns of this time's deaths (D1 may be non-zero there), as a flag per column and a list.
  const deathColumn = new Uint8Array(size);
  const deathColumns = new Int32Array(size);
  let deathColumnCount = 0;
  const score = new Float64Array(size);
  const information = new Float64Array(size * size);
  // Risk-set sums (lower triangles for the squares) and the same for the deaths at the current time.
  const sum1 = new Float64Array(size);
  const sum2 = new Float64Array(size * size);
  const deathSum1 = new Float64Array(size);
  const deathSum2 = new Float64Array(size * size);
  let sum0 = 0;
  // ℓ is a sum of a few hundred thousand terms of opposite signs (about −10⁶ at a million
  // patients); compensated (Neumaier), so that its rounding does not reach the likelihood-ratio
  // statistics, differences of two such sums.
  let logLikelihood = 0;
  let compensation = 0;
  const addToLogLikelihood = (term: number) => {
    const total = logLikelihood + term;
    compensation += Math.abs(logLikelihood) >= Math.abs(term) ? logLikelihood - total + term : term - total + logLikelihood;
    logLikelihood = total;
  };

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
        addToLogLikelihood(weight * linear);
        for (let a = first; a < last; a++) {
          const i = nonZero[a] ?? 0;
          score[i] = (score[i] ?? 0) + weight * (values[a] ?? 0);
          if (deathColumn[i] === 0) {
            deathColumn[i] = 1;
            deathColumns[deathColumnCount++] = i;
          }
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
    const sums = efronSums(sum0, deathSum0, steps);
    const { inverse, shareOverS, inverseSquare } = sums;
    addToLogLikelihood(-share * sums.sumLog);
    for (let i = 0; i < size; i++) {
      const s1i = sum1[i] ?? 0;
      const d1i = deathSum1[i] ?? 0;
      score[i] = (score[i] ?? 0) - share * (s1i * inverse + d1i * shareOverS);
      const rowStart = i * size;
      // A row whose every entry needs the full term (a death column, or every column of the row a
      // pair: the adjusted models' few dense columns) takes it directly; the split below would
      // compute each of its entries twice, to the same bits.
      if (deathColumn[i] === 1 || wholeRows[i] === 1) {
        for (let j = 0; j <= i; j++) information[rowStart + j] = (information[rowStart + j] ?? 0) + share * fullInformationTerm(sums, sum1, deathSum1, sum2, deathSum2, i, j, size);
        continue;
      }
      // Off the design's pairs and this time's death columns, S2, D2 and D1 are zero: part2 alone.
      // The row (contiguous: a column-wise walk cost twice as much) takes that product everywhere
      // in one branch-free loop; the few other entries (this time's death columns, the row's
      // pairs) are kept aside before it and given their full term after it: each entry gets the
      // same operations as before on the same value, so the same bits (the loop with a test per
      // entry was most of an evaluation of the 49-column site design).
      let slowCount = 0;
      for (let a = 0; a < deathColumnCount; a++) {
        const j = deathColumns[a] ?? 0;
        if (j > i) continue;
        slowColumns[slowCount] = j;
        slowSaved[slowCount++] = information[rowStart + j] ?? 0;
      }
      for (let a = pairRowStarts[i] ?? 0; a < (pairRowStarts[i + 1] ?? 0); a++) {
        const j = pairColumns[a] ?? 0;
        if (deathColumn[j] === 1) continue;
        slowColumns[slowCount] = j;
        slowSaved[slowCount++] = information[rowStart + j] ?? 0;
      }
      const negativeS1i = -s1i;
      for (let j = 0; j <= i; j++) information[rowStart + j] = (information[rowStart + j] ?? 0) + share * (negativeS1i * (sum1[j] ?? 0) * inverseSquare);
      for (let b = 0; b < slowCount; b++) {
        const j = slowColumns[b] ?? 0;
        information[rowStart + j] = (slowSaved[b] ?? 0) + share * fullInformationTerm(sums, sum1, deathSum1, sum2, deathSum2, i, j, size);
      }
    }
    sum0 += deathSum0;
    for (let i = 0; i < size; i++) sum1[i] = (sum1[i] ?? 0) + (deathSum1[i] ?? 0);
    // D2 is zero off the pairs.
    for (let a = 0; a < pairList.length; a++) {
      const entry = pairList[a] ?? 0;
      sum2[entry] = (sum2[entry] ?? 0) + (deathSum2[entry] ?? 0);
      deathSum2[entry] = 0;
    }
    deathSum1.fill(0);
    for (let a = 0; a < deathColumnCount; a++) deathColumn[deathColumns[a] ?? 0] = 0;
    deathColumnCount = 0;
  }
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < i; j++) information[j * size + i] = information[i * size + j] ?? 0;
  }
  return { logLikelihood: logLikelihood + compensation, score, information };
}

/**
 * Entry (i, j) of one death time's information (before the factor `share`) with all five parts of
 * the closed form. Five scalars rather than an array of them (an array and its reduce were most
 * of the fit's time); a function of its own, not a closure, so that the sums stay local variables
 * in evaluateCoxDesign's loops.
 */
function fullInformationTerm(sums: EfronSums, sum1: Float64Array, deathSum1: Float64Array, sum2: Float64Array, deathSum2: Float64Array, i: number, j: number, size: number): number {
  const s1i = sum1[i] ?? 0;
  const d1i = deathSum1[i] ?? 0;
  const s1j = sum1[j] ?? 0;
  const d1j = deathSum1[j] ?? 0;
  const part0 = (sum2[i * size + j] ?? 0) * sums.inverse;
  const part1 = (deathSum2[i * size + j] ?? 0) * sums.shareOverS;
  const part2 = -s1i * s1j * sums.inverseSquare;
  const part3 = -(s1i * d1j + d1i * s1j) * sums.shareOverSquare;
  const part4 = -d1i * d1j * sums.shareSquareOverSquare;
  const term = 0 + part0 + part1 + part2 + part3 + part4;
  const magnitude = 0 + Math.abs(part0) + Math.abs(part1) + Math.abs(part2) + Math.abs(part3) + Math.abs(part4);
  // The closed form subtracts products that are equal when the covariate is constant in the risk
  // set; what is left is rounding, which must count as the zero it is (as survival's incremental
  // sums give it), or cholesky2's relative test would take noise for information.
  return Math.abs(term) <= CANCELLATION_NOISE * magnitude ? 0 : term;
}

/**
 * The lower-triangle entries (i × size + j, j ≤ i) of the column pairs non-zero together in some
 * row. (The non-zero values themselves are read contiguously from design.values, beside
 * design.nonZero: read from a row-major matrix, each row's few values were a cache miss apiece,
 * the largest cost of an evaluation.)
 */
type CoxDesignPairs = { mask: Uint8Array; list: Int32Array; rowStarts: Int32Array; columns: Int32Array; wholeRows: Uint8Array };

const PAIRS = new WeakMap<CoxDesign, CoxDesignPairs>();

/** The design's pairs (computed once per design: every Newton step evaluates the same design). */
function coxDesignPairs(design: CoxDesign): CoxDesignPairs {
  const cached = PAIRS.get(design);
  if (cached) return cached;
  const { count, size, rowStarts, nonZero } = design;
  const mask = new Uint8Array(size * size);
  let pairs = 0;
  for (let row = 0; row < count; row++) {
    const first = rowStarts[row] ?? 0;
    const last = rowStarts[row + 1] ?? 0;
    for (let a = first; a < last; a++) {
      const i = nonZero[a] ?? 0;
      for (let b = first; b <= a; b++) {
        const entry = i * size + (nonZero[b] ?? 0);
        if (mask[entry] === 0) {
          mask[entry] = 1;
          pairs++;
        }
      }
    }
  }
  const list = new Int32Array(pairs);
  // The same pairs by row: row i's columns j ≤ i, ascending (list is in that order).
  const pairRowStarts = new Int32Array(size + 1);
  const columns = new Int32Array(pairs);
  let next = 0;
  for (let entry = 0; entry < size * size; entry++) {
    if (mask[entry] !== 1) continue;
    list[next] = entry;
    columns[next++] = entry % size;
    const row = Math.floor(entry / size);
    pairRowStarts[row + 1] = (pairRowStarts[row + 1] ?? 0) + 1;
  }
  // Rows i whose columns j ≤ i are all pairs.
  const wholeRows = new Uint8Array(size);
  for (let row = 0; row < size; row++) {
    if ((pairRowStarts[row + 1] ?? 0) === row + 1) wholeRows[row] = 1;
    pairRowStarts[row + 1] = (pairRowStarts[row + 1] ?? 0) + (pairRowStarts[row] ?? 0);
  }
  const result = { mask, list, rowStarts: pairRowStarts, columns, wholeRows };
  PAIRS.set(design, result);
  return result;
}
