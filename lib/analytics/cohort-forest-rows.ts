import "server-only";
import type { SessionUser } from "../auth/roles";
import { HrStatus, MenopausalStatus } from "../generated/prisma/enums";
import { cohortForestCategories, type CohortForestColumns, type CohortForestVariable, type ForestColumns } from "./cohort-forest";
import { ForestCellCounter, PACKED_PATIENT, codeMultipliers, unpackForestPatients, type CodedVariable, type ForestPatients } from "./cohort-forest-patients";
import { SqlParameters, cohortColumn, patientFilterSql, treatmentLineSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { idRangeSql, readInIdParts, type IdRange } from "./id-parts";
import { base64Sql, bytesOfBase64 } from "./packed-bytes";
import { runAggregateQuery } from "./run-query";

/**
 * One cell of the cohort forest plot: the `n` patients of one arm (`cohort`: its cohort key)
 * with the same follow-up (`time` in days, `event`) in one level of one subgroup variable.
 * Variable "all" (level "all") holds every patient once: the overall row.
 */
export type CohortForestRow = {
  variable: CohortForestVariable | "all";
  level: string;
  /**
   * The arm's cohort key (filters.cohortForest.cohort or .reference, e.g. "LOW" or "HER2_0"): the
   * patients of every stored category of the arm (HER2-0 = null + ultralow + not specified) in one
   * cell, as the statistics read them. Counting per stored category made about 60 % more cells
   * (and rows) for OS from diagnosis, only for the analysis to add them up again.
   */
  cohort: string;
  time: number;
  event: boolean;
  n: number;
};

/**
 * The multipliers of patients.subgroup_code, which PostgreSQL computes on every write for OS from
 * diagnosis (age band, HR status, menopausal status, era: migration 20261205160000_forest_os_columns).
 * The OS forest's levels must make the same (queryForestPatients checks).
 */
const STORED_CODE_MULTIPLIERS = [1, 4, 16, 80];

/** One level of one coded subgroup variable: its name in the rows and its condition on the row `f` of a line endpoint (OS reads the stored code). */
type LevelColumn = { level: string; condition: string };

type CodedLevels = { variable: CodedVariable["variable"]; levels: LevelColumn[] };

/** Levels whose value is missing are named UNKNOWN, as the regimen comparison's forest names them. */
function enumLevels(column: string, values: readonly string[]): LevelColumn[] {
  return [...values.map((value) => ({ level: value, condition: `${column} = '${value}'` })), { level: "UNKNOWN", condition: `${column} IS NULL` }];
}

/**
 * The patients of the cohort view's current endpoint in the two compared cohorts (issue 14 §4),
 * counted per (subgroup variable, level, arm, day, event). The patients, their time zero,
 * follow-up and cohort are exactly those of the cohort curves (survival-records.ts
 * scanSurvivalRecords): OS from diagnosis groups by the cohort rule's column; the line endpoints
 * take each patient's earliest matching line (start day, line number, id) and group by the HER2
 * status known at its start (her2_at_start), whatever the rule. Only then are the two cohorts'
 * categories kept, so a patient's line is never chosen by the cohort. Negative times (follow-up
 * ending before the line, inconsistent data) are left out, as in the curves. The subgroup levels
 * are those of the regimen comparison's forest (regimen-comparison-rows.ts); "line" exists for
 * the line endpoints only.
 *
 * PostgreSQL returns one 8-byte entry per patient (key, subgroup code, site: PACKED_PATIENT) in
 * one `bytea` (sent as base64: packed-bytes.ts), over ranges of patient ids read two at a time
 * (readInIdParts), and the cells are counted here, each part as it arrives (ForestCellCounter).
 * A `count(*) FILTER` per level in one
 * GROUP BY (arm, day, event) took 1.3-1.6 s for OS from diagnosis at a million patients, 7.5-8.9
 * times its floor: 38 conditions tested on each of 846,725 patients, on one core per statement,
 * for 19,723 cells (docs/dashboards.md §9, tenth round).
 */
export async function queryCohortForestCells(user: SessionUser, filters: DashboardFilters): Promise<CohortForestColumns> {
  const byLine = filters.endpoint !== "os";
  const variables: CodedLevels[] = [
    {
      variable: "ageGroup",
      levels: [
        ["Under 50", 0],
        ["50-69", 1],
        ["70 or older", 2],
      ].map(([level, band]) => ({ level: String(level), condition: `f.age_band = ${band}` })),
    },
    { variable: "hrStatus", levels: enumLevels("f.hr_status", Object.values(HrStatus)) },
    { variable: "menopausal", levels: enumLevels("f.menopausal_status", Object.values(MenopausalStatus)) },
    ...(byLine
      ? [
          {
            variable: "lineGroup" as const,
            levels: [...["1", "2", "3"].map((line) => ({ level: line, condition: `f.line = ${line}` })), { level: "4 or later", condition: "f.line >= 4" }],
          },
        ]
      : []),
    {
      variable: "era",
      levels: [
        ["Before 2015", 0],
        ["2015-2019", 1],
        ["2020 or later", 2],
      ].map(([level, band]) => ({ level: String(level), condition: `f.era_band = ${band}` })),
    },
  ];
  const coded = variables.map(({ variable, levels }) => ({ variable, levels: levels.map((level) => level.level) }));
  const counter = new ForestCellCounter(coded);
  // Each part counted as it arrives, while PostgreSQL still reads the next.
  await readInIdParts(user, filters, async (ids) => {
    const part = await queryForestPatients(user, filters, variables, ids);
    counter.add(part.patients, part.sites);
  });
  const { columns, unlistedSites } = counter.columns();
  // Each part's sites are read in its own statement, so every patient's site is among them.
  if (unlistedSites > 0) throw new Error(`${unlistedSites} patients of the cohort forest have a site that was not read.`);
  return columns;
}

/** The same cells as one object each, the arm named by its cohort key (for the tests' comparison with a per-patient count). */
export async function queryCohortForestRows(user: SessionUser, filters: DashboardFilters): Promise<CohortForestRow[]> {
  const { all, variables } = await queryCohortForestCells(user, filters);
  const rows: CohortForestRow[] = [];
  const add = (variable: CohortForestRow["variable"], columns: ForestColumns) => {
    for (let i = 0; i < columns.n.length; i++) {
      const cohort = columns.arm[i] === 1 ? filters.cohortForest.cohort : filters.cohortForest.reference;
      rows.push({ variable, level: columns.levels[columns.level[i] ?? 0] ?? "", cohort, time: columns.time[i] ?? 0, event: columns.event[i] === 1, n: columns.n[i] ?? 0 });
    }
  };
  add("all", all);
  for (const [variable, columns] of Object.entries(variables) as [CohortForestVariable, ForestColumns][]) add(variable, columns);
  return rows;
}

/**
 * The patients of both arms with ids in `ids`, as ForestPatients, and every site (in one row:
 * as a row per patient the driver's parsing would take longer than the query).
 */
async function queryForestPatients(
  user: SessionUser,
  filters: DashboardFilters,
  variables: readonly CodedLevels[],
  ids: IdRange,
): Promise<{ patients: ForestPatients; sites: { id: number; code: string }[] }> {
  const { cohort, reference } = filters.cohortForest;
  const cohortCategories = cohortForestCategories(cohort);
  const categories = [...new Set([...cohortCategories, ...cohortForestCategories(reference)])];
  const parameters = new SqlParameters();
  const multipliers = codeMultipliers(variables.map(({ variable, levels }) => ({ variable, levels: levels.map((level) => level.level) })));
  // Each patient's cohort, key before the arm bit (time × 4 + event × 2: negative when the time is)
  // and subgroup code, from one source row per patient.
  let source: string;
  if (filters.endpoint === "os") {
    // Stored by PostgreSQL on every write (generated columns, in patients_outcome_join_idx):
    // computing them here was a third of the query (migration 20261205160000_forest_os_columns).
    if (multipliers.join(",") !== STORED_CODE_MULTIPLIERS.join(",")) throw new Error(`The stored subgroup codes have multipliers ${STORED_CODE_MULTIPLIERS.join(", ")}, the OS forest's levels ${multipliers.join(", ")}.`);
    source = `SELECT ${cohortColumn(filters.rule)} AS cohort, p.os_key AS key, p.subgroup_code AS code, p.site_id
                FROM patients p
               WHERE ${patientFilterSql(user, filters, parameters)} AND ${idRangeSql("p.id", ids, parameters)}`;
  } else {
    const lines = treatmentLineSql({ regimen: filters.regimen, line: filters.line }, parameters);
    const where = patientFilterSql(user, filters, parameters);
    const dead = "p.vital_status = 'DEAD'";
    const osDay = `CASE WHEN ${dead} THEN p.days_to_death ELSE p.days_to_last_contact END`;
    const eventDay = `LEAST(l.progression_day, CASE WHEN ${dead} THEN p.days_to_death END)`;
    const [time, event] =
      filters.endpoint === "pfs" ? [`COALESCE(${eventDay}, p.days_to_last_contact) - l.start_day`, `${eventDay} IS NOT NULL`] : [`${osDay} - l.start_day`, dead];
    // Each variable's part: the index of the first level whose condition holds on the row `f`, or
    // the number of its levels (in none). The multipliers are whole numbers computed here, never input.
    const code = variables
      .map(({ levels }, v) => {
        const cases = levels.map((level, index) => `WHEN ${level.condition} THEN ${index}`).join(" ");
        return `(CASE ${cases} ELSE ${levels.length} END) * ${multipliers[v] ?? 1}`;
      })
      .join(" + ");
    source = `SELECT f.cohort, f.time * 4 + f.event::int * 2 AS key, ${code || "0"} AS code, f.site_id
                FROM (SELECT l.her2_at_start AS cohort, ${time} AS time, ${event} AS event, LEAST(l.line_number, 4) AS line,
                             CASE WHEN p.age_at_diagnosis < 50 THEN 0 WHEN p.age_at_diagnosis < 70 THEN 1 ELSE 2 END AS age_band,
                             p.hr_status, p.menopausal_status, p.site_id,
                             CASE WHEN p.diagnosis_year < 2015 THEN 0 WHEN p.diagnosis_year < 2020 THEN 1 ELSE 2 END AS era_band
                        FROM (SELECT DISTINCT ON (l.patient_id) l.patient_id, l.start_day, l.progression_day, l.her2_at_start, l.line_number
                                FROM treatment_lines l
                               WHERE ${lines} AND ${idRangeSql("l.patient_id", ids, parameters)}
                               ORDER BY l.patient_id, l.start_day, l.line_number, l.id) l
                        JOIN patients p ON p.id = l.patient_id
                       WHERE ${where}) f`;
  }
  const cohorts = `${parameters.add(categories)}::"Her2Category"[]`;
  const inCohort = `(s.cohort = ANY(${parameters.add(cohortCategories)}::"Her2Category"[]))`;
  // One 8-byte entry per patient (PACKED_PATIENT); the multipliers are constants, never input.
  const [row] = await runAggregateQuery<{ patients: string | null; siteIds: number[] | null; siteCodes: string[] | null }>(
    user,
        `SELECT ${base64Sql(`string_agg(int8send((s.key + ${inCohort}::int)::int8 * ${PACKED_PATIENT.keyMultiplier}
                                + s.code::int8 * ${PACKED_PATIENT.codeMultiplier} + s.site_id), ''::bytea)`)} AS patients,
            -- Every site, in id order, each a level whether or not it has patients here.
            (SELECT array_agg(st.id ORDER BY st.id) FROM sites st) AS "siteIds",
            (SELECT array_agg(st.code ORDER BY st.id) FROM sites st) AS "siteCodes"
       FROM (${source}) s
      WHERE s.cohort = ANY(${cohorts}) AND s.key >= 0`,
    parameters,
    // Every column OS reads is in patients_outcome_join_idx (its os_key and subgroup_code), every patient column of the line
    // endpoints in patients_comparison_join_idx: index-only scans (run-query.ts).
    { jit: false, indexesInMemory: true },
  );
  const siteCodes = row?.siteCodes ?? [];
  return {
    patients: unpackForestPatients(bytesOfBase64(row?.patients)),
    sites: (row?.siteIds ?? []).map((id, i) => ({ id: Number(id), code: siteCodes[i] ?? "" })),
  };
}
