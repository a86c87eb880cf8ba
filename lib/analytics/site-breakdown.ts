import "server-only";
import type { SessionUser } from "../auth/roles";
import { createCohortRecord, toCohortKey, type CohortKey, type CohortScheme } from "./cohorts";
import { SqlParameters, cohortColumn, cohortKeySql, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { YEAR_VARIABLE, patientCountsLevel, queryPatientCountsBySite } from "./patient-counts";
import { runAggregateQuery } from "./run-query";

export type SiteCohorts = { code: string; name: string; total: number; counts: Record<CohortKey, number> };

/**
 * Patients per site and cohort (issue 7 §2), sites in code order: from the summary's per-site
 * diagnosis-year counts when it holds the view (patient-counts.ts), else over `patients`.
 */
export async function countCohortsBySite(user: SessionUser, filters: DashboardFilters): Promise<SiteCohorts[]> {
  if (patientCountsLevel(user, filters) !== null) {
    const counts = await queryPatientCountsBySite(user, filters, { variables: [YEAR_VARIABLE] });
    const rows = counts.map((row) => ({ code: row.siteCode, name: row.siteName, cohort: row.cohort, n: row.n }));
    return collectSites(rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)), filters.scheme);
  }
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const rows = await runAggregateQuery<{ code: string; name: string; cohort: string; n: number }>(
    user,
    `SELECT s.code, s.name, c.cohort, c.n
       FROM (SELECT p.site_id, ${cohortKeySql(filters.rule)} AS cohort, count(*)::int AS n
               FROM patients p
              WHERE ${where}
              GROUP BY p.site_id, ${cohortColumn(filters.rule)}) c
       JOIN sites s ON s.id = c.site_id
      ORDER BY s.code`,
    parameters,
    // Every column it reads is in patients_outcome_join_idx: an index-only scan (run-query.ts).
    { indexesInMemory: true },
  );
  return collectSites(rows, filters.scheme);
}

/** The rows (in site order) per site, cohort counts summed. */
function collectSites(rows: readonly { code: string; name: string; cohort: string; n: number }[], scheme: CohortScheme): SiteCohorts[] {
  const sites = new Map<string, SiteCohorts>();
  for (const row of rows) {
    let site = sites.get(row.code);
    if (!site) {
      site = { code: row.code, name: row.name, total: 0, counts: createCohortRecord(() => 0) };
      sites.set(row.code, site);
    }
    site.counts[toCohortKey(row.cohort, scheme)] += row.n;
    site.total += row.n;
  }
  return [...sites.values()];
}
