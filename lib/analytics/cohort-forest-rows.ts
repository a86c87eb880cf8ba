import "server-only";
import type { SessionUser } from "../auth/roles";
import { cohortForestCategories, type CohortForestVariable } from "./cohort-forest";
import { SqlParameters, cohortColumn, patientFilterSql, treatmentLineSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
import { runAggregateQuery } from "./run-query";

/**
 * One cell of the cohort forest plot: the `n` patients of one stored HER2 category (`cohort`)
 * with the same follow-up (`time` in days, `event`) in one level of one subgroup variable.
 * Variable "all" (level "all") holds every patient once: the overall row.
 */
export type CohortForestRow = {
  variable: CohortForestVariable | "all";
  level: string;
  /** The stored Her2Category (the arms are unions of them: HER2-0 = null + ultralow + not specified). */
  cohort: string;
  time: number;
  event: boolean;
  n: number;
};

const AGE_LEVEL = "CASE s.age_band WHEN 0 THEN 'Under 50' WHEN 1 THEN '50-69' ELSE '70 or older' END";
const ERA_LEVEL = "CASE s.era_band WHEN 0 THEN 'Before 2015' WHEN 1 THEN '2015-2019' ELSE '2020 or later' END";
const LINE_LEVEL = "CASE WHEN s.line >= 4 THEN '4 or later' ELSE s.line::text END";

/**
 * The patients of the cohort view's current endpoint in the two compared cohorts (issue 14 §4),
 * counted in PostgreSQL per (subgroup variable, level, cohort, day, event), never one row per
 * patient. The patients, their time zero, follow-up and cohort are exactly those of the cohort
 * curves (survival-records.ts scanSurvivalRecords): OS from diagnosis groups by the cohort rule's
 * column; the line endpoints take each patient's earliest matching line (start day, line number,
 * id) and group by the HER2 status known at its start (her2_at_start), whatever the rule. Only
 * then are the two cohorts' categories kept, so a patient's line is never chosen by the cohort.
 * Negative times (follow-up ending before the line, inconsistent data) are left out, as in the
 * curves. The subgroup levels are those of the regimen comparison's forest (regimen-comparison-rows.ts);
 * "line" exists for the line endpoints only. One GROUPING SETS pass makes every variable's cells,
 * in no order (the analysis orders its records): sorting the 790,000 cells of OS from diagnosis
 * at 1M patients took 3 of the query's 10 s.
 */
export async function queryCohortForestRows(user: SessionUser, filters: DashboardFilters): Promise<CohortForestRow[]> {
  const { cohort, reference } = filters.cohortForest;
  const categories = [...new Set([...cohortForestCategories(cohort), ...cohortForestCategories(reference)])];
  const parameters = new SqlParameters();
  const dead = "p.vital_status = 'DEAD'";
  const osDay = `CASE WHEN ${dead} THEN p.days_to_death ELSE p.days_to_last_contact END`;
  const patientLevels = `CASE WHEN p.age_at_diagnosis < 50 THEN 0 WHEN p.age_at_diagnosis < 70 THEN 1 ELSE 2 END AS age_band,
                         p.hr_status, p.menopausal_status, p.site_id,
                         CASE WHEN p.diagnosis_year < 2015 THEN 0 WHEN p.diagnosis_year < 2020 THEN 1 ELSE 2 END AS era_band`;
  let source: string;
  const byLine = filters.endpoint !== "os";
  if (!byLine) {
    const where = patientFilterSql(user, filters, parameters);
    source = `SELECT ${cohortColumn(filters.rule)} AS cohort, ${osDay} AS time, ${dead} AS event, NULL::int AS line, ${patientLevels}
                FROM patients p
               WHERE ${where}`;
  } else {
    const lines = treatmentLineSql({ regimen: filters.regimen, line: filters.line }, parameters);
    const where = patientFilterSql(user, filters, parameters);
    const eventDay = `LEAST(l.progression_day, CASE WHEN ${dead} THEN p.days_to_death END)`;
    const [time, event] =
      filters.endpoint === "pfs" ? [`COALESCE(${eventDay}, p.days_to_last_contact) - l.start_day`, `${eventDay} IS NOT NULL`] : [`${osDay} - l.start_day`, dead];
    source = `SELECT l.her2_at_start AS cohort, ${time} AS time, ${event} AS event, LEAST(l.line_number, 4) AS line, ${patientLevels}
                FROM (SELECT DISTINCT ON (l.patient_id) l.patient_id, l.start_day, l.progression_day, l.her2_at_start, l.line_number
                        FROM treatment_lines l
                       WHERE ${lines}
                       ORDER BY l.patient_id, l.start_day, l.line_number, l.id) l
                JOIN patients p ON p.id = l.patient_id
               WHERE ${where}`;
  }
  const cohorts = `${parameters.add(categories)}::"Her2Category"[]`;
  // Each variable's grouping set; GROUPING(x) = 0 in the set that groups by x, which names the
  // variable of each cell (GROUPING may only name grouped columns: "line" only when there is one).
  const variables = [
    { name: "ageGroup", column: "s.age_band", level: AGE_LEVEL },
    { name: "hrStatus", column: "s.hr_status", level: "COALESCE(s.hr_status::text, 'UNKNOWN')" },
    { name: "menopausal", column: "s.menopausal_status", level: "COALESCE(s.menopausal_status::text, 'UNKNOWN')" },
    ...(byLine ? [{ name: "lineGroup", column: "s.line", level: LINE_LEVEL }] : []),
    // The site's code is joined after grouping (by its id).
    { name: "site", column: "s.site_id", level: "NULL" },
    { name: "era", column: "s.era_band", level: ERA_LEVEL },
  ];
  const variableCase = variables.map((v) => `WHEN GROUPING(${v.column}) = 0 THEN '${v.name}'`).join(" ");
  const levelCase = variables.map((v) => `WHEN GROUPING(${v.column}) = 0 THEN ${v.level}`).join(" ");
  const sets = ["()", ...variables.map((v) => `(${v.column})`)];
  return runAggregateQuery<CohortForestRow>(
    user,
    `SELECT g.variable, CASE WHEN g.variable = 'site' THEN st.code ELSE g.level END AS level, g.cohort, g.time, g.event, g.n
       FROM (SELECT CASE ${variableCase} ELSE 'all' END AS variable,
                    CASE ${levelCase} ELSE 'all' END AS level,
                    s.site_id, s.cohort::text AS cohort, s.time, s.event, count(*)::int AS n
               FROM (${source}) s
              WHERE s.cohort = ANY(${cohorts}) AND s.time >= 0
              GROUP BY s.cohort, s.time, s.event, GROUPING SETS (${sets.join(", ")})) g
       LEFT JOIN sites st ON g.variable = 'site' AND st.id = g.site_id`,
    parameters,
  );
}
