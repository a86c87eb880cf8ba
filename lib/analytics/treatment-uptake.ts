import "server-only";
import type { SessionUser } from "../auth/roles";
import type { RegimenClass } from "../generated/prisma/enums";
import { toCohortKey, type CohortKey } from "./cohorts";
import { SqlParameters, cohortColumn, patientFilterSql, treatmentLineSql } from "./filter-sql";
import { REGIMEN_CLASS_VALUES, type DashboardFilters } from "./filters";
import { runAggregateQuery } from "./run-query";

export type TreatmentUptakeCell = {
  /** Calendar year the lines started, approximately: diagnosis year + floor(start day / 365.25). */
  year: number;
  cohort: CohortKey;
  /** Patients with metastatic disease who started a metastatic line (matching the line filter) that year, in the cohort. */
  metastatic: number;
  /** Of those, how many started a line of each regimen class that year. */
  received: Partial<Record<RegimenClass, number>>;
  /** Of those, how many started any such line: all of them, by definition (kept for the data table). */
  receivedAny: number;
};

const REGIMEN_CLASSES = REGIMEN_CLASS_VALUES;

/**
 * Treatment over calendar time (issue 7 §4, issue 16 §12): by the calendar year a metastatic line
 * started and by cohort, the patients who started a metastatic line (matching the line filter)
 * and how many of them started each regimen class. A line's calendar year is not stored (no
 * dates are): it is the diagnosis year plus the line's start day in years, rounded down, so a
 * line started in the first days of a year may be counted in the year before. Plotting by
 * diagnosis year instead mixed lines started up to a decade later, so T-DXd's approval in 2022
 * did not show where it happened. A patient counts once per year and class however many lines
 * they started. Aggregated in SQL over the lines joined to their patients.
 */
export async function countTreatmentUptake(user: SessionUser, filters: DashboardFilters): Promise<TreatmentUptakeCell[]> {
  const parameters = new SqlParameters();
  const lines = treatmentLineSql({ regimen: null, line: filters.line }, parameters);
  const where = patientFilterSql(user, filters, parameters);
  const cohort = cohortColumn(filters.rule);
  const perClass = REGIMEN_CLASSES.map((regimen) => `count(DISTINCT x.patient_id) FILTER (WHERE x.regimen_class = '${regimen}')::int AS "${regimen}"`);
  const rows = await runAggregateQuery<{ year: number; cohort: string; metastatic: number } & Record<RegimenClass, number>>(
    user,
    `SELECT x.year, COALESCE(x.cohort::text, 'UNCLASSIFIED') AS cohort, count(DISTINCT x.patient_id)::int AS metastatic,
            ${perClass.join(",\n            ")}
       FROM (SELECT p.id AS patient_id, p.diagnosis_year + floor(l.start_day / 365.25)::int AS year, ${cohort} AS cohort, l.regimen_class
               FROM treatment_lines l
               JOIN patients p ON p.id = l.patient_id
              WHERE ${lines} AND ${where}) x
      GROUP BY x.year, x.cohort
      ORDER BY 1, 2`,
    parameters,
  );
  // Under the 3-group scheme the IHC 0 groups' rows of a year add up into HER2-0.
  const cells = new Map<string, TreatmentUptakeCell>();
  for (const row of rows) {
    const cohortKey = toCohortKey(row.cohort, filters.scheme);
    const key = `${row.year}|${cohortKey}`;
    const cell = cells.get(key) ?? { year: row.year, cohort: cohortKey, metastatic: 0, received: {}, receivedAny: 0 };
    cell.metastatic += row.metastatic;
    cell.receivedAny += row.metastatic;
    for (const regimen of REGIMEN_CLASSES) if (row[regimen] > 0) cell.received[regimen] = (cell.received[regimen] ?? 0) + row[regimen];
    cells.set(key, cell);
  }
  return [...cells.values()];
}
