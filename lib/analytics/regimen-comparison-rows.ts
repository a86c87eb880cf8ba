import "server-only";
import type { SessionUser } from "../auth/roles";
import { HER2_0_CATEGORIES } from "./cohorts";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { CLINICAL_BENEFIT_DAYS } from "./response-rates";
import { decodeComparisonCells, type ComparisonCells, type GroupedSet } from "./regimen-comparison-cells";
import { runAggregateQuery } from "./run-query";

export type { ComparisonCells } from "./regimen-comparison-cells";

/**
 * The patients of the regimen comparison (issue 14 §3): within the chosen HER2 cohort — by the
 * status known at the line's start (treatment_lines.her2_at_start), as every line-based endpoint —
 * each patient's earliest live line (by start day, line number, id) of either regimen class, in
 * the chosen setting and line range. Its class is the patient's arm; PFS and OS run from its start
 * (the data dictionary's definitions, §11.4). A patient counts once, so the arms are independent
 * groups; one who had both regimens is in the arm of the earlier. The patient filters apply.
 * Patients whose follow-up ends before the line started (inconsistent data) are left out.
 *
 * They come back counted, in one pass (GROUPING SETS), by what each statistic needs: PFS and OS
 * by (arm, day, event) for Kaplan-Meier, the log-rank test, the Cox hazard ratio and the
 * restricted mean; by (arm, day, event, chosen adjustment covariates) for each endpoint's
 * multivariable Cox model; the forest plot's endpoint by (arm, day, event, level) for each
 * subgroup variable; and (arm, best response, measurability) for the response rates. Each set
 * travels as one row of parallel arrays: the per-row cost of the driver, not PostgreSQL, made the
 * one-row-per-patient version 12 times its floor at a million patients (docs/dashboards.md §9).
 */
export async function queryComparisonRows(user: SessionUser, filters: DashboardFilters): Promise<ComparisonCells> {
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
  const adjust = comparison.adjust;
  const ageBand = "CASE WHEN p.age_at_diagnosis < 50 THEN 0 WHEN p.age_at_diagnosis < 70 THEN 1 ELSE 2 END";
  // The chosen covariates in one small code (decodeAdjustment): 0 for the ones not chosen.
  const adjustTerms = [
    adjust.includes("age") ? `${ageBand} * 24` : null,
    adjust.includes("hr") ? "(CASE p.hr_status WHEN 'NEGATIVE' THEN 0 WHEN 'POSITIVE' THEN 1 ELSE 2 END) * 8" : null,
    adjust.includes("line") ? "(LEAST(l.line_number, 4) - 1) * 2" : null,
    adjust.includes("cdk46") ? "(CASE WHEN l.prior_cdk46 THEN 1 ELSE 0 END)" : null,
  ].filter((term): term is string => term !== null);
  const forestTime = comparison.forest === "pfs" ? `s."pfsTime", s."pfsEvent"` : `s."osTime", s."osEvent"`;
  // GROUPING() accepts only columns of some grouping set: s.adj is named only when it is grouped.
  const adjusting = adjustTerms.length > 0;
  const adjustedSets = !adjusting ? [] : [`(s.a, s."pfsTime", s."pfsEvent", s.adj)`, `(s.a, s."osTime", s."osEvent", s.adj)`];
  const groupingSets = [
    `(s.a, s."pfsTime", s."pfsEvent")`,
    `(s.a, s."osTime", s."osEvent")`,
    ...adjustedSets,
    ...["s.age_band", "s.hr_status", "s.menopausal_status", "s.line", "s.site_id", "s.era_band"].map((column) => `(s.a, ${forestTime}, ${column})`),
    `(s.a, s.best_response, s.sd24, s.measurable)`,
  ];
  const grouped = (column: string) => `GROUPING(${column}) = 0`;
  // Grouped by the stored values (enums, whole numbers, booleans: hashed and compared as 4 bytes
  // or less) and labelled after grouping: grouping by the text labels sorted every row's strings.
  // The lines come from treatment_lines_comparison_idx and the patient columns from
  // patients_comparison_join_idx, both covering (index-only scans, see AggregateQueryOptions).
  const sets = await runAggregateQuery<GroupedSet>(
    user,
    `SELECT g.kind, array_agg(g.key) AS keys, array_agg(g.level) AS levels, array_agg(g.n) AS counts,
            (SELECT array_agg(st.id ORDER BY st.id) FROM sites st) AS "siteIds",
            (SELECT array_agg(st.code ORDER BY st.id) FROM sites st) AS "siteCodes"
       FROM (SELECT CASE WHEN ${grouped("s.best_response")} THEN 'responses'
                         ${adjusting ? `WHEN ${grouped("s.adj")} THEN CASE WHEN ${grouped(`s."pfsTime"`)} THEN 'adjusted-pfs' ELSE 'adjusted-os' END` : ""}
                         WHEN ${grouped("s.age_band")} THEN 'ageGroup'
                         WHEN ${grouped("s.hr_status")} THEN 'hrStatus'
                         WHEN ${grouped("s.menopausal_status")} THEN 'menopausal'
                         WHEN ${grouped("s.line")} THEN 'lineGroup'
                         WHEN ${grouped("s.site_id")} THEN 'site'
                         WHEN ${grouped("s.era_band")} THEN 'era'
                         WHEN ${grouped(`s."pfsTime"`)} THEN 'pfs' ELSE 'os' END AS kind,
                    -- time × 4 + event × 2 + arm (decodeComparisonCells); for the responses, time 0
                    -- and whether the disease was measurable in place of the event.
                    COALESCE(s."pfsTime", s."osTime", 0) * 4
                      + (CASE WHEN ${grouped("s.best_response")} THEN s.measurable ELSE COALESCE(s."pfsEvent", s."osEvent") END)::int * 2
                      + s.a AS key,
                    -- The level as a small code (decodeComparisonCells labels it).
                    CASE WHEN ${grouped("s.best_response")}
                           THEN CASE WHEN s.sd24 THEN 2 ELSE CASE s.best_response WHEN 'CR' THEN 0 WHEN 'PR' THEN 1 WHEN 'SD' THEN 3 WHEN 'PD' THEN 4 WHEN 'NE' THEN 5 ELSE 6 END END
                         ${adjusting ? `WHEN ${grouped("s.adj")} THEN s.adj` : ""}
                         WHEN ${grouped("s.age_band")} THEN s.age_band
                         WHEN ${grouped("s.hr_status")} THEN CASE s.hr_status WHEN 'NEGATIVE' THEN 0 WHEN 'POSITIVE' THEN 1 ELSE 2 END
                         WHEN ${grouped("s.menopausal_status")} THEN CASE s.menopausal_status WHEN 'PREMENOPAUSAL' THEN 0 WHEN 'PERIMENOPAUSAL' THEN 1 WHEN 'POSTMENOPAUSAL' THEN 2 ELSE 3 END
                         WHEN ${grouped("s.line")} THEN s.line
                         WHEN ${grouped("s.site_id")} THEN s.site_id
                         WHEN ${grouped("s.era_band")} THEN s.era_band
                         ELSE 0
                    END AS level,
                    count(*)::int AS n
               FROM (SELECT (l.regimen_class = ${parameters.add(comparison.armA)}::"RegimenClass")::int AS a,
                            ${pfsTime} AS "pfsTime", ${eventDay} IS NOT NULL AS "pfsEvent",
                            ${osTime} AS "osTime", ${dead} AS "osEvent",
                            ${ageBand} AS age_band,
                            p.hr_status, p.menopausal_status,
                            LEAST(l.line_number, 4) AS line,
                            p.site_id,
                            CASE WHEN p.diagnosis_year < 2015 THEN 0 WHEN p.diagnosis_year < 2020 THEN 1 ELSE 2 END AS era_band,
                            l.prior_cdk46 AS "priorCdk46",
                            l.best_response,
                            l.best_response = 'SD' AND ${pfsTime} >= ${CLINICAL_BENEFIT_DAYS} AS sd24,
                            l.measurability IS DISTINCT FROM 'NON_MEASURABLE' AS measurable,
                            ${adjustTerms.length === 0 ? "0" : adjustTerms.join(" + ")} AS adj
                       FROM (SELECT DISTINCT ON (l.patient_id) l.patient_id, l.regimen_class, l.start_day, l.line_number, l.progression_day,
                                    l.best_response, l.measurability, l.prior_cdk46
                               FROM treatment_lines l
                              WHERE ${lineConditions.join(" AND ")}
                              ORDER BY l.patient_id, l.start_day, l.line_number, l.id) l
                       JOIN patients p ON p.id = l.patient_id
                      WHERE ${where}) s
              WHERE s."osTime" >= 0 AND s."pfsTime" >= 0
              GROUP BY GROUPING SETS (${groupingSets.join(", ")})) g
      GROUP BY g.kind`,
    parameters,
    // Eleven hash tables of up to 50,000 groups each: at the default work_mem they spilled to disk.
    { indexesInMemory: true, workMemMb: 64 },
  );
  return decodeComparisonCells(sets, comparison.armA, comparison.armB);
}
