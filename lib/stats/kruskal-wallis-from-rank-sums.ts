import { computeChiSquareUpperTail } from "./distributions";
import { assertCount, assertFiniteNumber } from "./input-checks";
import type { TestResult } from "./test-result";

export type RankSumGroup = { n: number; rankSum: number };

/**
 * The Kruskal-Wallis test from per-group rank sums, for callers that rank in the database
 * (the dashboards rank the pooled values with a window function, so no row leaves PostgreSQL).
 * Identical to kruskalWallisTest (kruskal.test) given the mid-rank sums and
 * tieSum = sum over tie groups of (t^3 - t):
 *   H = (12 / (N (N + 1)) sum R_g^2 / n_g - 3 (N + 1)) / (1 - tieSum / (N^3 - N)),
 * on k - 1 df over the k groups with n_g > 0 (empty groups are dropped as kruskal.test does).
 */
export function kruskalWallisFromRankSums(groups: RankSumGroup[], tieSum: number): TestResult {
  if (!Array.isArray(groups)) throw new Error("groups must be an array of { n, rankSum }.");
  groups.forEach((group, g) => {
    assertCount(group.n, `n of group ${g + 1}`);
    assertFiniteNumber(group.rankSum, `rankSum of group ${g + 1}`);
  });
  assertFiniteNumber(tieSum, "tieSum");
  const present = groups.filter((group) => group.n > 0);
  if (present.length < 2) {
    throw new Error(`The Kruskal-Wallis test needs at least two groups with values (got ${present.length}).`);
  }
  const n = present.reduce((sum, group) => sum + group.n, 0);
  const expectedTotal = (n * (n + 1)) / 2;
  const rankTotal = present.reduce((sum, group) => sum + group.rankSum, 0);
  // Mid-ranks of 1..N always add up to N (N + 1) / 2: anything else means the ranks are wrong.
  if (Math.abs(rankTotal - expectedTotal) > 1e-6 * expectedTotal) {
    throw new Error(`The rank sums add up to ${rankTotal}, not N (N + 1) / 2 = ${expectedTotal}: they are not ranks of ${n} values.`);
  }
  const tieCorrection = 1 - tieSum / (n ** 3 - n);
  if (!(tieCorrection > 0)) {
    throw new Error("The Kruskal-Wallis test is undefined when every value is the same.");
  }
  const weightedSquares = present.reduce((sum, group) => sum + group.rankSum ** 2 / group.n, 0);
  const statistic = ((12 * weightedSquares) / (n * (n + 1)) - 3 * (n + 1)) / tieCorrection;
  const df = present.length - 1;
  return { statistic, df, pValue: computeChiSquareUpperTail(statistic, df) };
}
