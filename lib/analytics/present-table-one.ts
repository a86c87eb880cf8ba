// The Characteristics tab's Table 1 and distributions as sent to the browser, with small-cell
// suppression applied (issue 7 §3, §6). Pure.
import { COHORT_KEYS, createCohortRecord, type CohortKey } from "./cohorts";
import type { ShownCohortCounts, ShownCohortShares } from "./present-overview";
import { isSuppressed, suppressCount, suppressShare, type ShownCount } from "./small-cells";
import type { ContinuousSummary, CountsByCohort, TableOne, TableOneComparisonView, TableOneTest } from "./table-one";
import type { CategoricalVariableKey, ContinuousVariableKey } from "./table-one-variables";

/** null: no values; { n: null }: fewer values than the small-cell threshold, so not shown. */
export type ShownSummary = ContinuousSummary | { n: null } | null;

export type CategoricalRowView = {
  kind: "categorical";
  key: CategoricalVariableKey;
  label: string;
  population: string | null;
  levels: { value: string; label: string; counts: ShownCohortCounts; percents: ShownCohortShares; overall: ShownCount; overallPercent: number | null }[];
  unknown: { counts: ShownCohortCounts; overall: ShownCount } | null;
};

export type ContinuousRowView = {
  kind: "continuous";
  key: ContinuousVariableKey;
  label: string;
  summaries: Record<CohortKey, ShownSummary>;
  overall: ShownSummary;
  unknown: { counts: ShownCohortCounts; overall: ShownCount } | null;
  test: TableOneTest;
};

export type DistributionView = {
  key: ContinuousVariableKey;
  label: string;
  /** Each cohort's share (percent) of its patients with a value, per bin. */
  bins: { start: number; label: string; counts: ShownCohortCounts; percents: ShownCohortShares }[];
};

export type TableOneView = {
  smallCellThreshold: number;
  columns: ShownCohortCounts;
  overall: ShownCount;
  /** Cohorts with at least one patient: the columns Table 1 prints. */
  presentCohorts: CohortKey[];
  rows: (CategoricalRowView | ContinuousRowView)[];
  distributions: DistributionView[];
  /** What the p-values compare (the footnote says it). */
  comparison: TableOneComparisonView;
};

export function presentTableOne(table: TableOne, threshold: number): TableOneView {
  const shown = (values: CountsByCohort) => createCohortRecord((cohort) => suppressCount(values[cohort], threshold));
  const shownUnknown = (unknown: { counts: CountsByCohort; overall: number }) =>
    unknown.overall === 0 ? null : { counts: shown(unknown.counts), overall: suppressCount(unknown.overall, threshold) };
  const shownSummary = (summary: ContinuousSummary | null): ShownSummary =>
    summary === null ? null : isSuppressed(summary.n, threshold) ? { n: null } : summary;
  const percent = (count: number, total: number) => suppressShare(count, total, threshold, total === 0 ? 0 : (100 * count) / total);

  return {
    smallCellThreshold: threshold,
    columns: shown(table.columns),
    overall: suppressCount(table.overall, threshold),
    presentCohorts: COHORT_KEYS.filter((cohort) => table.columns[cohort] > 0),
    comparison: table.comparison,
    rows: table.rows.map((row): CategoricalRowView | ContinuousRowView => {
      switch (row.kind) {
        case "categorical":
          return {
            kind: "categorical",
            key: row.key,
            label: row.label,
            population: row.population,
            // Levels nobody has (e.g. TX when every tumour was assessed) are not printed.
            levels: row.levels.filter((level) => level.overall > 0).map((level) => ({
              value: level.value,
              label: level.label,
              counts: shown(level.counts),
              percents: createCohortRecord((cohort) => percent(level.counts[cohort], row.known.counts[cohort])),
              overall: suppressCount(level.overall, threshold),
              overallPercent: percent(level.overall, row.known.overall),
            })),
            unknown: shownUnknown(row.unknown),
          };
        case "continuous":
          return {
            kind: "continuous",
            key: row.key,
            label: row.label,
            summaries: createCohortRecord((cohort) => shownSummary(row.summaries[cohort])),
            overall: shownSummary(row.overall),
            unknown: shownUnknown(row.unknown),
            test: row.test,
          };
      }
    }),
    distributions: table.distributions.map((distribution) => ({
      key: distribution.key,
      label: distribution.label,
      bins: distribution.bins.map((bin) => ({
        start: bin.start,
        label: bin.label,
        counts: shown(bin.counts),
        percents: createCohortRecord((cohort) => percent(bin.counts[cohort], distribution.totals[cohort])),
      })),
    })),
  };
}
