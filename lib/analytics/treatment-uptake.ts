import "server-only";
import type { SessionUser } from "../auth/roles";
import type { RegimenClass } from "../generated/prisma/enums";
import { toCohortKey, type CohortKey } from "./cohorts";
import { SqlParameters, cohortKeySql, patientFilterSql, treatmentLineSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { runAggregateQuery } from "./run-query";

export type TreatmentUptakeCell = {
  year: number;
  cohort: CohortKey;
  /** Patients with metastatic disease (de novo or recurrent) diagnosed that year, in the cohort. */
  metastatic: number;
  /** Of those, how many received each regimen class in a metastatic line (matching the line filter). */
  received: Partial<Record<RegimenClass, number>>;
  /** Of those, how many received any metastatic line (matching the line filter). */
  receivedAny: number;
};

/**
 * Treatment over calendar time (issue 7 §4): by year of diagnosis and cohort, the number of
 * patients with metastatic disease and how many of them received each regimen class for
 * metastatic disease. One pass over patients joined once to their lines.
 */
export async function countTreatmentUptake(user: SessionUser, filters: DashboardFilters): Promise<TreatmentUptakeCell[]> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const lines = treatmentLineSql({ regimen: null, line: filters.line }, parameters);
  const rows = await runAggregateQuery<{ year: number; cohort: string; metastatic: number; regimen: RegimenClass | null; received: number }>(
    `WITH metastatic AS (
       SELECT p.id, p.diagnosis_year AS year, ${cohortKeySql(filters.rule)} AS cohort
         FROM patients p
        WHERE ${where} AND p.disease_setting <> 'EARLY'
     ), denominators AS (
       SELECT year, cohort, count(*)::int AS metastatic FROM metastatic GROUP BY 1, 2
     ), received AS (
       SELECT m.year, m.cohort, l.regimen_class::text AS regimen, count(DISTINCT m.id)::int AS received
         FROM metastatic m
         JOIN treatment_lines l ON l.patient_id = m.id
        WHERE ${lines}
        GROUP BY GROUPING SETS ((m.year, m.cohort, l.regimen_class), (m.year, m.cohort))
     )
     SELECT d.year, d.cohort, d.metastatic, r.regimen, COALESCE(r.received, 0) AS received
       FROM denominators d
       LEFT JOIN received r ON r.year = d.year AND r.cohort = d.cohort
      ORDER BY d.year, d.cohort`,
    parameters,
  );
  const cells = new Map<string, TreatmentUptakeCell>();
  for (const row of rows) {
    const key = `${row.year}:${row.cohort}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { year: row.year, cohort: toCohortKey(row.cohort), metastatic: row.metastatic, received: {}, receivedAny: 0 };
      cells.set(key, cell);
    }
    // The (year, cohort) grouping set has no regimen: patients with any matching line.
    if (row.regimen === null) cell.receivedAny = row.received;
    else cell.received[row.regimen] = row.received;
  }
  return [...cells.values()];
}
