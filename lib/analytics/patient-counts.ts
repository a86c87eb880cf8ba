import "server-only";
import type { SessionUser } from "../auth/roles";
import { getDb } from "../db/client";
import { compactPatientCounts } from "../db/patient-counts-upkeep";
import { SqlParameters, siteFilterSql } from "./filter-sql";
import { hasPatientFilters, type DashboardFilters } from "./filters";
import { runAggregateQuery } from "./run-query";

// The dashboards' summary of the whole registry (or of some sites): `patient_counts`, counts of
// live patients per (site, cohort rule, cohort, variable, value) that triggers on `patients` keep
// current on every write (migration `…_patient_counts`, which lists the variables). At a million
// patients the dashboard queries of the whole registry read a few thousand rows from it instead of
// aggregating every patient row (docs/dashboards.md §9). Filters on patient columns other than the
// site (years, HR status, stage, setting) are not in the summary: those views read `patients`.

/** Diagnosis year, counted per site: the Overview's patient counts. */
export const YEAR_VARIABLE = "year";

/** Registry-wide variables of overall survival from diagnosis. */
export const OS_VARIABLES = { death: "osDeath", censor: "osCensor" } as const;

/** Variable of the Agreement tab, counted per site: one cell per element of `read_pair_codes` (read-pair-codes.ts), the code as decimal text. */
export const READ_PAIR_VARIABLE = "readPair";

/** Registry-wide variable of treatment uptake: one cell per element of `metastatic_line_starts`, the element as decimal text. */
export const LINE_START_VARIABLE = "lineStart";

/** One count: the cohort as text (UNCLASSIFIED for none, and for variables no rule changes). */
export type PatientCountRow = { cohort: string; variable: string; value: string | null; n: number };

/**
 * Where the summary holds the answer: "site" when no patient filter other than sites applies (the
 * variables counted per site can answer), "registry" when moreover the view is the whole registry
 * (an investigator or administrator with no site filter: every variable can), else null.
 */
export type PatientCountsLevel = "site" | "registry";

export function patientCountsLevel(user: SessionUser, filters: DashboardFilters): PatientCountsLevel | null {
  if (hasPatientFilters({ ...filters, sites: [] })) return null;
  return user.role !== "COORDINATOR" && filters.sites.length === 0 ? "registry" : "site";
}

/**
 * Appended deltas beyond this many rows in one read trigger a compaction after it. Compacted, the
 * summary holds one row per (site, rule, cohort, variable, value): at most about 1,500 a site and
 * rule for Table 1 (age and Ki-67 take at most 91 and 101 values per cohort), and for the registry
 * one per cohort and day of death or last contact.
 */
const COMPACT_AFTER_EXTRA_ROWS = 5_000;

export type PatientCountsQuery = {
  variables: readonly string[];
  /** "site": variables counted per site, within the user's scope and site filter; "registry": counted for the registry only. */
  level: PatientCountsLevel;
  /** False for the variables no cohort rule changes (counted once, without a cohort). */
  perRule?: boolean;
};

/** The counts of `query.variables` under `filters.rule`, summed over the sites in scope. */
export async function queryPatientCounts(user: SessionUser, filters: DashboardFilters, query: PatientCountsQuery): Promise<PatientCountRow[]> {
  return (await readPatientCounts(user, filters, query, false)).map(({ cohort, variable, value, n }) => ({ cohort, variable, value, n }));
}

/** The same per site (variables counted per site only), with the site's code and name. */
export async function queryPatientCountsBySite(
  user: SessionUser,
  filters: DashboardFilters,
  query: Omit<PatientCountsQuery, "level">,
): Promise<(PatientCountRow & { siteCode: string; siteName: string })[]> {
  return (await readPatientCounts(user, filters, { ...query, level: "site" }, true)).map(({ siteCode, siteName, cohort, variable, value, n }) => ({
    siteCode: siteCode ?? "",
    siteName: siteName ?? "",
    cohort,
    variable,
    value,
    n,
  }));
}

/** A cell of the summary as read, with how many of its stored rows are appended deltas. */
export type ReadRow = PatientCountRow & { siteCode: string | null; siteName: string | null; appended: number };

/**
 * The summed cells of `query`, each with the number of its rows beyond one per site (appended
 * deltas, which the compaction folds): counted per site, since a compacted summary still holds one
 * row per site for each cell, and a read summing the sites must not take those for deltas (it did,
 * and at 280 sites every Overview read rewrote the whole summary). Exported for its tests.
 */
export async function readPatientCounts(user: SessionUser, filters: DashboardFilters, query: PatientCountsQuery, bySite: boolean): Promise<ReadRow[]> {
  const level = patientCountsLevel(user, filters);
  if (level === null || (query.level === "registry" && level !== "registry")) {
    throw new Error(`The summary does not hold this view (${query.level} counts asked for a ${level ?? "filtered"} view)`);
  }
  const parameters = new SqlParameters();
  const conditions = [
    query.perRule === false ? "c.rule IS NULL" : `c.rule = ${parameters.add(filters.rule)}`,
    `c.variable = ANY(${parameters.add(query.variables)}::text[])`,
    summaryScopeSql(user, filters, query.level, parameters),
  ];
  const site = bySite ? ["s.code", "s.name"] : [];
  const rows = await runAggregateQuery<ReadRow>(
    user,
    `SELECT ${bySite ? `s.code AS "siteCode", s.name AS "siteName"` : `NULL AS "siteCode", NULL AS "siteName"`},
            COALESCE(c.cohort::text, 'UNCLASSIFIED') AS cohort, c.variable, c.value, sum(c.n)::int AS n, sum(c.parts - 1)::int AS appended
       FROM (SELECT c.site_id, c.cohort, c.variable, c.value, sum(c.n) AS n, count(*) AS parts
               FROM patient_counts c
              WHERE ${conditions.join(" AND ")}
              GROUP BY c.site_id, c.cohort, c.variable, c.value) c${bySite ? " JOIN sites s ON s.id = c.site_id" : ""}
      GROUP BY ${[...site, "c.cohort", "c.variable", "c.value"].join(", ")}
     HAVING sum(c.n) <> 0`,
    parameters,
  );
  noteAppendedRows(rows.reduce((sum, row) => sum + row.appended, 0));
  return rows;
}

/**
 * For a read of the summary by its own query (treatment-uptake.ts, reads-of-blocks.ts): the rows it
 * summed beyond one per cell, which start a compaction in the background past
 * COMPACT_AFTER_EXTRA_ROWS.
 */
export function noteAppendedRows(extraRows: number): void {
  if (extraRows > COMPACT_AFTER_EXTRA_ROWS) scheduleCompaction();
}

/**
 * The summary rows (alias `c`) of the user's scope and site filter: the registry's (site NULL), a
 * coordinator's own site, the filtered sites, or every site. The caller has checked with
 * patientCountsLevel that the summary holds the view.
 */
export function summaryScopeSql(user: SessionUser, filters: DashboardFilters, level: PatientCountsLevel, parameters: SqlParameters): string {
  if (level === "registry") return "c.site_id IS NULL";
  // The scope of patientScopeSql: a coordinator's own site; one without a site sees nothing.
  if (user.role === "COORDINATOR") return `c.site_id = ${parameters.add(user.siteId ?? -1)}::int`;
  if (filters.sites.length > 0) return siteFilterSql(filters.sites, parameters, "c.site_id");
  return "c.site_id IS NOT NULL";
}

/** The counts of two registry-wide variables per cohort and integer value, side by side. */
export type PatientCountPairRow = { cohort: string; value: number; first: number; second: number };

/**
 * The counts of the registry-wide variables `first` and `second` (whose values are integers: days)
 * under `filters.rule`, one row per (cohort, value) with both counts; a row whose counts are both
 * zero is left out. Survival records read their events and censored patients per day so
 * (survival-records.ts survivalRecordsFromCounts): half the rows of queryPatientCounts, paired in
 * SQL rather than in Node, which at a million patients were 25,000 cells of a pair against 47,000.
 */
export async function queryPatientCountPairs(user: SessionUser, filters: DashboardFilters, first: string, second: string): Promise<PatientCountPairRow[]> {
  if (patientCountsLevel(user, filters) !== "registry") throw new Error("The summary does not hold this view (registry counts asked for a view of some sites or a filtered one)");
  const parameters = new SqlParameters();
  const rule = parameters.add(filters.rule);
  const firstVariable = parameters.add(first);
  const secondVariable = parameters.add(second);
  const rows = await runAggregateQuery<PatientCountPairRow & { parts: number }>(
    user,
    `SELECT COALESCE(c.cohort::text, 'UNCLASSIFIED') AS cohort, c.value::int AS value,
            COALESCE(sum(c.n) FILTER (WHERE c.variable = ${firstVariable}), 0)::int AS first,
            COALESCE(sum(c.n) FILTER (WHERE c.variable = ${secondVariable}), 0)::int AS second,
            count(*)::int AS parts
       FROM patient_counts c
      WHERE c.rule = ${rule} AND c.variable IN (${firstVariable}, ${secondVariable}) AND c.site_id IS NULL
      GROUP BY c.cohort, c.value
     HAVING COALESCE(sum(c.n) FILTER (WHERE c.variable = ${firstVariable}), 0) <> 0
         OR COALESCE(sum(c.n) FILTER (WHERE c.variable = ${secondVariable}), 0) <> 0`,
    parameters,
  );
  // A row stands for one or two cells: more parts than twice the rows are surely appended deltas.
  noteAppendedRows(rows.reduce((sum, row) => sum + row.parts, 0) - 2 * rows.length);
  return rows.map(({ cohort, value, first: firstCount, second: secondCount }) => ({ cohort, value, first: firstCount, second: secondCount }));
}

let compaction: Promise<void> | null = null;

/**
 * Compacts in the background, once at a time per server; the read that asked does not wait. The
 * compaction writes, so it runs on the primary (getDb()) even when the read that asked for it ran
 * on a replica (lib/db/replica-routing.ts): a hot standby refuses writes, and the deltas it
 * counted are the primary's, replicated.
 */
function scheduleCompaction(): void {
  if (compaction) return;
  compaction = getDb()
    .then((db) => compactPatientCounts(db))
    .catch((error: unknown) => {
      // The counts stay right uncompacted (reads sum the deltas): log it, and the next read retries.
      console.error("patient_counts compaction failed:", error instanceof Error ? error.message : error);
    })
    .finally(() => {
      compaction = null;
    });
}
