import { computeChiSquareUpperTail } from "./distributions";
import { assertFiniteNumber } from "./input-checks";
import type { TestResult } from "./test-result";

/**
 * The Kruskal-Wallis rank sum test, as kruskal.test(x, g).
 * H = (12 / (N (N + 1)) sum R_g^2 / n_g - 3 (N + 1)) / (1 - sum (t^3 - t) / (N^3 - N)),
 * with mid-ranks for ties and the tie correction; df = k - 1 over the k non-empty groups
 * (empty groups are dropped as factor(g) drops unused levels).
 */
export function kruskalWallisTest(groups: number[][]): TestResult {
  if (!Array.isArray(groups)) throw new Error("groups must be an array of arrays of values.");
  const values: { value: number; group: number }[] = [];
  let nonEmpty = 0;
  groups.forEach((group, g) => {
    if (!Array.isArray(group)) throw new Error(`Group ${g + 1} must be an array of values.`);
    if (group.length > 0) nonEmpty++;
    group.forEach((value, i) => {
      assertFiniteNumber(value, `Value ${i + 1} of group ${g + 1}`);
      values.push({ value, group: g });
    });
  });
  if (nonEmpty < 2) {
    throw new Error(`The Kruskal-Wallis test needs at least two groups with values (got ${nonEmpty}).`);
  }
  const n = values.length;
  values.sort((a, b) => a.value - b.value);
  const rankSums = new Float64Array(groups.length);
  let tieSum = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && values[end + 1]?.value === values[start]?.value) end++;
    const midRank = (start + end) / 2 + 1;
    const ties = end - start + 1;
    tieSum += ties ** 3 - ties;
    for (let i = start; i <= end; i++) {
      const group = values[i]?.group ?? 0;
      rankSums[group] = (rankSums[group] ?? 0) + midRank;
    }
    start = end + 1;
  }
  const tieCorrection = 1 - tieSum / (n ** 3 - n);
  if (!(tieCorrection > 0)) {
    throw new Error("The Kruskal-Wallis test is undefined when every value is the same.");
  }
  let weightedSquares = 0;
  groups.forEach((group, g) => {
    if (group.length > 0) weightedSquares += (rankSums[g] ?? 0) ** 2 / group.length;
  });
  const statistic = ((12 * weightedSquares) / (n * (n + 1)) - 3 * (n + 1)) / tieCorrection;
  const df = nonEmpty - 1;
  return { statistic, df, pValue: computeChiSquareUpperTail(statistic, df) };
}
