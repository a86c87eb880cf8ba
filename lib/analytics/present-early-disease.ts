// The early-disease view's pathological complete response (issue 14 §2): the rate per cohort
// with its exact (Clopper-Pearson) 95 % interval, the test across the HER2 cohorts, and the odds
// ratio of pCR for HER2-low against HER2-0 by Mantel-Haenszel over HR status. Pure.
import { compareCategorical, mantelHaenszelOddsRatio, type MantelHaenszelOddsRatio } from "../stats/tests";
import { COHORT_KEYS, isHer2CohortKey, isHer2ZeroCohort, toCohortKey, type CohortKey, type CohortScheme } from "./cohorts";
import type { PcrCount } from "./early-disease-records";
import { describeRate, type ShownRate } from "./present-outcomes";
import { isSuppressed, suppressCount, type ShownCount } from "./small-cells";

export type PcrGroup = { assessed: ShownCount; pcr: ShownCount; rate: ShownRate };

export type PcrRow = PcrGroup & {
  cohort: CohortKey;
  /** True when the cohort is below the small-cell threshold: no rate, and not tested. */
  hidden: boolean;
  byHr: { hr: PcrCount["hr"]; group: PcrGroup }[];
};

export type PcrOddsRatio =
  | ({ ok: true; method: string; strata: { hr: "POSITIVE" | "NEGATIVE"; low: [number, number]; her2Zero: [number, number] }[] } & Pick<
      MantelHaenszelOddsRatio,
      "oddsRatio" | "lower" | "upper" | "pValue" | "statistic" | "droppedStrata"
    >)
  | { ok: false; reason: string };

export type PcrView = {
  rows: PcrRow[];
  total: ShownCount;
  test: { ok: true; testName: string; pValue: number | null; note: string | null } | { ok: false; reason: string };
  oddsRatio: PcrOddsRatio;
};

export const PCR_ODDS_RATIO_METHOD =
  "Mantel-Haenszel common odds ratio over HR status (HR-positive, HR-negative), Robins-Breslow-Greenland 95 % CI, Mantel-Haenszel χ² test with continuity correction (R: mantelhaen.test)";

function describeGroup(assessed: number, pcr: number, threshold: number): PcrGroup {
  return { assessed: suppressCount(assessed, threshold), pcr: suppressCount(pcr, threshold), rate: describeRate(pcr, assessed, threshold) };
}

/**
 * The pCR view from the stored-cohort counts, cohorts placed in `scheme`. The test compares the
 * HER2 cohorts shown (gtsummary's choice: Pearson's χ² when every expected count is 5 or more,
 * otherwise Fisher's exact test); the odds ratio puts every IHC 0 group together as HER2-0 and
 * leaves out patients whose HR status is unknown.
 */
export function presentPathologicResponse(counts: readonly PcrCount[], scheme: CohortScheme, threshold: number): PcrView {
  const cells = new Map<CohortKey, Map<PcrCount["hr"], { assessed: number; pcr: number }>>();
  let total = 0;
  for (const count of counts) {
    const cohort = toCohortKey(count.cohort, scheme);
    const byHr = cells.get(cohort) ?? new Map();
    const cell = byHr.get(count.hr) ?? { assessed: 0, pcr: 0 };
    cell.assessed += count.assessed;
    cell.pcr += count.pcr;
    byHr.set(count.hr, cell);
    cells.set(cohort, byHr);
    total += count.assessed;
  }
  const rows: PcrRow[] = COHORT_KEYS.flatMap((cohort) => {
    const byHr = cells.get(cohort);
    if (!byHr) return [];
    const all = [...byHr.values()].reduce((sum, cell) => ({ assessed: sum.assessed + cell.assessed, pcr: sum.pcr + cell.pcr }), { assessed: 0, pcr: 0 });
    const hidden = isSuppressed(all.assessed, threshold);
    return [
      {
        cohort,
        hidden,
        ...describeGroup(all.assessed, all.pcr, threshold),
        byHr: (["POSITIVE", "NEGATIVE", "UNKNOWN"] as const).flatMap((hr) => {
          const cell = byHr.get(hr);
          return cell ? [{ hr, group: describeGroup(cell.assessed, cell.pcr, threshold) }] : [];
        }),
      },
    ];
  });

  const tested = rows.filter((row) => !row.hidden && isHer2CohortKey(row.cohort)).map((row) => row.cohort);
  const totals = (cohort: CohortKey) => [...(cells.get(cohort)?.values() ?? [])].reduce((sum, cell) => ({ assessed: sum.assessed + cell.assessed, pcr: sum.pcr + cell.pcr }), { assessed: 0, pcr: 0 });
  let test: PcrView["test"];
  if (tested.length < 2) {
    test = { ok: false, reason: "Fewer than two HER2 cohorts have enough patients with a known pCR to compare." };
  } else {
    const comparison = compareCategorical(tested.map((cohort) => [totals(cohort).pcr, totals(cohort).assessed - totals(cohort).pcr]));
    test = { ok: true, testName: comparison.testName, pValue: comparison.pValue, note: comparison.note };
  }
  return { rows, total: suppressCount(total, threshold), test, oddsRatio: oddsRatioLowVsZero(counts, threshold) };
}

/** pCR odds ratio of HER2-low against HER2-0 (every IHC 0 group), stratified by HR status. */
function oddsRatioLowVsZero(counts: readonly PcrCount[], threshold: number): PcrOddsRatio {
  const strata = (["POSITIVE", "NEGATIVE"] as const).map((hr) => {
    const sum = (match: (cohort: CohortKey) => boolean): [number, number] => {
      const rows = counts.filter((count) => count.hr === hr && match(toCohortKey(count.cohort)));
      const pcr = rows.reduce((total, row) => total + row.pcr, 0);
      return [pcr, rows.reduce((total, row) => total + row.assessed, 0) - pcr];
    };
    return { hr, low: sum((cohort) => cohort === "LOW"), her2Zero: sum(isHer2ZeroCohort) };
  });
  const lowTotal = strata.reduce((total, stratum) => total + stratum.low[0] + stratum.low[1], 0);
  const zeroTotal = strata.reduce((total, stratum) => total + stratum.her2Zero[0] + stratum.her2Zero[1], 0);
  if (isSuppressed(lowTotal, threshold) || isSuppressed(zeroTotal, threshold) || lowTotal === 0 || zeroTotal === 0) {
    return { ok: false, reason: "HER2-low and HER2-0 each need enough patients with a known pCR and HR status." };
  }
  try {
    const result = mantelHaenszelOddsRatio(strata.map((stratum) => [stratum.low, stratum.her2Zero]));
    return {
      ok: true,
      method: PCR_ODDS_RATIO_METHOD,
      strata,
      oddsRatio: result.oddsRatio,
      lower: result.lower,
      upper: result.upper,
      pValue: result.pValue,
      statistic: result.statistic,
      droppedStrata: result.droppedStrata,
    };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, reason: `No odds ratio: ${error.message}` };
    throw error;
  }
}
