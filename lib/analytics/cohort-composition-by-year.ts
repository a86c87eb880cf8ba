import "server-only";
import type { SessionUser } from "../auth/roles";
import { createCohortRecord, toCohortKey, type CohortKey, type CohortScheme } from "./cohorts";
import { SqlParameters, cohortColumn, cohortKeySql, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { YEAR_VARIABLE, patientCountsLevel, queryPatientCounts } from "./patient-counts";
import { runAggregateQuery } from "./run-query";

export type CohortCompositionYear = { year: number; total: number; counts: Record<CohortKey, number> };

/**
 * Patients per diagnosis year and cohort (issue 7 §2), every year from the first to the last
 * present, so a year without patients shows as a gap rather than disappearing.
 */
export async function countCohortsByDiagnosisYear(user: SessionUser, filters: DashboardFilters): Promise<CohortCompositionYear[]> {
  if (patientCountsLevel(user, filters) !== null) {
    const counts = await queryPatientCounts(user, filters, { variables: [YEAR_VARIABLE], level: "site" });
    return fillYears(counts.map((row) => ({ year: Number(row.value), cohort: row.cohort, n: row.n })).sort((a, b) => a.year - b.year), filters.scheme);
  }
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const rows = await runAggregateQuery<{ year: number; cohort: string; n: number }>(
    user,
    `SELECT p.diagnosis_year AS year, ${cohortKeySql(filters.rule)} AS cohort, count(*)::int AS n
       FROM patients p
      WHERE ${where}
      GROUP BY p.diagnosis_year, ${cohortColumn(filters.rule)}
      ORDER BY 1`,
    parameters,
    // Every column it reads is in patients_outcome_join_idx: an index-only scan (run-query.ts).
    { indexesInMemory: true },
  );
  return fillYears(rows, filters.scheme);
}

/** Every year from the first to the last of `rows` (sorted by year), with its cohort counts. */
function fillYears(rows: readonly { year: number; cohort: string; n: number }[], scheme: CohortScheme): CohortCompositionYear[] {
  if (rows.length === 0) return [];
  const first = rows[0]?.year ?? 0;
  const last = rows[rows.length - 1]?.year ?? first;
  const years = new Map<number, CohortCompositionYear>();
  for (let year = first; year <= last; year++) years.set(year, { year, total: 0, counts: createCohortRecord(() => 0) });
  for (const row of rows) {
    const entry = years.get(row.year);
    if (!entry) continue;
    entry.counts[toCohortKey(row.cohort, scheme)] += row.n;
    entry.total += row.n;
  }
  return [...years.values()];
}
