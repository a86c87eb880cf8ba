import "server-only";
import type { SessionUser } from "../auth/roles";
import type { SurvivalRecord } from "../stats/survival";
import { toCohortKey, type CohortScheme } from "./cohorts";
import { SqlParameters, cohortColumn, patientFilterSql, treatmentLineSql } from "./filter-sql";
import type { DashboardFilters, SurvivalEndpoint } from "./filters";
import { OS_VARIABLES, patientCountsLevel, queryPatientCountPairs } from "./patient-counts";
import { idRangeSql, readInIdParts, type IdRange } from "./id-parts";
import { runAggregateQuery } from "./run-query";

export type SurvivalRecords = {
  endpoint: SurvivalEndpoint;
  /** (cohort, day, events, censored): the aggregated input of the statistics core. */
  records: SurvivalRecord[];
  /** Patients left out because their follow-up ends before the line started (inconsistent data). */
  excluded: number;
};

/**
 * Survival inputs for the chosen endpoint, aggregated in SQL to (cohort, time in days, events,
 * censored) rows (docs/data-dictionary.md §11.4, docs/dashboards.md), the cohorts placed in the
 * chosen scheme (HER2-0 = null + ultralow + not specified in 3 groups):
 * - "os": overall survival from diagnosis, grouped by the patient's cohort under the chosen rule;
 *   event = death at days_to_death, otherwise censored at days_to_last_contact. Every patient in
 *   scope counts, so the group sizes equal the cohort counts of the Overview and the Table 1
 *   column totals.
 * - "os-line": overall survival from the start of the patient's first metastatic line of the
 *   chosen regimen class and line number.
 * - "pfs": progression-free survival on that line: event = progression or death, whichever
 *   comes first; otherwise censored at the last contact. Time = event (or censoring) day minus
 *   the line's start day.
 * Both line endpoints group each patient by the HER2 status known at the line's start
 * (treatment_lines.her2_at_start, lib/her2/cohort.ts her2StatusAt), whatever the cohort rule: a
 * test taken after the first dose never chooses the group (her2-rules.md, "HER2 status in time").
 * Each patient counts once, with the earliest matching line (by start day, then line number), so
 * that the observations are independent. treatment_lines is joined to patients once.
 */
export async function aggregateSurvivalRecords(user: SessionUser, filters: DashboardFilters): Promise<SurvivalRecords> {
  const found =
    filters.endpoint === "os" && patientCountsLevel(user, filters) === "registry" ? await overallSurvivalFromCounts(user, filters) : await scanSurvivalRecords(user, filters);
  return { ...found, records: placeRecordsInScheme(found.records, filters.scheme) };
}

/**
 * The records with their cohort placed in `scheme`; under the 3-group scheme the IHC 0 groups'
 * records of the same day add up into HER2-0. Ordered by time, then cohort.
 */
export function placeRecordsInScheme(records: readonly SurvivalRecord[], scheme: CohortScheme): SurvivalRecord[] {
  // Sorted first, then adjacent cells of the same (time, group) summed: no map keyed by strings.
  // On the summary's 25,000-47,000 day cells at a million patients the keyed maps took 0.1-0.5 s
  // under load, as much as the SQL (docs/dashboards.md §9).
  const placed = records.map((record) => ({ group: toCohortKey(record.group, scheme), time: record.time, events: record.events, censored: record.censored }));
  placed.sort((a, b) => a.time - b.time || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  const cells: SurvivalRecord[] = [];
  for (const record of placed) {
    const last = cells[cells.length - 1];
    if (last !== undefined && last.time === record.time && last.group === record.group) {
      last.events += record.events;
      last.censored += record.censored;
    } else {
      cells.push(record);
    }
  }
  return cells;
}

/**
 * Overall survival from diagnosis of the whole registry from the trigger-kept summary
 * (patient-counts.ts): the patients of each cohort per day of death ("osDeath") and per day of last
 * contact alive ("osCensor").
 */
async function overallSurvivalFromCounts(user: SessionUser, filters: DashboardFilters): Promise<SurvivalRecords> {
  return { endpoint: filters.endpoint, ...(await survivalRecordsFromCounts(user, filters, { event: OS_VARIABLES.death, censor: OS_VARIABLES.censor })) };
}

/**
 * Survival records of the whole registry from a pair of registry-wide summary variables counting
 * the patients of each cohort per time (days): `event` those whose time is an event, `censor`
 * those censored then. Negative times are counted in `excluded`, as the scans do. Unordered, the
 * cohort as stored (placeRecordsInScheme places and orders them).
 */
export async function survivalRecordsFromCounts(
  user: SessionUser,
  filters: DashboardFilters,
  variables: { event: string; censor: string },
): Promise<{ records: SurvivalRecord[]; excluded: number }> {
  const counts = await queryPatientCountPairs(user, filters, variables.event, variables.censor);
  const records: SurvivalRecord[] = [];
  let excluded = 0;
  for (const count of counts) {
    if (count.value < 0) excluded += count.first + count.second;
    else records.push({ group: count.cohort, time: count.value, events: count.first, censored: count.second });
  }
  return { records, excluded };
}

/**
 * The same records from `patients` (and `treatment_lines`) themselves: every endpoint and filter.
 * A view of the whole registry is read in two ranges of patient ids at once (readInIdParts,
 * grouped), each on one core: the line endpoints' statement merges the first lines with every
 * patient's index entry on one core (docs/dashboards.md §9, thirteenth round). The parts' records
 * of the same (cohort, day) are added up by placeRecordsInScheme.
 */
async function scanSurvivalRecords(user: SessionUser, filters: DashboardFilters): Promise<SurvivalRecords> {
  const parts = await readInIdParts(user, filters, (ids) => scanSurvivalRows(user, filters, ids), { grouped: true });
  const records: SurvivalRecord[] = [];
  let excluded = 0;
  for (const rows of parts) {
    for (const row of rows) {
      if (row.time < 0) excluded += row.events + row.censored;
      else records.push({ group: row.cohort, time: row.time, events: row.events, censored: row.censored });
    }
  }
  return { endpoint: filters.endpoint, records, excluded };
}

/** The (cohort, day) counts of the patients with ids in `ids` (null: all). */
async function scanSurvivalRows(user: SessionUser, filters: DashboardFilters, ids: IdRange): Promise<{ cohort: string; time: number; events: number; censored: number }[]> {
  const parameters = new SqlParameters();
  // Grouped on the cohort enum itself (cheaper to hash than its text), named after grouping.
  const osDay = "CASE WHEN p.vital_status = 'DEAD' THEN p.days_to_death ELSE p.days_to_last_contact END";
  let source: string;
  switch (filters.endpoint) {
    case "os": {
      const where = patientFilterSql(user, filters, parameters);
      source = `SELECT ${cohortColumn(filters.rule)} AS cohort, ${osDay} AS time, p.vital_status = 'DEAD' AS event
                  FROM patients p
                 WHERE ${where} AND ${idRangeSql("p.id", ids, parameters)}`;
      break;
    }
    case "os-line":
    case "pfs": {
      const lines = treatmentLineSql({ regimen: filters.regimen, line: filters.line }, parameters);
      const where = patientFilterSql(user, filters, parameters);
      const dead = "p.vital_status = 'DEAD'";
      // LEAST ignores NULLs: the earlier of progression and death, or NULL when neither happened.
      const eventDay = `LEAST(l.progression_day, CASE WHEN ${dead} THEN p.days_to_death END)`;
      const [time, event] =
        filters.endpoint === "pfs"
          ? [`COALESCE(${eventDay}, p.days_to_last_contact) - l.start_day`, `${eventDay} IS NOT NULL`]
          : [`${osDay} - l.start_day`, dead];
      // The range on both sides, so that each reads only its part of both indexes.
      source = `SELECT l.her2_at_start AS cohort, ${time} AS time, ${event} AS event
                  FROM (SELECT DISTINCT ON (l.patient_id) l.patient_id, l.start_day, l.progression_day, l.her2_at_start
                          FROM treatment_lines l
                         WHERE ${lines} AND ${idRangeSql("l.patient_id", ids, parameters)}
                         ORDER BY l.patient_id, l.start_day, l.line_number, l.id) l
                  JOIN patients p ON p.id = l.patient_id
                 WHERE ${where} AND ${idRangeSql("p.id", ids, parameters)}`;
      break;
    }
  }
  return runAggregateQuery<{ cohort: string; time: number; events: number; censored: number }>(
    user,
    `SELECT COALESCE(s.cohort::text, 'UNCLASSIFIED') AS cohort, s.time,
            count(*) FILTER (WHERE s.event)::int AS events,
            count(*) FILTER (WHERE NOT s.event)::int AS censored
       FROM (${source}) s
      GROUP BY s.cohort, s.time`,
    parameters,
    // The line endpoints merge lines with patients_outcome_join_idx, and every column OS reads
    // is in it (an index-only scan): see AggregateQueryOptions. A part runs serially: in parallel,
    // each of its processes read the first lines again, and two parts at once had three processes
    // each on two cores.
    { indexesInMemory: true, ...(ids === null ? {} : { parallel: false as const }) },
  );
}
