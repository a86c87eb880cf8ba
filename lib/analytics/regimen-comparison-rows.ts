import "server-only";
import type { SessionUser } from "../auth/roles";
import { HER2_0_CATEGORIES } from "./cohorts";
import { SqlParameters, patientFilterSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { CLINICAL_BENEFIT_DAYS } from "./response-rates";
import { concatInt32s, idRangeSql, readInIdParts, unionOfSites, type IdRange } from "./id-parts";
import { PATIENT_CODE, SUBGROUP_CODE, decodeComparisonCells, patientSets, readInt32s, type ComparisonColumns, type PatientColumns, type SubgroupPart } from "./regimen-comparison-cells";
import { base64Sql, bytesOfBase64 } from "./packed-bytes";
import { runAggregateQuery } from "./run-query";

export type { ComparisonColumns } from "./regimen-comparison-cells";

/**
 * The patients of the regimen comparison (issue 14 §3): within the chosen HER2 cohort — by the
 * status known at the line's start (treatment_lines.her2_at_start), as every line-based endpoint —
 * each patient's earliest live line (by start day, line number, id) of either regimen class, in
 * the chosen setting and line range. Its class is the patient's arm; PFS and OS run from its start
 * (the data dictionary's definitions, §11.4). A patient counts once, so the arms are independent
 * groups; one who had both regimens is in the arm of the earlier. The patient filters apply.
 * Patients whose follow-up ends before the line started (inconsistent data) are left out.
 *
 * They come back as one row of columns, one 4-byte integer per patient each (bytea): the PFS and
 * OS keys (time × 4 + event × 2 + arm), the subgroup code of every subgroup variable and
 * adjustment covariate with the best response and measurability (PATIENT_CODE), and the site.
 * What each statistic needs — (arm, day, event) for Kaplan-Meier, the log-rank test, the Cox
 * hazard ratio and the restricted mean; with the adjustment covariates for each endpoint's
 * multivariable Cox model; with each subgroup variable's level for the forest plot; (arm, best
 * response, measurability) for the response rates — is counted from those in one counting sort
 * per statistic (decodeComparisonCells). PostgreSQL chooses the patients, their first lines and
 * their follow-up; grouping them here gave about one group per patient (below), so it is not done
 * twice. One row, not one per patient: the per-row cost of the driver made the one-row-per-patient
 * version 12 times its floor at a million patients (docs/dashboards.md §9).
 */
export async function queryComparisonRows(user: SessionUser, filters: DashboardFilters): Promise<ComparisonColumns> {
  const comparison = filters.comparison;
  // Two statements at a time over ranges of patient ids: each string_agg runs on one core
  // (docs/dashboards.md §9, eleventh round).
  const parts = await readInIdParts(user, filters, (ids) => queryComparisonPatients(user, filters, ids));
  const joined = (column: keyof PatientColumns) => concatInt32s(parts.map((part) => part.columns[column]));
  const sites = unionOfSites(parts.map((part) => part.sites));
  const sets = patientSets(
    { pfs: joined("pfs"), os: joined("os"), codes: joined("codes"), sites: joined("sites") },
    comparison.forest,
    { siteIds: sites.map((site) => site.id), siteCodes: sites.map((site) => site.code) },
  );
  return decodeComparisonCells(sets, { armA: comparison.armA, armB: comparison.armB, adjust: comparison.adjust, forest: comparison.forest });
}

/** The columns of the comparison's patients with ids in `ids`, and every site. */
async function queryComparisonPatients(user: SessionUser, filters: DashboardFilters, ids: IdRange): Promise<{ columns: PatientColumns; sites: { id: number; code: string }[] }> {
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
    idRangeSql("l.patient_id", ids, parameters),
  ];
  // 4 stands for "4 or later".
  if (comparison.lineTo < 4) lineConditions.push(`l.line_number <= ${parameters.add(comparison.lineTo)}::int`);
  // The range on the patients too, so that the merge reads only their part of the index.
  const where = `${patientFilterSql(user, filters, parameters)} AND ${idRangeSql("p.id", ids, parameters)}`;
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
  // Every part, whatever the options: the statistics take the parts they use (decodeComparisonCells).
  const subgroupCode = (Object.keys(partSql) as SubgroupPart[]).map((part) => `(${partSql[part]}) * ${SUBGROUP_CODE[part].multiplier}`).join(" + ");
  const armA = `(l.regimen_class = ${parameters.add(comparison.armA)}::"RegimenClass")::int`;
  // One row: four columns of one 4-byte integer per patient (bytea of int4send as base64:
  // packed-bytes.ts; readInt32s), in
  // the order of the patients. Not grouped here: grouped by what its statistics need, the cells
  // were as many as the patients (162,070 groups for 133,259 patients at a million, one endpoint
  // by 864 subgroup codes), and PostgreSQL's four hash tables took 250 of the query's 510 ms
  // (docs/dashboards.md §9, ninth round). decodeComparisonCells sums them as it summed the groups.
  // The lines come from treatment_lines_metastatic_regimen_idx or treatment_lines_comparison_idx and
  // the patient columns from patients_comparison_join_idx, all covering (index-only scans, see
  // AggregateQueryOptions).
  const rows = await runAggregateQuery<{ pfs: string | null; os: string | null; codes: string | null; sites: string | null; siteIds: number[] | null; siteCodes: string[] | null }>(
    user,
    `SELECT ${base64Sql("string_agg(int4send(s.pfs_key), ''::bytea)")} AS pfs, ${base64Sql("string_agg(int4send(s.os_key), ''::bytea)")} AS os,
            -- The subgroup code, the best response's code and whether the disease was measurable (PATIENT_CODE).
            ${base64Sql(`string_agg(int4send(s.code
                                + ${PATIENT_CODE.response} * CASE WHEN s.sd24 THEN 2 ELSE CASE s.best_response WHEN 'CR' THEN 0 WHEN 'PR' THEN 1 WHEN 'SD' THEN 3 WHEN 'PD' THEN 4 WHEN 'NE' THEN 5 ELSE 6 END END
                                + ${PATIENT_CODE.measurable} * s.measurable::int), ''::bytea)`)} AS codes,
            ${base64Sql("string_agg(int4send(s.site_id), ''::bytea)")} AS sites,
            (SELECT array_agg(st.id ORDER BY st.id) FROM sites st) AS "siteIds",
            (SELECT array_agg(st.code ORDER BY st.id) FROM sites st) AS "siteCodes"
       FROM (SELECT -- time × 4 + event × 2 + arm (1 for arm A), each endpoint.
                    (${pfsTime}) * 4 + (${eventDay} IS NOT NULL)::int * 2 + ${armA} AS pfs_key,
                    (${osTime}) * 4 + (${dead})::int * 2 + ${armA} AS os_key,
                    ${subgroupCode} AS code,
                    p.site_id,
                    l.best_response,
                    l.best_response = 'SD' AND ${pfsTime} >= ${CLINICAL_BENEFIT_DAYS} AS sd24,
                    l.measurability IS DISTINCT FROM 'NON_MEASURABLE' AS measurable,
                    ${pfsTime} AS pfs_time, ${osTime} AS os_time
               FROM (SELECT DISTINCT ON (l.patient_id) l.patient_id, l.regimen_class, l.start_day, l.line_number, l.progression_day,
                            l.best_response, l.measurability, l.prior_cdk46
                       FROM treatment_lines l
                      WHERE ${lineConditions.join(" AND ")}
                      ORDER BY l.patient_id, l.start_day, l.line_number, l.id) l
               JOIN patients p ON p.id = l.patient_id
              -- OFFSET 0 keeps this subquery whole: flattened, PostgreSQL evaluated the follow-up
              -- times again in the filter below. (Computing them once in a further subquery, and
              -- two 4-byte values per int8send, measured 8-14 % slower at 1M: ninth round.)
              WHERE ${where}
             OFFSET 0) s
      WHERE s.os_time >= 0 AND s.pfs_time >= 0`,
    parameters,
    // Serial: the parallel plan ran the first-line subquery in every process (see `parallel`).
    { indexesInMemory: true, parallel: false },
  );
  const row = rows[0];
  const siteCodes = row?.siteCodes ?? [];
  return {
    columns: { pfs: readInt32s(bytesOfBase64(row?.pfs)), os: readInt32s(bytesOfBase64(row?.os)), codes: readInt32s(bytesOfBase64(row?.codes)), sites: readInt32s(bytesOfBase64(row?.sites)) },
    sites: (row?.siteIds ?? []).map((id, i) => ({ id: Number(id), code: siteCodes[i] ?? "" })),
  };
}
