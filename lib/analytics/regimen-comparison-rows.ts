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
    // One category as an equality: then treatment_lines_comparison_idx returns the lines already in
    // the DISTINCT ON order (patient, start day, line number, id), so they are not sorted.
    categories.length === 1
      ? `l.her2_at_start = ${parameters.add(categories[0])}::"Her2Category"`
      : `l.her2_at_start = ANY(${parameters.add(categories)}::"Her2Category"[])`,
    `l.line_number >= ${parameters.add(comparison.lineFrom)}::int`,
  ];
  // 4 stands for "4 or later".
  if (comparison.lineTo < 4) lineConditions.push(`l.line_number <= ${parameters.add(comparison.lineTo)}::int`);
  const where = patientFilterSql(user, filters, parameters);
  const dead = "p.vital_status = 'DEAD'";
  const eventDay = `LEAST(l.progression_day, CASE WHEN ${dead} THEN p.days_to_death END)`;
  const pfsTime = `COALESCE(${eventDay}, p.days_to_last_contact) - l.start_day`;
  const osTime = `CASE WHEN ${dead} THEN p.days_to_death ELSE p.days_to_last_contact END - l.start_day`;
  // Grouped by the stored values (enums, whole numbers, booleans: hashed and compared as 4 bytes
  // or less) and labelled after grouping: grouping by the text labels sorted every row's strings.
  // The lines come from treatment_lines_comparison_idx and the patient columns from
  // patients_comparison_join_idx, both covering (index-only scans, see AggregateQueryOptions).
  const rows = await runAggregateQuery<ComparisonRow>(
    `SELECT g.arm::text AS arm, g."pfsTime", g."pfsEvent", g."osTime", g."osEvent",
            CASE g.age_band WHEN 0 THEN 'Under 50' WHEN 1 THEN '50-69' ELSE '70 or older' END AS "ageGroup",
            COALESCE(g.hr_status::text, 'UNKNOWN') AS "hrStatus",
            COALESCE(g.menopausal_status::text, 'UNKNOWN') AS menopausal,
            CASE WHEN g.line >= 4 THEN '4 or later' ELSE g.line::text END AS "lineGroup",
            st.code AS site,
            CASE g.era_band WHEN 0 THEN 'Before 2015' WHEN 1 THEN '2015-2019' ELSE '2020 or later' END AS era,
            g."priorCdk46",
            CASE WHEN g.sd24 THEN 'SD24' ELSE g.best_response::text END AS response,
            g.measurable, g.n
       FROM (SELECT s.arm, s."pfsTime", s."pfsEvent", s."osTime", s."osEvent", s.age_band, s.hr_status, s.menopausal_status, s.line,
                    s.site_id, s.era_band, s."priorCdk46", s.best_response, s.sd24, s.measurable, count(*)::int AS n
               FROM (SELECT l.regimen_class AS arm,
                            ${pfsTime} AS "pfsTime", ${eventDay} IS NOT NULL AS "pfsEvent",
                            ${osTime} AS "osTime", ${dead} AS "osEvent",
                            CASE WHEN p.age_at_diagnosis < 50 THEN 0 WHEN p.age_at_diagnosis < 70 THEN 1 ELSE 2 END AS age_band,
                            p.hr_status, p.menopausal_status,
                            LEAST(l.line_number, 4) AS line,
                            p.site_id,
                            CASE WHEN p.diagnosis_year < 2015 THEN 0 WHEN p.diagnosis_year < 2020 THEN 1 ELSE 2 END AS era_band,
                            l.prior_cdk46 AS "priorCdk46",
                            l.best_response,
                            l.best_response = 'SD' AND ${pfsTime} >= ${CLINICAL_BENEFIT_DAYS} AS sd24,
                            l.measurability IS DISTINCT FROM 'NON_MEASURABLE' AS measurable
                       FROM (SELECT DISTINCT ON (l.patient_id) l.patient_id, l.regimen_class, l.start_day, l.line_number, l.progression_day,
                                    l.best_response, l.measurability, l.prior_cdk46
                               FROM treatment_lines l
                              WHERE ${lineConditions.join(" AND ")}
                              ORDER BY l.patient_id, l.start_day, l.line_number, l.id) l
                       JOIN patients p ON p.id = l.patient_id
                      WHERE ${where}) s
              WHERE s."osTime" >= 0 AND s."pfsTime" >= 0
              GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) g
       JOIN sites st ON st.id = g.site_id`,
    parameters,
    { indexesInMemory: true },
  );
  return rows;
}
