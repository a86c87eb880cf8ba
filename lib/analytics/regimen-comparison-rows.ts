import "server-only";
import type { SessionUser } from "../auth/roles";
import { HER2_0_CATEGORIES } from "./cohorts";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { AdjustmentCovariate, DashboardFilters } from "./filters";
import { CLINICAL_BENEFIT_DAYS } from "./response-rates";
import { SUBGROUP_CODE, decodeComparisonCells, readInt32s, type ComparisonCells, type GroupedSet, type SubgroupPart } from "./regimen-comparison-cells";
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
 * They come back counted, in one pass (GROUPING SETS): PFS and OS each by (arm, day, event,
 * subgroup code), the code holding the chosen adjustment covariates and, for the forest plot's
 * endpoint, its subgroup variables but the site; that endpoint by (arm, day, event, site); and
 * (arm, best response, measurability) for the response rates. What each statistic needs —
 * (arm, day, event) for Kaplan-Meier, the log-rank test, the Cox hazard ratio and the restricted
 * mean; with the adjustment covariates for each endpoint's multivariable Cox model; with each
 * subgroup variable's level for the forest plot — is summed from those (decodeComparisonCells). Each set
 * travels as one row of parallel arrays (bytea of 4-byte integers): the per-row cost of the driver, not PostgreSQL, made the
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
    // the DISTINCT ON order (patient, start day, line number, id), so they are not sorted (chosen
    // thanks to treatment_lines_comparison_stats: without them the planner expected a quarter of
    // the lines and sorted them from treatment_lines_metastatic_regimen_idx).
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
  const ageBand = "CASE WHEN p.age_at_diagnosis < 50 THEN 0 WHEN p.age_at_diagnosis < 70 THEN 1 ELSE 2 END";
  // Each subgroup variable and adjustment covariate as a code from 0 (SUBGROUP_CODE's order of levels).
  const partSql: Record<SubgroupPart, string> = {
    ageGroup: ageBand,
    hrStatus: "CASE p.hr_status WHEN 'NEGATIVE' THEN 0 WHEN 'POSITIVE' THEN 1 ELSE 2 END",
    menopausal: "CASE p.menopausal_status WHEN 'PREMENOPAUSAL' THEN 0 WHEN 'PERIMENOPAUSAL' THEN 1 WHEN 'POSTMENOPAUSAL' THEN 2 ELSE 3 END",
    lineGroup: "LEAST(l.line_number, 4) - 1",
    era: "CASE WHEN p.diagnosis_year < 2015 THEN 0 WHEN p.diagnosis_year < 2020 THEN 1 ELSE 2 END",
    priorCdk46: "CASE WHEN l.prior_cdk46 THEN 1 ELSE 0 END",
  };
  const adjustParts: Record<AdjustmentCovariate, SubgroupPart> = { age: "ageGroup", hr: "hrStatus", line: "lineGroup", cdk46: "priorCdk46" };
  const chosen = comparison.adjust.map((covariate) => adjustParts[covariate]);
  // An endpoint's cells are grouped by one code holding what its statistics need: the chosen
  // adjustment covariates, and for the forest plot's endpoint its subgroup variables (the site
  // apart: 25 sites times the other levels would make a group of nearly every patient).
  const codeOf = (endpoint: "pfs" | "os") => {
    const parts = new Set<SubgroupPart>(chosen);
    if (comparison.forest === endpoint) for (const part of ["ageGroup", "hrStatus", "menopausal", "lineGroup", "era"] as const) parts.add(part);
    const terms = [...parts].map((part) => `(${partSql[part]}) * ${SUBGROUP_CODE[part].multiplier}`);
    return terms.length === 0 ? "0" : terms.join(" + ");
  };
  const forestTime = comparison.forest === "pfs" ? `s."pfsTime", s."pfsEvent"` : `s."osTime", s."osEvent"`;
  const grouped = (column: string) => `GROUPING(${column}) = 0`;
  // Four grouping sets, each one hash table over the patients: every other set of cells
  // (Kaplan-Meier, adjusted model, forest variable) is a sum of an endpoint's (decodeComparisonCells).
  // With a set per statistic (9 to 11) the grouping took as long as the join.
  // Grouped by the stored values (enums, whole numbers, booleans: hashed and compared as 4 bytes
  // or less) and labelled after grouping: grouping by the text labels sorted every row's strings.
  // The lines come from treatment_lines_metastatic_regimen_idx or treatment_lines_comparison_idx and
  // the patient columns from patients_comparison_join_idx, all covering (index-only scans, see
  // AggregateQueryOptions).
  // The arrays travel as bytea of 4-byte integers (readInt32s), not as int[] text.
  const rows = await runAggregateQuery<Omit<GroupedSet, "keys" | "levels" | "counts"> & { keys: Uint8Array | null; levels: Uint8Array | null; counts: Uint8Array | null }>(
    user,
    `SELECT g.kind, string_agg(int4send(g.key::int), ''::bytea) AS keys, string_agg(int4send(g.level::int), ''::bytea) AS levels,
            string_agg(int4send(g.n), ''::bytea) AS counts,
            (SELECT array_agg(st.id ORDER BY st.id) FROM sites st) AS "siteIds",
            (SELECT array_agg(st.code ORDER BY st.id) FROM sites st) AS "siteCodes"
       FROM (SELECT CASE WHEN ${grouped("s.best_response")} THEN 'responses'
                         WHEN ${grouped("s.site_id")} THEN 'site'
                         WHEN ${grouped("s.pfs_code")} THEN 'pfs' ELSE 'os' END AS kind,
                    -- time × 4 + event × 2 + arm (decodeComparisonCells); for the responses, time 0
                    -- and whether the disease was measurable in place of the event.
                    COALESCE(s."pfsTime", s."osTime", 0) * 4
                      + (CASE WHEN ${grouped("s.best_response")} THEN s.measurable ELSE COALESCE(s."pfsEvent", s."osEvent") END)::int * 2
                      + s.a AS key,
                    -- The level as a small code (decodeComparisonCells labels it).
                    CASE WHEN ${grouped("s.best_response")}
                           THEN CASE WHEN s.sd24 THEN 2 ELSE CASE s.best_response WHEN 'CR' THEN 0 WHEN 'PR' THEN 1 WHEN 'SD' THEN 3 WHEN 'PD' THEN 4 WHEN 'NE' THEN 5 ELSE 6 END END
                         WHEN ${grouped("s.site_id")} THEN s.site_id
                         WHEN ${grouped("s.pfs_code")} THEN s.pfs_code
                         ELSE s.os_code
                    END AS level,
                    count(*)::int AS n
               FROM (SELECT (l.regimen_class = ${parameters.add(comparison.armA)}::"RegimenClass")::int AS a,
                            ${pfsTime} AS "pfsTime", ${eventDay} IS NOT NULL AS "pfsEvent",
                            ${osTime} AS "osTime", ${dead} AS "osEvent",
                            ${codeOf("pfs")} AS pfs_code,
                            ${codeOf("os")} AS os_code,
                            p.site_id,
                            l.best_response,
                            l.best_response = 'SD' AND ${pfsTime} >= ${CLINICAL_BENEFIT_DAYS} AS sd24,
                            l.measurability IS DISTINCT FROM 'NON_MEASURABLE' AS measurable
                       FROM (SELECT DISTINCT ON (l.patient_id) l.patient_id, l.regimen_class, l.start_day, l.line_number, l.progression_day,
                                    l.best_response, l.measurability, l.prior_cdk46
                               FROM treatment_lines l
                              WHERE ${lineConditions.join(" AND ")}
                              ORDER BY l.patient_id, l.start_day, l.line_number, l.id) l
                       JOIN patients p ON p.id = l.patient_id
                      -- OFFSET 0 keeps this subquery whole: flattened, PostgreSQL evaluated the
                      -- follow-up times again in the join filter and in each use (15 % of the query's
                      -- CPU at 1M); here each is computed once per patient.
                      WHERE ${where}
                     OFFSET 0) s
              WHERE s."osTime" >= 0 AND s."pfsTime" >= 0
              GROUP BY GROUPING SETS ((s.a, s."pfsTime", s."pfsEvent", s.pfs_code), (s.a, s."osTime", s."osEvent", s.os_code),
                                      (s.a, ${forestTime}, s.site_id), (s.a, s.best_response, s.sd24, s.measurable))) g
      GROUP BY g.kind`,
    parameters,
    // Four hash tables of up to 60,000 groups each: at the default work_mem they spilled to disk.
    // Serial: the parallel plan ran the first-line subquery in every process (see `parallel`).
    { indexesInMemory: true, workMemMb: 64, parallel: false },
  );
  const sets = rows.map((row): GroupedSet => ({ ...row, keys: readInt32s(row.keys), levels: readInt32s(row.levels), counts: readInt32s(row.counts) }));
  return decodeComparisonCells(sets, { armA: comparison.armA, armB: comparison.armB, adjust: comparison.adjust, forest: comparison.forest });
}
