import { computeChiSquareUpperTail } from "./distributions";
import { computeQuadraticFormWithInverse, decomposeCholesky } from "./linear-algebra";
import { buildRiskTable } from "./risk-table";
import type { SurvivalRecord } from "./survival-types";

export type LogRankResult = {
  chiSquare: number;
  df: number;
  pValue: number;
  groups: { group: string; observed: number; expected: number }[];
};

/**
 * The k-group log-rank test, as survdiff(Surv(time, status) ~ group) (rho = 0).
 *
 * At each event time with d events among n at risk (n_g in group g):
 *   E_g += d n_g / n,   V_gh += d (n - d) / (n - 1) * (n_g / n) (delta_gh - n_h / n)   (n > 1).
 * chi-square = (O - E)' V^- (O - E), where survdiff's generalised inverse drops the groups with
 * expected 0 and then the first remaining group; df = (groups with expected > 0) - 1.
 * Groups are listed in sorted name order.
 */
export function logRankTest(records: SurvivalRecord[]): LogRankResult {
  const table = buildRiskTable(records);
  const width = table.groups.length;
  if (width < 2) {
    throw new Error(
      `The log-rank test needs at least two groups with patients (got ${width === 0 ? "none" : `only "${table.groups[0]}"`}).`,
    );
  }
  const expected = new Float64Array(width);
  const variance = new Float64Array(width * width);
  const atRisk = Float64Array.from(table.sizes);
  let totalAtRisk = atRisk.reduce((sum, value) => sum + value, 0);
  for (let t = 0; t < table.times.length; t++) {
    let deaths = 0;
    let leaving = 0;
    for (let g = 0; g < width; g++) {
      const events = table.events[t * width + g] ?? 0;
      deaths += events;
      leaving += events + (table.censored[t * width + g] ?? 0);
    }
    if (deaths > 0) {
      for (let g = 0; g < width; g++) expected[g] = (expected[g] ?? 0) + (deaths * (atRisk[g] ?? 0)) / totalAtRisk;
      if (totalAtRisk > 1) {
        const factor = (deaths * (totalAtRisk - deaths)) / (totalAtRisk - 1) / totalAtRisk;
        for (let g = 0; g < width; g++) {
          const shareG = atRisk[g] ?? 0;
          for (let h = 0; h < width; h++) {
            const term = g === h ? shareG - (shareG * shareG) / totalAtRisk : -(shareG * (atRisk[h] ?? 0)) / totalAtRisk;
            variance[g * width + h] = (variance[g * width + h] ?? 0) + factor * term;
          }
        }
      }
    }
    for (let g = 0; g < width; g++) {
      atRisk[g] = (atRisk[g] ?? 0) - (table.events[t * width + g] ?? 0) - (table.censored[t * width + g] ?? 0);
    }
    totalAtRisk -= leaving;
  }

  const groups = table.groups.map((group, g) => ({
    group,
    observed: table.eventTotals[g] ?? 0,
    expected: expected[g] ?? 0,
  }));
  const kept = groups.map((_, g) => g).filter((g) => (expected[g] ?? 0) > 0);
  if (kept.length < 2) {
    throw new Error("The log-rank test needs at least one event while two groups are at risk; there is none.");
  }
  const used = kept.slice(1);
  const size = used.length;
  const difference = Float64Array.from(used, (g) => (table.eventTotals[g] ?? 0) - (expected[g] ?? 0));
  const reduced = new Float64Array(size * size);
  used.forEach((g, i) => used.forEach((h, j) => (reduced[i * size + j] = variance[g * width + h] ?? 0)));
  const factor = decomposeCholesky(reduced, size);
  if (factor === null) {
    throw new Error(
      "The log-rank variance matrix is singular (every event happened when all patients at risk had the event), so the test is undefined.",
    );
  }
  const chiSquare = computeQuadraticFormWithInverse(factor, size, difference);
  const df = kept.length - 1;
  return { chiSquare, df, pValue: computeChiSquareUpperTail(chiSquare, df), groups };
}
