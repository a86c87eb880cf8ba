import "server-only";
import type { SessionUser } from "../auth/roles";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { runAggregateQuery } from "./run-query";

export type AccrualYear = { year: number; patients: number; cumulative: number };

/**
 * Accrual over time: patients by year of diagnosis (the only calendar time the database keeps,
 * docs/data-dictionary.md §1) and the running total, from one GROUP BY with a window sum.
 */
export async function countAccrualByYear(user: SessionUser, filters: DashboardFilters): Promise<AccrualYear[]> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  return runAggregateQuery<AccrualYear>(
    `SELECT p.diagnosis_year AS year,
            count(*)::int AS patients,
            (sum(count(*)) OVER (ORDER BY p.diagnosis_year))::int AS cumulative
       FROM patients p
      WHERE ${where}
      GROUP BY p.diagnosis_year
      ORDER BY p.diagnosis_year`,
    parameters,
  );
}
