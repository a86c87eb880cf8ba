import "server-only";
import type { SessionUser } from "../auth/roles";
import { COHORT_KEYS, createCohortRecord, shownCohortKeys, toCohortKey, type CohortKey, type CohortScheme } from "./cohorts";
import { SqlParameters, cohortColumn, cohortKeySql, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { YEAR_VARIABLE, patientCountsLevel, queryPatientCounts } from "./patient-counts";
import { runAggregateQuery } from "./run-query";

export type CohortCounts = {
  total: number;
  cohorts: { cohort: CohortKey; n: number; percent: number }[];
};

/**
 * Patients per cohort under the chosen rule (issue 7 §2): from the summary's diagnosis-year counts
 * when it holds the view (patient-counts.ts), else one GROUP BY over `patients`.
 */
export async function countPatientsByCohort(user: SessionUser, filters: DashboardFilters): Promise<CohortCounts> {
  const counts = createCohortRecord(() => 0);
  if (patientCountsLevel(user, filters) !== null) {
    for (const row of await queryPatientCounts(user, filters, { variables: [YEAR_VARIABLE], level: "site" })) counts[toCohortKey(row.cohort, filters.scheme)] += row.n;
    return withPercentages(counts, filters.scheme);
  }
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const rows = await runAggregateQuery<{ cohort: string; n: number }>(
    user,
    `SELECT ${cohortKeySql(filters.rule)} AS cohort, count(*)::int AS n
       FROM patients p
      WHERE ${where}
      GROUP BY ${cohortColumn(filters.rule)}`,
    parameters,
    // Every column it reads is in patients_outcome_join_idx: an index-only scan (run-query.ts).
    { indexesInMemory: true },
  );
  for (const row of rows) counts[toCohortKey(row.cohort, filters.scheme)] += row.n;
  return withPercentages(counts, filters.scheme);
}

/** The scheme's cohorts (IHC 0 not specified only when it has patients) with their shares. */
function withPercentages(counts: Record<CohortKey, number>, scheme: CohortScheme): CohortCounts {
  const total = COHORT_KEYS.reduce((sum, cohort) => sum + counts[cohort], 0);
  return {
    total,
    cohorts: shownCohortKeys(scheme, (cohort) => counts[cohort] > 0).map((cohort) => ({ cohort, n: counts[cohort], percent: total === 0 ? 0 : (100 * counts[cohort]) / total })),
  };
}
