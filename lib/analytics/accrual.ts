import "server-only";
import type { SessionUser } from "../auth/roles";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { YEAR_VARIABLE, patientCountsLevel, queryPatientCounts } from "./patient-counts";
import { runAggregateQuery } from "./run-query";

export type AccrualYear = { year: number; patients: number; cumulative: number };

/**
 * Accrual over time: patients by year of diagnosis (the only calendar time the database keeps,
 * docs/data-dictionary.md §1) and the running total: from the summary's diagnosis-year counts when
 * it holds the view (patient-counts.ts), else one GROUP BY over `patients` with a window sum.
 */
export async function countAccrualByYear(user: SessionUser, filters: DashboardFilters): Promise<AccrualYear[]> {
  if (patientCountsLevel(user, filters) !== null) {
    const byYear = new Map<number, number>();
    for (const row of await queryPatientCounts(user, filters, { variables: [YEAR_VARIABLE], level: "site" })) {
      const year = Number(row.value);
      byYear.set(year, (byYear.get(year) ?? 0) + row.n);
    }
    let cumulative = 0;
    return [...byYear]
      .sort(([a], [b]) => a - b)
      .map(([year, patients]) => {
        cumulative += patients;
        return { year, patients, cumulative };
      });
  }
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  return runAggregateQuery<AccrualYear>(
    user,
    `SELECT p.diagnosis_year AS year,
            count(*)::int AS patients,
            (sum(count(*)) OVER (ORDER BY p.diagnosis_year))::int AS cumulative
       FROM patients p
      WHERE ${where}
      GROUP BY p.diagnosis_year
      ORDER BY p.diagnosis_year`,
    parameters,
    // Every column it reads is in patients_outcome_join_idx: an index-only scan (run-query.ts).
    { indexesInMemory: true },
  );
}
