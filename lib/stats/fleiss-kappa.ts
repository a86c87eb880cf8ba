import { computeNormalTwoSidedPValue } from "./distributions";
import { assertCountTable } from "./input-checks";

export type FleissKappa = { kappa: number; stdErr: number; z: number; pValue: number };

/**
 * Fleiss' kappa (1971) for N subjects each rated by the same m ≥ 2 raters into k categories, from
 * the subjects × categories counts n_ij (row i: how many raters put subject i in category j).
 * Matches irr::kappam.fleiss(ratings) (exact = FALSE), which tabulates the same counts:
 *
 * - P̄ = (1 / N) Σ_i (Σ_j n_ij² − m) / (m (m − 1)),  p_j = Σ_i n_ij / (N m),  P̄e = Σ_j p_j²;
 * - kappa = (P̄ − P̄e) / (1 − P̄e);
 * - stdErr under the null of no agreement (Fleiss, Nee & Landis 1979, as irr):
 *   √(2 / (N m (m − 1))) · √((Σ p_j q_j)² − Σ p_j q_j (q_j − p_j)) / Σ p_j q_j, q_j = 1 − p_j;
 * - z = kappa / stdErr, two-sided pValue = 2 P(Z > |z|) (irr computes 2 (1 − pnorm(|z|)), the
 *   same number but 0 below about 1e-16; this keeps the small p-values' relative precision).
 *
 * Categories nobody used (all-zero columns) change nothing. When every rating falls in one
 * category, P̄e = 1 and kappa is 0 / 0: every field is NaN (irr gives NaN as well).
 * Throws a TypeError or RangeError for an empty or ragged matrix, counts that are not
 * non-negative integers, subjects rated by different numbers of raters, or fewer than 2 raters.
 */
export function fleissKappa(counts: number[][]): FleissKappa {
  const { rows: subjects, columns: categories } = assertCountTable(counts);
  const raters = sumRow(counts[0] ?? []);
  counts.forEach((row, i) => {
    const ratings = sumRow(row);
    if (ratings !== raters) {
      throw new RangeError(
        `Every subject must be rated by the same number of raters (subject 1 has ${raters} ratings, subject ${i + 1} has ${ratings}).`,
      );
    }
  });
  if (raters < 2) {
    throw new RangeError(`Fleiss' kappa needs at least 2 ratings per subject (got ${raters}).`);
  }
  let meanAgreement = 0;
  // Integer totals per category, so "one category only" is decided exactly, not on rounded shares.
  const categoryTotals = new Float64Array(categories);
  for (const row of counts) {
    let squares = 0;
    row.forEach((count, j) => {
      squares += count * count;
      categoryTotals[j] = (categoryTotals[j] ?? 0) + count;
    });
    meanAgreement += (squares - raters) / (raters * (raters - 1)) / subjects;
  }
  if (categoryTotals.filter((total) => total > 0).length < 2) {
    return { kappa: Number.NaN, stdErr: Number.NaN, z: Number.NaN, pValue: Number.NaN };
  }
  let chanceAgreement = 0;
  let spread = 0;
  let skew = 0;
  for (const total of categoryTotals) {
    const share = total / (subjects * raters);
    chanceAgreement += share * share;
    spread += share * (1 - share);
    skew += share * (1 - share) * (1 - 2 * share);
  }
  const kappa = (meanAgreement - chanceAgreement) / (1 - chanceAgreement);
  const stdErr = (Math.sqrt(2 / (subjects * raters * (raters - 1))) * Math.sqrt(spread * spread - skew)) / spread;
  const z = kappa / stdErr;
  return { kappa, stdErr, z, pValue: computeNormalTwoSidedPValue(z) };
}

function sumRow(row: number[]): number {
  return row.reduce((sum, value) => sum + value, 0);
}
