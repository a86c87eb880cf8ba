import "server-only";
import type { SessionUser } from "../auth/roles";
import type { RegimenClass } from "../generated/prisma/enums";
import { toCohortKey, type CohortKey } from "./cohorts";
import { SqlParameters, patientFilterSql, treatmentLineSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { runAggregateQuery } from "./run-query";

export type ResponseCounts = {
  regimen: RegimenClass;
  cohort: CohortKey;
  /** Patients treated with the regimen (first matching line each). */
  treated: number;
  /** Of those, lines with a recorded best overall response (CR, PR, SD, PD or NE). */
  assessed: number;
  /** CR or PR: objective response. */
  responders: number;
  /** CR, PR or SD: disease control. */
  controlled: number;
};

/**
 * Best overall response (RECIST 1.1) by regimen class and cohort, for the chosen regimen class
 * (every class when "ANY") and metastatic line (issue 7 §4). Each patient counts once per regimen class, with the first matching line
 * (by start day, then line number): the same line the PFS curve of that regimen uses, grouped
 * like it by the HER2 status known at the line's start (treatment_lines.her2_at_start), whatever
 * the cohort rule. Lines without a recorded response are not assessed and leave the denominator;
 * NE stays in it (not evaluable counts as a non-response, as RECIST response rates report it).
 * Under the 3-group scheme the IHC 0 groups' counts add up into HER2-0.
 */
export async function countResponsesByRegimen(user: SessionUser, filters: DashboardFilters): Promise<ResponseCounts[]> {
  const parameters = new SqlParameters();
  const lines = treatmentLineSql({ regimen: filters.regimen, line: filters.line }, parameters);
  const where = patientFilterSql(user, filters, parameters);
  const rows = await runAggregateQuery<Omit<ResponseCounts, "cohort"> & { cohort: string }>(
    `SELECT l.regimen_class::text AS regimen, COALESCE(l.her2_at_start::text, 'UNCLASSIFIED') AS cohort,
            count(*)::int AS treated,
            count(l.best_response)::int AS assessed,
            count(*) FILTER (WHERE l.best_response IN ('CR', 'PR'))::int AS responders,
            count(*) FILTER (WHERE l.best_response IN ('CR', 'PR', 'SD'))::int AS controlled
       FROM (SELECT DISTINCT ON (l.patient_id, l.regimen_class) l.patient_id, l.regimen_class, l.best_response, l.her2_at_start
               FROM treatment_lines l
              WHERE ${lines}
              ORDER BY l.patient_id, l.regimen_class, l.start_day, l.line_number, l.id) l
       JOIN patients p ON p.id = l.patient_id
      WHERE ${where}
      GROUP BY l.regimen_class, l.her2_at_start`,
    parameters,
    { indexesInMemory: true },
  );
  const merged = new Map<string, ResponseCounts>();
  for (const row of rows) {
    const cohort = toCohortKey(row.cohort, filters.scheme);
    const key = `${row.regimen}|${cohort}`;
    const cell = merged.get(key) ?? { regimen: row.regimen, cohort, treated: 0, assessed: 0, responders: 0, controlled: 0 };
    cell.treated += row.treated;
    cell.assessed += row.assessed;
    cell.responders += row.responders;
    cell.controlled += row.controlled;
    merged.set(key, cell);
  }
  return [...merged.values()];
}
