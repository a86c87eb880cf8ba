import "server-only";
import type { SessionUser } from "../auth/roles";
import { kruskalWallisFromRankSums } from "../stats/kruskal-wallis-from-rank-sums";
import { compareCategoricalOffThread } from "./compare-categorical-off-thread";
import { COHORT_KEYS, COHORT_LABELS, HER2_0_CATEGORIES, SCHEME_COHORT_KEYS, createCohortRecord, toCohortKey, type CohortKey, type CohortScheme } from "./cohorts";
import { SqlParameters, cohortColumn, patientFilterSql } from "./filter-sql";
import type { DashboardFilters, TableOneComparison } from "./filters";
import { runAggregateQuery } from "./run-query";
import { patientCountsLevel, queryPatientCounts } from "./patient-counts";
import {
  CATEGORICAL_VARIABLES,
  CONTINUOUS_VARIABLES,
  binCeiling,
  diagnosisEra,
  labelBin,
  prStatus,
  type CategoricalVariable,
  type CategoricalVariableKey,
  type ContinuousVariable,
  type ContinuousVariableKey,
} from "./table-one-variables";
import { quantileFromFrequencies, rankSumsFromFrequencies, type GroupRankSum, type ValueCount } from "./value-frequencies";

export type CountsByCohort = Record<CohortKey, number>;

/** The test behind a row's p-value, named as gtsummary's add_p() footnote names it. */
export type TableOneTest = {
  /** "not-computed-in-time": the test ran out of its time budget (not-computed-in-time.ts); `note` says why. */
  test: "chi-square" | "fisher" | "kruskal-wallis" | "none" | "not-computed-in-time";
  testName: string;
  pValue: number | null;
  statistic: number | null;
  df: number | null;
  note: string | null;
};

export type TableOneCategorical = {
  kind: "categorical";
  key: CategoricalVariableKey;
  label: string;
  population: string | null;
  levels: { value: string; label: string; counts: CountsByCohort; overall: number }[];
  /** Patients with the value missing (gtsummary's "Unknown" row, shown only when not zero). */
  unknown: { counts: CountsByCohort; overall: number };
  /** Denominators of the percentages: patients of the row's population with a known value. */
  known: { counts: CountsByCohort; overall: number };
  /**
   * Levels × HER2 cohorts with known values: what the p-value tests (see testCategoricalRows,
   * computed apart because Fisher's exact test can take a while).
   */
  contingency: number[][];
};

export type ContinuousSummary = { n: number; median: number; q1: number; q3: number };

export type TableOneContinuous = {
  kind: "continuous";
  key: ContinuousVariableKey;
  label: string;
  summaries: Record<CohortKey, ContinuousSummary | null>;
  overall: ContinuousSummary | null;
  unknown: { counts: CountsByCohort; overall: number };
  test: TableOneTest;
};

export type ValueDistribution = {
  key: ContinuousVariableKey;
  label: string;
  /** Bins of `binWidth`, from the lowest to the highest present, with patients per cohort. */
  bins: { start: number; label: string; counts: CountsByCohort }[];
  /** Patients with a value, per cohort (the denominators of each cohort's share of a bin). */
  totals: CountsByCohort;
};

/** What the p-values compare, for the footnote: the cohorts (or groups of cohorts) tested. */
export type TableOneComparisonView = { key: TableOneComparison; label: string; groups: string[] };

export type TableOne = {
  /** Patients per cohort (the column headers' N) and overall. */
  columns: CountsByCohort;
  overall: number;
  rows: (TableOneCategorical | TableOneContinuous)[];
  distributions: ValueDistribution[];
  comparison: TableOneComparisonView;
};

/**
 * The counted variables: Table 1's rows, except that PR status and the diagnosis era are read from
 * the counts of the PR % ("pr") and of the diagnosis year ("year"), so that the summary and the
 * scan keep raw values and the boundaries live in table-one-variables.ts only.
 */
type SourceKey = Exclude<CategoricalVariableKey, "prStatus" | "era"> | ContinuousVariableKey | "pr" | "year";

/**
 * The `patients` column of each counted variable (a fixed list, never input), each counted in its
 * own grouping set with the cohort (see scanTableOneCells). ER-low is counted among HR-positive
 * patients only (ASCO/CAP 2020): its set also holds the HR status, which decides its population.
 */
const SOURCES: Readonly<Record<SourceKey, { column: string; population?: { column: string; value: string } }>> = {
  menopausal: { column: "menopausal_status" },
  histology: { column: "histologic_type" },
  grade: { column: "grade" },
  t: { column: "t_category" },
  n: { column: "n_category" },
  stage: { column: "stage_group" },
  hr: { column: "hr_status" },
  erLow: { column: "er_low", population: { column: "hr_status", value: "POSITIVE" } },
  brca: { column: "germline_brca" },
  setting: { column: "disease_setting" },
  er: { column: "er_percent" },
  pr: { column: "pr_percent" },
  age: { column: "age_at_diagnosis" },
  year: { column: "diagnosis_year" },
  ki67: { column: "ki67_percent" },
  size: { column: "tumour_size_mm" },
};

/** The variables Table 1 counts, as patient_counts and the scan name them (a test compares them with the summary's). */
export const TABLE_ONE_SOURCE_VARIABLES = Object.keys(SOURCES) as readonly SourceKey[];

/** One (cohort, variable, value) count of a counted variable; continuous ones are counted per value (their frequency tables). */
export type TableOneCountRow = { cohort: string; variable: SourceKey; value: string | null; n: number };

/** A count of a Table 1 row, its cohort placed in the scheme (PR status and era derived). */
type CountRow = { cohort: CohortKey; variable: CategoricalVariableKey | ContinuousVariableKey; value: string | null; n: number };

function isSourceKey(variable: string): variable is SourceKey {
  return (TABLE_ONE_SOURCE_VARIABLES as readonly string[]).includes(variable);
}

/** The counted variables as Table 1's rows: PR status from the PR %, the era from the year; every cohort placed in the scheme. */
function toTableOneRows(counts: readonly TableOneCountRow[], scheme: CohortScheme): CountRow[] {
  return counts.flatMap((row): CountRow[] => {
    const cohort = toCohortKey(row.cohort, scheme);
    switch (row.variable) {
      case "pr":
        return [{ cohort, variable: "prStatus", value: row.value === null ? null : prStatus(Number(row.value)), n: row.n }];
      case "year":
        return [{ cohort, variable: "era", value: row.value === null ? null : diagnosisEra(Number(row.value)), n: row.n }];
      default:
        return [{ cohort, variable: row.variable, value: row.value, n: row.n }];
    }
  });
}

/**
 * Table 1 by cohort, as gtsummary's tbl_summary(by = cohort) |> add_overall() |> add_p() prints
 * it (issue 7 §3): n (%) of known values for categories with an "Unknown" row when values are
 * missing, median (Q1, Q3) for continuous variables with the Kruskal-Wallis test over the four
 * HER2 cohorts (unclassified patients are shown but not tested). The categorical rows carry their
 * contingency table; testCategoricalRows gives their p-values. queryTableOneCells gives every
 * count (from the trigger-kept summary, or one aggregate pass over `patients`), and the frequency
 * table of age and Ki-67 per cohort, from which the quartiles (percentile_cont's definition), the histogram bins and the
 * Kruskal-Wallis mid-rank sums follow exactly (value-frequencies.ts); no patient row leaves
 * PostgreSQL.
 */
export async function summariseTableOne(user: SessionUser, filters: DashboardFilters): Promise<TableOne> {
  const counts = toTableOneRows(await queryTableOneCells(user, filters), filters.scheme);
  const frequencies = new Map(CONTINUOUS_VARIABLES.map((variable) => [variable.key, collectFrequencies(variable.key, counts)]));

  // Every patient has exactly one row (a value or NULL) in each variable: the disease setting,
  // never missing, gives the column totals.
  const columns = createCohortRecord(() => 0);
  for (const row of counts) if (row.variable === "setting") columns[row.cohort] += row.n;
  const overall = COHORT_KEYS.reduce((sum, cohort) => sum + columns[cohort], 0);

  const groups = comparisonGroups(filters.scheme, filters.compare).filter((group) => group.cohorts.some((cohort) => columns[cohort] > 0));
  const rows: (TableOneCategorical | TableOneContinuous)[] = [];
  for (const variable of CATEGORICAL_VARIABLES) rows.push(buildCategoricalRow(variable, counts, groups));
  for (const variable of CONTINUOUS_VARIABLES) rows.push(buildContinuousRow(variable, frequencies.get(variable.key) ?? emptyFrequencies(), groups));
  const distributions = CONTINUOUS_VARIABLES.map((variable) => buildDistribution(variable, frequencies.get(variable.key) ?? emptyFrequencies()));
  return { columns, overall, rows, distributions, comparison: { key: filters.compare, label: COMPARISON_LABELS[filters.compare], groups: groups.map((group) => group.label) } };
}

/** A column of the p-value's table: one cohort, or (HER2-0 in "HER2-low vs HER2-0") several summed. */
type ComparisonGroup = { label: string; cohorts: readonly CohortKey[] };

const COMPARISON_LABELS: Readonly<Record<TableOneComparison, string>> = {
  all: "every HER2 cohort",
  negative: "the HER2-negative cohorts (HER2-positive left out)",
  "low-vs-0": "HER2-low against HER2-0 (every IHC 0: null, ultralow and not specified)",
};

/**
 * The groups the p-values compare (gtsummary's add_p() over the chosen columns): the scheme's HER2
 * cohorts, those without HER2-positive, or HER2-low against HER2-0 whatever the scheme shows.
 * Unclassified patients are shown but never tested.
 */
export function comparisonGroups(scheme: CohortScheme, compare: TableOneComparison): ComparisonGroup[] {
  const single = (cohort: CohortKey): ComparisonGroup => ({ label: COHORT_LABELS[cohort], cohorts: [cohort] });
  const her2Cohorts = SCHEME_COHORT_KEYS[scheme].filter((cohort) => cohort !== "UNCLASSIFIED");
  switch (compare) {
    case "all":
      return her2Cohorts.map(single);
    case "negative":
      return her2Cohorts.filter((cohort) => cohort !== "POSITIVE").map(single);
    case "low-vs-0":
      return [{ label: COHORT_LABELS.HER2_0, cohorts: [...HER2_0_CATEGORIES, "HER2_0"] }, single("LOW")];
  }
}

/**
 * Every count of Table 1, exported so that `npm run bench` can time it: from the summary kept by
 * triggers (patient-counts.ts) when only the rule and sites are chosen, else in one pass over
 * `patients` (scanTableOneCells).
 *
 * The scan groups the raw columns (enums hash as 4-byte values; nothing is cast to text per row)
 * by one GROUPING SET per variable with the cohort, and names each row's variable and value after
 * grouping: GROUPING(column) = 0 marks the rows of that column's set, which tells a missing value
 * (NULL in a grouped column) from a column that is not grouped. Five shared sets of several
 * variables each, summed again per variable in an outer query, took 1.5-1.9 times as long at a
 * million patients (2026-12-04, `npm run bench`: 489-524 against 290-307 ms filtered to
 * HR-positive, sites 01-02 and 2018-2023; psql: 2.6 against 1.4 s over the 813,000 patients of
 * 2005-2023).
 */
export async function queryTableOneCells(user: SessionUser, filters: DashboardFilters): Promise<TableOneCountRow[]> {
  if (patientCountsLevel(user, filters) === null) return scanTableOneCells(user, filters);
  const rows = await queryPatientCounts(user, filters, { variables: TABLE_ONE_SOURCE_VARIABLES, level: "site" });
  return rows.flatMap(({ cohort, variable, value, n }) => (isSourceKey(variable) ? [{ cohort, variable, value, n }] : []));
}

/** The same counts from `patients` itself: for filters the summary does not hold, and to check it. */
async function scanTableOneCells(user: SessionUser, filters: DashboardFilters): Promise<TableOneCountRow[]> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const cohort = cohortColumn(filters.rule);
  const sources = Object.entries(SOURCES) as [SourceKey, (typeof SOURCES)[SourceKey]][];
  // A variable with a population is named first: its set also groups the population's column,
  // whose own variable (the HR status) must not claim those rows.
  const ordered = [...sources.filter(([, source]) => source.population), ...sources.filter(([, source]) => !source.population)];
  const sets = sources.map(([, source]) => [cohort, ...(source.population ? [`p.${source.population.column}`] : []), `p.${source.column}`].join(", "));
  const inPopulation = sources.flatMap(([, source]) =>
    source.population ? [`(GROUPING(p.${source.column}) = 1 OR p.${source.population.column} = '${source.population.value}')`] : [],
  );
  return runAggregateQuery<TableOneCountRow>(
    user,
    `SELECT COALESCE(${cohort}::text, 'UNCLASSIFIED') AS cohort,
            CASE ${ordered.map(([key, source]) => `WHEN GROUPING(p.${source.column}) = 0 THEN '${key}'`).join(" ")} END AS variable,
            CASE ${ordered.map(([, source]) => `WHEN GROUPING(p.${source.column}) = 0 THEN p.${source.column}::text`).join(" ")} END AS value,
            count(*)::int AS n
       FROM patients p
      WHERE ${where}
      GROUP BY GROUPING SETS (${sets.map((set) => `(${set})`).join(", ")})
     HAVING ${inPopulation.join(" AND ")}`,
    parameters,
  );
}

type Frequencies = {
  /** Values with their counts, per cohort key (UNCLASSIFIED included). */
  byCohort: Map<CohortKey, ValueCount[]>;
  missing: CountsByCohort;
};

function emptyFrequencies(): Frequencies {
  return { byCohort: new Map(), missing: createCohortRecord(() => 0) };
}

function collectFrequencies(key: ContinuousVariableKey, counts: readonly CountRow[]): Frequencies {
  const frequencies = emptyFrequencies();
  for (const row of counts) {
    if (row.variable !== key) continue;
    const cohort = row.cohort;
    if (row.value === null) {
      frequencies.missing[cohort] += row.n;
      continue;
    }
    const list = frequencies.byCohort.get(cohort) ?? [];
    list.push({ value: Number(row.value), n: row.n });
    frequencies.byCohort.set(cohort, list);
  }
  return frequencies;
}

/** The counts of each comparison group (the sum of its cohorts'). */
function groupCounts(counts: CountsByCohort, groups: readonly ComparisonGroup[]): number[] {
  return groups.map((group) => group.cohorts.reduce((sum, cohort) => sum + counts[cohort], 0));
}

function buildCategoricalRow(variable: CategoricalVariable, counts: CountRow[], groups: readonly ComparisonGroup[]): TableOneCategorical {
  const levels = variable.levels.map((level) => ({ ...level, counts: createCohortRecord(() => 0), overall: 0 }));
  const unknown = { counts: createCohortRecord(() => 0), overall: 0 };
  for (const row of counts) {
    if (row.variable !== variable.key) continue;
    const cohort = row.cohort;
    let target = row.value === null ? unknown : levels.find((level) => level.value === row.value);
    if (!target) {
      // A code the variable list does not know yet is shown as is rather than dropped.
      const added = { value: row.value ?? "", label: row.value ?? "", counts: createCohortRecord(() => 0), overall: 0 };
      levels.push(added);
      target = added;
    }
    target.counts[cohort] += row.n;
    target.overall += row.n;
  }
  const known = { counts: createCohortRecord((cohort) => levels.reduce((sum, level) => sum + level.counts[cohort], 0)), overall: 0 };
  known.overall = levels.reduce((sum, level) => sum + level.overall, 0);
  return {
    kind: "categorical",
    key: variable.key,
    label: variable.label,
    population: variable.population,
    levels,
    unknown,
    known,
    // gtsummary's add_p(): the test ignores missing values and, here, unclassified patients, over
    // the chosen comparison's groups; levels nobody in them has are left out.
    contingency: levels.map((level) => groupCounts(level.counts, groups)).filter((row) => row.some((n) => n > 0)),
  };
}

function summarise(counts: readonly ValueCount[]): ContinuousSummary | null {
  const n = counts.reduce((sum, count) => sum + count.n, 0);
  const [q1, median, q3] = [0.25, 0.5, 0.75].map((p) => quantileFromFrequencies(counts, p));
  if (n === 0 || q1 === null || q1 === undefined || median === null || median === undefined || q3 === null || q3 === undefined) return null;
  return { n, median, q1, q3 };
}

function buildContinuousRow(variable: ContinuousVariable, frequencies: Frequencies, groups: readonly ComparisonGroup[]): TableOneContinuous {
  const summaries = createCohortRecord((cohort) => summarise(frequencies.byCohort.get(cohort) ?? []));
  const pooled = [...frequencies.byCohort.values()].flat();
  // gtsummary's add_p(): the test compares the chosen groups of HER2 cohorts; unclassified patients are left out.
  const tested = new Map<string, ValueCount[]>();
  for (const group of groups) {
    const counts = group.cohorts.flatMap((cohort) => frequencies.byCohort.get(cohort) ?? []);
    if (counts.length > 0) tested.set(group.label, counts);
  }
  return {
    kind: "continuous",
    key: variable.key,
    label: variable.label,
    summaries,
    overall: summarise(pooled),
    unknown: { counts: frequencies.missing, overall: COHORT_KEYS.reduce((sum, cohort) => sum + frequencies.missing[cohort], 0) },
    test: testRanks(rankSumsFromFrequencies(tested)),
  };
}

function testRanks(ranks: { groups: GroupRankSum[]; tieSum: number }): TableOneTest {
  const testName = "Kruskal-Wallis rank sum test";
  const groups = ranks.groups.filter((group) => group.n > 0);
  if (groups.length < 2) {
    return { test: "none", testName: "No test", pValue: null, statistic: null, df: null, note: "Fewer than two cohorts have values: there is nothing to compare." };
  }
  try {
    const result = kruskalWallisFromRankSums(groups, ranks.tieSum);
    return { test: "kruskal-wallis", testName, pValue: result.pValue, statistic: result.statistic, df: result.df, note: null };
  } catch (error) {
    return { test: "kruskal-wallis", testName, pValue: null, statistic: null, df: null, note: error instanceof Error ? error.message : String(error) };
  }
}

/** Histogram bins of `binWidth` from the frequency table (the top bin holds everything from its start). */
function buildDistribution(variable: ContinuousVariable, frequencies: Frequencies): ValueDistribution {
  const totals = createCohortRecord(() => 0);
  const byStart = new Map<number, CountsByCohort>();
  const ceiling = binCeiling(variable.key);
  for (const [cohort, counts] of frequencies.byCohort) {
    for (const { value, n } of counts) {
      const start = value >= ceiling ? ceiling : Math.floor(value / variable.binWidth) * variable.binWidth;
      let bin = byStart.get(start);
      if (!bin) {
        bin = createCohortRecord(() => 0);
        byStart.set(start, bin);
      }
      bin[cohort] += n;
      totals[cohort] += n;
    }
  }
  const starts = [...byStart.keys()].sort((a, b) => a - b);
  const bins: ValueDistribution["bins"] = [];
  const first = starts[0];
  const last = starts[starts.length - 1];
  if (first !== undefined && last !== undefined) {
    for (let start = first; start <= last; start += variable.binWidth) {
      bins.push({ start, label: labelBin(variable.key, start, variable.binWidth), counts: byStart.get(start) ?? createCohortRecord(() => 0) });
    }
  }
  return { key: variable.key, label: variable.label, bins, totals };
}

export type CategoricalTests = Partial<Record<CategoricalVariableKey, TableOneTest>>;

/**
 * The p-value of every categorical row, choosing chi-square or Fisher as gtsummary's add_p()
 * does (lib/stats compareCategorical), in the statistics worker pool so that other requests
 * are not delayed; a row whose test runs out of its time budget says "not computed in time".
 * Kept apart from summariseTableOne so a page can show the counts while this runs.
 */
export async function testCategoricalRows(table: TableOne, options: { budgetMs?: number } = {}): Promise<CategoricalTests> {
  const tests: CategoricalTests = {};
  await Promise.all(
    table.rows.map(async (row) => {
      if (row.kind !== "categorical") return;
      try {
        tests[row.key] = await compareCategoricalOffThread(row.contingency, options);
      } catch (error) {
        // Never a rejected promise: the page streams this result and may not wait for it.
        const note = error instanceof Error ? error.message : String(error);
        tests[row.key] = { test: "none", testName: "No test", pValue: null, statistic: null, df: null, note };
      }
    }),
  );
  return tests;
}
