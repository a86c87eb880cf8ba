// The Overview tab's aggregates as sent to the browser, with small-cell suppression applied
// (issue 7 §2, §6). Pure.
import type { AccrualYear } from "./accrual";
import type { CohortCounts } from "./cohort-counts";
import type { CohortCompositionYear } from "./cohort-composition-by-year";
import { createCohortRecord, type CohortKey } from "./cohorts";
import type { SiteCohorts } from "./site-breakdown";
import { suppressCount, suppressShare, type ShownCount } from "./small-cells";

export type ShownCohortCounts = Record<CohortKey, ShownCount>;
export type ShownCohortShares = Record<CohortKey, number | null>;

export type OverviewView = {
  smallCellThreshold: number;
  total: ShownCount;
  cohorts: { cohort: CohortKey; n: ShownCount; percent: number | null }[];
  /** Per diagnosis year: counts and each cohort's share of the year (percent). */
  byYear: { year: number; total: ShownCount; counts: ShownCohortCounts; percents: ShownCohortShares }[];
  accrual: { year: number; patients: ShownCount; cumulative: ShownCount }[];
  sites: { code: string; name: string; total: ShownCount; counts: ShownCohortCounts; percents: ShownCohortShares }[];
};

export function presentOverview(
  aggregates: { counts: CohortCounts; byYear: CohortCompositionYear[]; accrual: AccrualYear[]; sites: SiteCohorts[] },
  threshold: number,
): OverviewView {
  const { counts, byYear, accrual, sites } = aggregates;
  const shownCounts = (values: Record<CohortKey, number>) => createCohortRecord((cohort) => suppressCount(values[cohort], threshold));
  const shownShares = (values: Record<CohortKey, number>, total: number) =>
    createCohortRecord((cohort) => suppressShare(values[cohort], total, threshold, total === 0 ? 0 : (100 * values[cohort]) / total));
  return {
    smallCellThreshold: threshold,
    total: suppressCount(counts.total, threshold),
    cohorts: counts.cohorts.map((entry) => ({
      cohort: entry.cohort,
      n: suppressCount(entry.n, threshold),
      percent: suppressShare(entry.n, counts.total, threshold, entry.percent),
    })),
    byYear: byYear.map((year) => ({
      year: year.year,
      total: suppressCount(year.total, threshold),
      counts: shownCounts(year.counts),
      percents: shownShares(year.counts, year.total),
    })),
    accrual: accrual.map((year) => ({
      year: year.year,
      patients: suppressCount(year.patients, threshold),
      cumulative: suppressCount(year.cumulative, threshold),
    })),
    sites: sites.map((site) => ({
      code: site.code,
      name: site.name,
      total: suppressCount(site.total, threshold),
      counts: shownCounts(site.counts),
      percents: shownShares(site.counts, site.total),
    })),
  };
}

