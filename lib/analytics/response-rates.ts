import "server-only";
import type { SessionUser } from "../auth/roles";
import type { RegimenClass } from "../generated/prisma/enums";
import { toCohortKey, type CohortKey } from "./cohorts";
import { SqlParameters, patientFilterSql, treatmentLineSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { idRangeSql, readInIdParts, type IdRange } from "./id-parts";
import { runAggregateQuery } from "./run-query";

export type ResponseCounts = {
  regimen: RegimenClass;
  cohort: CohortKey;
  /** Patients treated with the regimen (first matching line each). */
  treated: number;
  /** Of those, lines with a recorded best overall response (CR, PR, SD, PD or NE) not marked non-measurable. */
  assessed: number;
  /** Lines with a recorded response but non-measurable disease only: out of the rates, shown as a count. */
  nonMeasurable: number;
  /** CR or PR: objective response. */
  responders: number;
  /** CR or PR confirmed by a second assessment at least 4 weeks later. */
  confirmedResponders: number;
  /** CR, PR or SD: disease control. */
  controlled: number;
  /** CR, PR, or SD lasting at least 24 weeks from the line's start: clinical benefit. */
  clinicalBenefit: number;
};

/** Stable disease counts towards clinical benefit when it lasts at least 24 weeks (168 days). */
export const CLINICAL_BENEFIT_DAYS = 168;

/**
 * Best overall response (RECIST 1.1) by regimen class and cohort, for the chosen regimen class
 * (every class when "ANY") and metastatic line (issue 7 §4). Each patient counts once per regimen class, with the first matching line
 * (by start day, then line number): the same line the PFS curve of that regimen uses, grouped
 * like it by the HER2 status known at the line's start (treatment_lines.her2_at_start), whatever
 * the cohort rule. Lines without a recorded response are not assessed and leave the denominator;
 * NE stays in it (not evaluable counts as a non-response, as RECIST response rates report it).
 * Lines marked non-measurable (RECIST: no target lesion) leave every rate's denominator too and
 * are counted apart; a line with no measurability recorded stays in. Clinical benefit is CR, PR,
 * or SD whose progression-free time (to progression, death or, with neither, the last contact)
 * reaches 24 weeks.
 * Under the 3-group scheme the IHC 0 groups' counts add up into HER2-0.
 */
export async function countResponsesByRegimen(user: SessionUser, filters: DashboardFilters): Promise<ResponseCounts[]> {
  // Two ranges of patient ids at once for a view of the whole registry, as the survival records
  // (survival-records.ts): the parts' counts are added up below.
  const parts = await readInIdParts(user, filters, (ids) => countResponseRows(user, filters, ids), { grouped: true });
  const merged = new Map<string, ResponseCounts>();
  for (const row of parts.flat()) {
    const cohort = toCohortKey(row.cohort, filters.scheme);
    const key = `${row.regimen}|${cohort}`;
    const cell = merged.get(key) ?? { regimen: row.regimen, cohort, treated: 0, assessed: 0, nonMeasurable: 0, responders: 0, confirmedResponders: 0, controlled: 0, clinicalBenefit: 0 };
    for (const field of ["treated", "assessed", "nonMeasurable", "responders", "confirmedResponders", "controlled", "clinicalBenefit"] as const) cell[field] += row[field];
    merged.set(key, cell);
  }
  return [...merged.values()];
}

/** The counts of the patients with ids in `ids` (null: all) by regimen and stored HER2 status at the line's start. */
async function countResponseRows(user: SessionUser, filters: DashboardFilters, ids: IdRange): Promise<(Omit<ResponseCounts, "cohort"> & { cohort: string })[]> {
  const parameters = new SqlParameters();
  const lines = treatmentLineSql({ regimen: filters.regimen, line: filters.line }, parameters);
  const where = patientFilterSql(user, filters, parameters);
  const measurable = "l.measurability IS DISTINCT FROM 'NON_MEASURABLE'";
  const progressionFree = "COALESCE(LEAST(l.progression_day, CASE WHEN p.vital_status = 'DEAD' THEN p.days_to_death END), p.days_to_last_contact)";
  return runAggregateQuery<Omit<ResponseCounts, "cohort"> & { cohort: string }>(
    user,
    `SELECT l.regimen_class::text AS regimen, COALESCE(l.her2_at_start::text, 'UNCLASSIFIED') AS cohort,
            count(*)::int AS treated,
            count(*) FILTER (WHERE l.best_response IS NOT NULL AND ${measurable})::int AS assessed,
            count(*) FILTER (WHERE l.best_response IS NOT NULL AND l.measurability = 'NON_MEASURABLE')::int AS "nonMeasurable",
            count(*) FILTER (WHERE l.best_response IN ('CR', 'PR') AND ${measurable})::int AS responders,
            count(*) FILTER (WHERE l.best_response IN ('CR', 'PR') AND l.response_confirmation = 'CONFIRMED' AND ${measurable})::int AS "confirmedResponders",
            count(*) FILTER (WHERE l.best_response IN ('CR', 'PR', 'SD') AND ${measurable})::int AS controlled,
            count(*) FILTER (WHERE ${measurable} AND (l.best_response IN ('CR', 'PR')
                               OR (l.best_response = 'SD' AND ${progressionFree} - l.start_day >= ${CLINICAL_BENEFIT_DAYS})))::int AS "clinicalBenefit"
       FROM (SELECT DISTINCT ON (l.patient_id, l.regimen_class) l.patient_id, l.regimen_class, l.best_response, l.her2_at_start,
                    l.measurability, l.response_confirmation, l.start_day, l.progression_day
               FROM treatment_lines l
              WHERE ${lines} AND ${idRangeSql("l.patient_id", ids, parameters)}
              ORDER BY l.patient_id, l.regimen_class, l.start_day, l.line_number, l.id) l
       JOIN patients p ON p.id = l.patient_id
      WHERE ${where} AND ${idRangeSql("p.id", ids, parameters)}
      GROUP BY l.regimen_class, l.her2_at_start`,
    parameters,
    // A part runs serially, as the survival records' parts do.
    { indexesInMemory: true, ...(ids === null ? {} : { parallel: false as const }) },
  );
}
