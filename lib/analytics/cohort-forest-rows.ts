import "server-only";
import type { SessionUser } from "../auth/roles";
import { HrStatus, MenopausalStatus } from "../generated/prisma/enums";
import { ForestColumnsBuilder, cohortForestCategories, type CohortForestColumns, type CohortForestVariable, type ForestColumns } from "./cohort-forest";
import { SqlParameters, cohortColumn, patientFilterSql, treatmentLineSql } from "./filter-sql";
import type { DashboardFilters } from "./filters";
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

/** One level of one subgroup variable: its name in the rows and its condition on the source row `s`. */
type LevelColumn = { variable: CohortForestVariable; level: string; condition: string };

/** Levels whose value is missing are named UNKNOWN, as the regimen comparison's forest names them. */
function enumLevels(variable: CohortForestVariable, column: string, values: readonly string[]): LevelColumn[] {
  return [...values.map((value) => ({ variable, level: value, condition: `${column} = '${value}'` })), { variable, level: "UNKNOWN", condition: `${column} IS NULL` }];
}

/** A site created after the sites were read would be missing from the site levels: read them again. */
const SITE_READS = 3;

/**
 * Up to this many sites each is a `count(*) FILTER` of the one GROUP BY; above, each cell returns
 * its patients' site ids, tallied in Node (unpackCells). A FILTER per site tests every row against
 * every site: with the 250 sites of ten million patients that took 15.0 s for OS from diagnosis and
 * 2.7 s for PFS on T-DXd, 9.0 and 1.7 s with the ids; with the 25 sites of a million, the ids made
 * OS slower (0.93 → 1.26 s; docs/dashboards.md §9).
 */
export const SITE_FILTERS_UP_TO = 100;

let siteFiltersUpTo = SITE_FILTERS_UP_TO;

/** For tests and measurements only: sets SITE_FILTERS_UP_TO's number and returns the previous one. */
export function setSiteFiltersUpTo(sites: number): number {
  const previous = siteFiltersUpTo;
  siteFiltersUpTo = sites;
  return previous;
}

/**
 * The patients of the cohort view's current endpoint in the two compared cohorts (issue 14 §4),
 * counted in PostgreSQL per (subgroup variable, level, arm, day, event), never one row per
 * patient. The patients, their time zero, follow-up and cohort are exactly those of the cohort
 * curves (survival-records.ts scanSurvivalRecords): OS from diagnosis groups by the cohort rule's
 * column; the line endpoints take each patient's earliest matching line (start day, line number,
 * id) and group by the HER2 status known at its start (her2_at_start), whatever the rule. Only
 * then are the two cohorts' categories kept, so a patient's line is never chosen by the cohort.
 * Negative times (follow-up ending before the line, inconsistent data) are left out, as in the
 * curves. The subgroup levels are those of the regimen comparison's forest (regimen-comparison-rows.ts);
 * "line" exists for the line endpoints only.
 *
 * One GROUP BY (arm, day, event) counts every level at once, a `count(*) FILTER` per level
 * packed in one array per cell (the levels are known before: the bands, the enums' values and
 * unknown, the lines, the sites; above SITE_FILTERS_UP_TO sites, each cell's site ids instead): at a million patients that is 19,723 rows of arrays for OS
 * (37,560 when it grouped by stored category, before the arms were summed in Node), where
 * GROUPING SETS per variable made 790,000 rows (one sort of every patient per variable in
 * PostgreSQL, about half the time, then seconds to read the rows into Node). The cells are
 * read here (one text: see countCells) into typed columns per variable (ForestColumns), the
 * overall row ("all") from the group's own count; only non-empty cells are kept, as a GROUP BY
 * returns them.
 */
export async function queryCohortForestCells(user: SessionUser, filters: DashboardFilters): Promise<CohortForestColumns> {
  const byLine = filters.endpoint !== "os";
  for (let read = 1; ; read++) {
    const sites = await runAggregateQuery<{ id: number; code: string }>(user, "SELECT s.id, s.code FROM sites s ORDER BY s.id", new SqlParameters());
    const siteIds = sites.length > siteFiltersUpTo;
    const levels: LevelColumn[] = [
      ...[
        ["Under 50", 0],
        ["50-69", 1],
        ["70 or older", 2],
      ].map(([level, band]) => ({ variable: "ageGroup" as const, level: String(level), condition: `s.age_band = ${band}` })),
      ...enumLevels("hrStatus", "s.hr_status", Object.values(HrStatus)),
      ...enumLevels("menopausal", "s.menopausal_status", Object.values(MenopausalStatus)),
      ...(byLine ? ["1", "2", "3"].map((line) => ({ variable: "lineGroup" as const, level: line, condition: `s.line = ${line}` })) : []),
      ...(byLine ? [{ variable: "lineGroup" as const, level: "4 or later", condition: "s.line >= 4" }] : []),
      // Site ids are integers read from the database just now, never input.
      ...(siteIds ? [] : sites.map((site) => ({ variable: "site" as const, level: site.code, condition: `s.site_id = ${Number(site.id)}` }))),
      ...[
        ["Before 2015", 0],
        ["2015-2019", 1],
        ["2020 or later", 2],
      ].map(([level, band]) => ({ variable: "era" as const, level: String(level), condition: `s.era_band = ${band}` })),
    ];
    const packed = await countCells(user, filters, levels, siteIds);
    const { columns, unlistedSites } = unpackCells(packed ?? "", levels, siteIds ? sites : null);
    if (unlistedSites === 0) return columns;
    if (read >= SITE_READS) throw new Error("Sites were added while the cohort forest was counted; try again.");
  }
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
 * The columns of the packed cells: "arm,day,event (0/1),n,count of level 0,count of level 1,…"
 * per cell, cells joined by ";", arm 1 = the cohort, 0 = the reference; with `sites` (more than
 * SITE_FILTERS_UP_TO), the cell's site ids last (one per patient, separated by spaces). The
 * overall row ("all") from the cell's own count, then each level with patients, in its variable's
 * columns, the sites' counts tallied here from the ids when there are ids. Read by character
 * codes: split() made a string per field (1.7 million for OS from diagnosis at a million
 * patients) and was a third of the function's time. Every site is a level, in id order, whether
 * or not it has patients here (as the other variables' levels). Also returns the
 * patients of sites not among `sites`: every patient has one site, so those are patients of a
 * site created since the sites were read.
 */
function unpackCells(packed: string, levels: readonly LevelColumn[], sites: readonly { id: number; code: string }[] | null): { columns: CohortForestColumns; unlistedSites: number } {
  const all = new ForestColumnsBuilder(["all"]);
  const builders = new Map<CohortForestVariable, ForestColumnsBuilder>();
  // Each level's columns and its code there, in the order of the packed counts.
  const targets = levels.map((level) => {
    let builder = builders.get(level.variable);
    if (!builder) builders.set(level.variable, (builder = new ForestColumnsBuilder()));
    return { builder, code: builder.code(level.level), isSite: level.variable === "site" };
  });
  const siteBuilder = sites ? new ForestColumnsBuilder(sites.map((site) => site.code)) : null;
  if (siteBuilder) builders.set("site", siteBuilder);
  const siteIndex = new Map((sites ?? []).map((site, i) => [Number(site.id), i]));
  const siteCounts = new Int32Array(sites?.length ?? 0);
  const touched: number[] = [];
  let unlistedSites = 0;
  let at = 0;
  let separator = 0;
  const length = packed.length;
  // The whole number from `at` up to the next ",", ";" or " " (or the end), moving `at` past that
  // separator and keeping it in `separator` (0 at the end).
  const readNumber = (): number => {
    let value = 0;
    let negative = false;
    separator = 0;
    for (; at < length; at++) {
      const code = packed.charCodeAt(at);
      if (code === 44 || code === 59 || code === 32) {
        separator = code;
        break;
      }
      if (code === 45) negative = true;
      else value = value * 10 + (code - 48);
    }
    at++;
    return negative ? -value : value;
  };
  while (at < length) {
    const arm = readNumber() === 1 ? 1 : 0;
    const time = readNumber();
    const event = readNumber() === 1;
    const total = readNumber();
    all.push(0, arm, time, event, total);
    let inSites = 0;
    for (const target of targets) {
      const n = readNumber();
      if (target.isSite) inSites += n;
      if (n > 0) target.builder.push(target.code, arm, time, event, n);
    }
    if (siteBuilder) {
      do {
        const index = siteIndex.get(readNumber());
        if (index === undefined) continue;
        if ((siteCounts[index] = (siteCounts[index] ?? 0) + 1) === 1) touched.push(index);
        inSites++;
      } while (separator === 32);
      for (const index of touched) {
        siteBuilder.push(index, arm, time, event, siteCounts[index] ?? 0);
        siteCounts[index] = 0;
      }
      touched.length = 0;
    }
    unlistedSites += total - inSites;
  }
  const variables: CohortForestColumns["variables"] = {};
  for (const [variable, builder] of builders) variables[variable] = builder.build();
  return { columns: { all: all.build(), variables }, unlistedSites };
}

/**
 * The (arm, day, event) cells with each level's count, packed into one text by PostgreSQL:
 * read as 40,000 rows of arrays, the driver's parsing of each row and array took about as long
 * as the query itself.
 */
async function countCells(user: SessionUser, filters: DashboardFilters, levels: readonly LevelColumn[], siteIds: boolean): Promise<string | null> {
  const { cohort, reference } = filters.cohortForest;
  const cohortCategories = cohortForestCategories(cohort);
  const categories = [...new Set([...cohortCategories, ...cohortForestCategories(reference)])];
  const parameters = new SqlParameters();
  const dead = "p.vital_status = 'DEAD'";
  const osDay = `CASE WHEN ${dead} THEN p.days_to_death ELSE p.days_to_last_contact END`;
  const patientLevels = `CASE WHEN p.age_at_diagnosis < 50 THEN 0 WHEN p.age_at_diagnosis < 70 THEN 1 ELSE 2 END AS age_band,
                         p.hr_status, p.menopausal_status, p.site_id,
                         CASE WHEN p.diagnosis_year < 2015 THEN 0 WHEN p.diagnosis_year < 2020 THEN 1 ELSE 2 END AS era_band`;
  let source: string;
  if (filters.endpoint === "os") {
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
  const inCohort = `(s.cohort = ANY(${parameters.add(cohortCategories)}::"Her2Category"[]))`;
  const counts = levels.map((level) => `count(*) FILTER (WHERE ${level.condition})::int`).join(",\n              ");
  // Grouped on the arm (a boolean: cheap to hash and sort), so the stored categories of one arm
  // (HER2-0's three) make one cell, not three.
  const [result] = await runAggregateQuery<{ packed: string | null }>(
    user,
    `SELECT string_agg(concat_ws(',', c.arm, c.time, c.event::int, c.n, c.counts, c.sites), ';') AS packed
       FROM (SELECT ${inCohort}::int AS arm, s.time, s.event, count(*)::int AS n,
                    array_to_string(ARRAY[${counts}], ',') AS counts,
                    ${siteIds ? "array_to_string(array_agg(s.site_id), ' ')" : "NULL"} AS sites
               FROM (${source}) s
              WHERE s.cohort = ANY(${cohorts}) AND s.time >= 0
              GROUP BY ${inCohort}, s.time, s.event) c`,
    parameters,
    { jit: false },
  );
  return result?.packed ?? null;
}
