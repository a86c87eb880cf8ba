import "server-only";
import type { SessionUser } from "../auth/roles";
import { HER2_0_CATEGORIES } from "./cohorts";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { CLINICAL_BENEFIT_DAYS } from "./response-rates";
import { runAggregateQuery } from "./run-query";

/**
 * One cell of the regimen comparison: patients with the same arm, follow-up, response and
 * subgroup levels (`n` of them). Close to one row per patient, but aggregated in PostgreSQL, so
 * only distinct combinations travel; the Cox models expand them (lib/analytics/regimen-comparison.ts).
 */
export type ComparisonRow = {
  arm: string;
  pfsTime: number;
  pfsEvent: boolean;
  osTime: number;
  osEvent: boolean;
  /** Subgroup levels (the forest plot) and adjustment covariates. */
  ageGroup: string;
  hrStatus: string;
  menopausal: string;
  lineGroup: string;
  site: string;
  era: string;
  priorCdk46: boolean;
  /** CR, PR, SD24 (stable ≥ 24 weeks), SD, PD, NE, or null (not assessed). */
  response: string | null;
  measurable: boolean;
  n: number;
};

/**
 * The patients of the regimen comparison (issue 14 §3): within the chosen HER2 cohort — by the
 * status known at the line's start (treatment_lines.her2_at_start), as every line-based endpoint —
 * each patient's earliest live line (by start day, line number, id) of either regimen class, in
 * the chosen setting and line range. Its class is the patient's arm; PFS and OS run from its start
 * (the data dictionary's definitions, §11.4). A patient counts once, so the arms are independent
 * groups; one who had both regimens is in the arm of the earlier. The patient filters apply.
 * Patients whose follow-up ends before the line started (inconsistent data) are left out.
 */
export async function queryComparisonRows(user: SessionUser, filters: DashboardFilters): Promise<ComparisonRow[]> {
  const comparison = filters.comparison;
  const parameters = new SqlParameters();
  const categories = comparison.cohort === "HER2_0" ? [...HER2_0_CATEGORIES] : [comparison.cohort];
  const lineConditions = [
    "l.deleted_at IS NULL",
    `l.setting = ${parameters.add(comparison.setting)}::"TreatmentSetting"`,
    `l.regimen_class = ANY(${parameters.add([comparison.armA, comparison.armB])}::"RegimenClass"[])`,
    `l.her2_at_start = ANY(${parameters.add(categories)}::"Her2Category"[])`,
    `l.line_number >= ${parameters.add(comparison.lineFrom)}::int`,
  ];
  // 4 stands for "4 or later".
  if (comparison.lineTo < 4) lineConditions.push(`l.line_number <= ${parameters.add(comparison.lineTo)}::int`);
  const where = patientFilterSql(user, filters, parameters);
  const dead = "p.vital_status = 'DEAD'";
  const eventDay = `LEAST(l.progression_day, CASE WHEN ${dead} THEN p.days_to_death END)`;
  const pfsTime = `COALESCE(${eventDay}, p.days_to_last_contact) - l.start_day`;
  const osTime = `CASE WHEN ${dead} THEN p.days_to_death ELSE p.days_to_last_contact END - l.start_day`;
  const rows = await runAggregateQuery<ComparisonRow>(
    user,
    `SELECT s.arm, s."pfsTime", s."pfsEvent", s."osTime", s."osEvent", s."ageGroup", s."hrStatus", s.menopausal, s."lineGroup",
            s.site, s.era, s."priorCdk46", s.response, s.measurable, count(*)::int AS n
       FROM (SELECT l.regimen_class::text AS arm,
                    ${pfsTime} AS "pfsTime", ${eventDay} IS NOT NULL AS "pfsEvent",
                    ${osTime} AS "osTime", ${dead} AS "osEvent",
                    CASE WHEN p.age_at_diagnosis < 50 THEN 'Under 50' WHEN p.age_at_diagnosis < 70 THEN '50-69' ELSE '70 or older' END AS "ageGroup",
                    COALESCE(p.hr_status::text, 'UNKNOWN') AS "hrStatus",
                    COALESCE(p.menopausal_status::text, 'UNKNOWN') AS menopausal,
                    CASE WHEN l.line_number >= 4 THEN '4 or later' ELSE l.line_number::text END AS "lineGroup",
                    st.code AS site,
                    CASE WHEN p.diagnosis_year < 2015 THEN 'Before 2015' WHEN p.diagnosis_year < 2020 THEN '2015-2019' ELSE '2020 or later' END AS era,
                    EXISTS (SELECT 1 FROM treatment_lines q
                             WHERE q.patient_id = l.patient_id AND q.deleted_at IS NULL
                               AND q.regimen_class = 'ENDOCRINE_CDK46' AND q.start_day < l.start_day) AS "priorCdk46",
                    CASE WHEN l.best_response = 'SD' AND ${pfsTime} >= ${CLINICAL_BENEFIT_DAYS} THEN 'SD24' ELSE l.best_response::text END AS response,
                    l.measurability IS DISTINCT FROM 'NON_MEASURABLE' AS measurable
               FROM (SELECT DISTINCT ON (l.patient_id) l.patient_id, l.regimen_class, l.start_day, l.line_number, l.progression_day,
                            l.best_response, l.measurability
                       FROM treatment_lines l
                      WHERE ${lineConditions.join(" AND ")}
                      ORDER BY l.patient_id, l.start_day, l.line_number, l.id) l
               JOIN patients p ON p.id = l.patient_id
               JOIN sites st ON st.id = p.site_id
              WHERE ${where}) s
      WHERE s."osTime" >= 0 AND s."pfsTime" >= 0
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14`,
    parameters,
  );
  return rows;
}
