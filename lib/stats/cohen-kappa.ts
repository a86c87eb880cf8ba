import { computeNormalQuantile } from "./distributions";
import { assertSquareCountTable } from "./input-checks";

export type CohenKappaWeights = "none" | "linear" | "quadratic";

export type CohenKappa = {
  kappa: number;
  stdErr: number;
  lower: number;
  upper: number;
  observedAgreement: number;
  expectedAgreement: number;
};

const WEIGHT_SCHEMES: readonly CohenKappaWeights[] = ["none", "linear", "quadratic"];

/**
 * Cohen's kappa (1960), unweighted or weighted (Cohen 1968), for a square table of counts: rows
 * are reader A's calls, columns reader B's, the same k categories in the same (ordinal) order.
 * Matches vcd::Kappa(table, weights) and confint() of it:
 *
 * - agreement weights w_ij: 1 on the diagonal and 0 elsewhere ("none"); 1 − |i − j| / (k − 1)
 *   ("linear", vcd's "Equal-Spacing"); 1 − (i − j)² / (k − 1)² ("quadratic", "Fleiss-Cohen");
 * - Po = Σ w_ij p_ij, Pe = Σ w_ij p_i. p_.j, kappa = (Po − Pe) / (1 − Pe);
 * - stdErr: the large-sample (non-null) standard error of Fleiss, Cohen & Everitt (1969), vcd's ASE:
 *   Var = [Σ p_ij (w_ij − (w̄_i. + w̄_.j)(1 − κ))² − (κ − Pe (1 − κ))²] / (n (1 − Pe)²)
 *   with w̄_i. = Σ_j w_ij p_.j and w̄_.j = Σ_i w_ij p_i.;
 * - lower/upper: κ ∓ qnorm(0.975) · stdErr (1.959964), clipped to [−1, 1] as confint.Kappa does.
 *
 * Categories neither reader used (an empty row and column) are kept. The unweighted kappa ignores
 * them; a weighted kappa does not when one sits between used categories, since it widens their
 * distance (an unused last category only rescales every weight, which cancels). The categories
 * and their order are part of a weighted kappa's definition: pass all of them, in scale order.
 *
 * Degenerate cases: perfect agreement gives kappa 1 with stdErr 0 (the variance is 0; rounding
 * below 0 is read as 0, where vcd would print NaN), interval [1, 1]. When both readers used one
 * and the same single category (also any 1 × 1 table), Pe = Po = 1 and kappa is 0 / 0: kappa,
 * stdErr, lower and upper are NaN (as vcd's), observedAgreement and expectedAgreement are 1.
 * When only one reader used a single category, Po = Pe: kappa is exactly 0 and so is its
 * variance (stdErr 0, interval [0, 0]: no information on agreement beyond chance, not precision).
 * Throws a TypeError or RangeError for anything but a non-empty square table of non-negative
 * integer counts with at least one rated specimen, or an unknown weighting.
 */
export function cohenKappa(table: number[][], options?: { weights?: CohenKappaWeights }): CohenKappa {
  const scheme = options?.weights ?? "none";
  if (!WEIGHT_SCHEMES.includes(scheme)) {
    throw new RangeError(`weights must be "none", "linear" or "quadratic" (got ${String(scheme)}).`);
  }
  const { size, total } = assertSquareCountTable(table);
  const weights = buildAgreementWeights(size, scheme);
  const proportion = (i: number, j: number) => (table[i]?.[j] ?? 0) / total;
  const rowShares = new Float64Array(size);
  const columnShares = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      rowShares[i] = (rowShares[i] ?? 0) + proportion(i, j);
      columnShares[j] = (columnShares[j] ?? 0) + proportion(i, j);
    }
  }
  const weight = (i: number, j: number) => weights[i * size + j] ?? 0;
  let observed = 0;
  let expected = 0;
  const rowMeanWeight = new Float64Array(size);
  const columnMeanWeight = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      observed += weight(i, j) * proportion(i, j);
      expected += weight(i, j) * (rowShares[i] ?? 0) * (columnShares[j] ?? 0);
      rowMeanWeight[i] = (rowMeanWeight[i] ?? 0) + weight(i, j) * (columnShares[j] ?? 0);
      columnMeanWeight[j] = (columnMeanWeight[j] ?? 0) + weight(i, j) * (rowShares[i] ?? 0);
    }
  }
  const rowCategories = countUsedCategories(rowShares);
  const columnCategories = countUsedCategories(columnShares);
  if (usesOneSharedCategory(rowShares, columnShares)) {
    return { kappa: Number.NaN, stdErr: Number.NaN, lower: Number.NaN, upper: Number.NaN, observedAgreement: 1, expectedAgreement: 1 };
  }
  if (rowCategories === 1 || columnCategories === 1) {
    // One reader used a single category: Po = Pe by construction, so kappa is exactly 0, and the
    // Fleiss-Cohen-Everitt variance is exactly 0 too (the sums would leave ±1e-17 of rounding).
    return { kappa: 0, stdErr: 0, lower: 0, upper: 0, observedAgreement: observed, expectedAgreement: observed };
  }
  if (table.every((row, i) => row.every((count, j) => i === j || count === 0))) {
    // Perfect agreement, decided on the counts: Po and kappa are exactly 1 and the variance
    // exactly 0 (the sums would leave rounding of 1e-16 in them).
    return { kappa: 1, stdErr: 0, lower: 1, upper: 1, observedAgreement: 1, expectedAgreement: expected };
  }
  const kappa = (observed - expected) / (1 - expected);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const deviation = weight(i, j) - ((rowMeanWeight[i] ?? 0) + (columnMeanWeight[j] ?? 0)) * (1 - kappa);
      sum += proportion(i, j) * deviation * deviation;
    }
  }
  const variance = (sum - (kappa - expected * (1 - kappa)) ** 2) / (total * (1 - expected) ** 2);
  const stdErr = Math.sqrt(Math.max(0, variance));
  const z = computeNormalQuantile(0.975);
  return {
    kappa,
    stdErr,
    lower: Math.max(-1, kappa - z * stdErr),
    upper: Math.min(1, kappa + z * stdErr),
    observedAgreement: observed,
    expectedAgreement: expected,
  };
}

/** Row-major k × k agreement weights; a 1 × 1 table has the single weight 1 under every scheme. */
function buildAgreementWeights(size: number, scheme: CohenKappaWeights): Float64Array {
  const weights = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const distance = size === 1 ? 0 : Math.abs(i - j) / (size - 1);
      weights[i * size + j] = scheme === "none" ? (i === j ? 1 : 0) : scheme === "linear" ? 1 - distance : 1 - distance * distance;
    }
  }
  return weights;
}

function countUsedCategories(shares: Float64Array): number {
  return shares.filter((share) => share > 0).length;
}

/**
 * Pe = 1 exactly when both readers put every specimen in the same single category (off-diagonal
 * weights are below 1), which makes kappa 0 / 0. Checked on the margins, not by comparing Pe to 1.
 */
function usesOneSharedCategory(rowShares: Float64Array, columnShares: Float64Array): boolean {
  const used = (shares: Float64Array) => [...shares.keys()].filter((i) => (shares[i] ?? 0) > 0);
  const rows = used(rowShares);
  const columns = used(columnShares);
  return rows.length === 1 && columns.length === 1 && rows[0] === columns[0];
}
