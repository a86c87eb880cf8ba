import "server-only";
import type { SessionUser } from "../auth/roles";
import type { RecurrenceKind } from "../generated/prisma/enums";
import type { SurvivalRecord } from "../stats/survival";
import { SqlParameters, cohortColumn, cohortKeySql, patientFilterSql } from "./filter-sql";
import type { DashboardFilters, EarlyOrigin } from "./filters";
import { patientCountsLevel } from "./patient-counts";
import { placeRecordsInScheme, survivalRecordsFromCounts } from "./survival-records";
import { runAggregateQuery } from "./run-query";

/** pCR counts of one stored cohort and HR status ("UNKNOWN" when ER and PR are missing). */
export type PcrCount = { cohort: string; hr: "POSITIVE" | "NEGATIVE" | "UNKNOWN"; assessed: number; pcr: number };

/**
 * Patients with a known pCR (ypT and ypN after neoadjuvant therapy and surgery) and those with a
 * pCR, per stored cohort under the chosen rule and HR status, counted in SQL.
 */
export async function countPathologicResponses(user: SessionUser, filters: DashboardFilters): Promise<PcrCount[]> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  return runAggregateQuery<PcrCount>(
    user,
    `SELECT ${cohortKeySql(filters.rule)} AS cohort, COALESCE(p.hr_status::text, 'UNKNOWN') AS hr,
            count(*)::int AS assessed,
            count(*) FILTER (WHERE p.pathologic_complete_response)::int AS pcr
       FROM patients p
      WHERE ${where} AND p.pathologic_complete_response IS NOT NULL
      GROUP BY 1, 2
      ORDER BY 1, 2`,
    parameters,
    // Every column it reads is in patients_pcr_idx, over the patients with a known pCR only: an index-only scan (run-query.ts).
    { indexesInMemory: true },
  );
}

export const INVASIVE_DISEASE_ENDPOINTS = ["idfs", "drfs"] as const;
export type InvasiveDiseaseEndpoint = (typeof INVASIVE_DISEASE_ENDPOINTS)[number];

/**
 * The recurrence kinds that are events of each endpoint, with death from any cause (STEEP 2.0,
 * Tolaney 2021 J Clin Oncol 39:2720): invasive disease-free survival counts invasive local and
 * regional recurrence, distant recurrence, contralateral invasive breast cancer and second
 * primary invasive cancer (non-breast); distant recurrence-free survival counts distant
 * recurrence only. In situ events are not recorded, so none is counted.
 */
export const ENDPOINT_EVENT_KINDS: Readonly<Record<InvasiveDiseaseEndpoint, readonly RecurrenceKind[]>> = {
  idfs: ["LOCAL", "REGIONAL", "DISTANT", "CONTRALATERAL_INVASIVE", "SECOND_PRIMARY_INVASIVE"],
  drfs: ["DISTANT"],
};

export type InvasiveDiseaseRecords = {
  endpoint: InvasiveDiseaseEndpoint;
  origin: EarlyOrigin;
  records: SurvivalRecord[];
  /** Patients left out: an event or the end of follow-up before the origin (before surgery). */
  excluded: number;
};

/**
 * The patient column holding the first day of each endpoint's recurrence events (ENDPOINT_EVENT_KINDS),
 * kept by the database on every write of recurrence_events (migration …_recurrence_first_days).
 */
const FIRST_RECURRENCE_DAY: Readonly<Record<InvasiveDiseaseEndpoint, string>> = {
  idfs: "p.first_idfs_recurrence_day",
  drfs: "p.first_distant_recurrence_day",
};

/**
 * The registry-wide variables of the summary `patient_counts` counting the early patients per
 * cohort and time of each endpoint and origin, events and censored apart (migration
 * …_early_outcome_counts: the time is exactly the scan's below, negative for an excluded patient).
 */
export const EARLY_OUTCOME_VARIABLES: Readonly<Record<InvasiveDiseaseEndpoint, Readonly<Record<EarlyOrigin, { event: string; censor: string }>>>> = {
  idfs: { diagnosis: { event: "idfsEvent", censor: "idfsCensor" }, surgery: { event: "idfsSurgeryEvent", censor: "idfsSurgeryCensor" } },
  drfs: { diagnosis: { event: "drfsEvent", censor: "drfsCensor" }, surgery: { event: "drfsSurgeryEvent", censor: "drfsSurgeryCensor" } },
};

/**
 * (cohort, time in days, events, censored) of iDFS or DRFS, aggregated in SQL, for patients
 * diagnosed with early disease (disease setting early or recurrent metastatic). The event day is
 * the earliest of the endpoint's recurrence events and death; without one the patient is
 * censored at the last contact. Time zero is the diagnosis, or the definitive surgery (operated
 * patients only). Cohorts are placed in the chosen scheme.
 *
 * A view of the whole registry (no patient filter, no site filter, not a coordinator) reads the
 * trigger-kept summary (EARLY_OUTCOME_VARIABLES), as overall survival does: a few tens of
 * thousands of (cohort, day) rows instead of every early patient. Other views scan the patients:
 * see scanInvasiveDiseaseRecords.
 */
export async function aggregateInvasiveDiseaseRecords(user: SessionUser, filters: DashboardFilters, endpoint: InvasiveDiseaseEndpoint): Promise<InvasiveDiseaseRecords> {
  const found =
    patientCountsLevel(user, filters) === "registry"
      ? await survivalRecordsFromCounts(user, filters, EARLY_OUTCOME_VARIABLES[endpoint][filters.origin])
      : await scanInvasiveDiseaseRecords(user, filters, endpoint);
  return { endpoint, origin: filters.origin, records: placeRecordsInScheme(found.records, filters.scheme), excluded: found.excluded };
}

/**
 * The same records from the patient rows: every filter and scope.
 *
 * The first recurrence day is read from the patient row, not from recurrence_events: joined to
 * the events' minimum per patient, the planner expected one group per patient and sorted every
 * row (an external sort, serial), where grouped on the cohort enum and the day it hashes a few
 * thousand cells in a parallel scan (of patients_early_outcome_idx, which covers the early
 * patients' columns it reads). Unordered: placeRecordsInScheme orders the records.
 */
async function scanInvasiveDiseaseRecords(
  user: SessionUser,
  filters: DashboardFilters,
  endpoint: InvasiveDiseaseEndpoint,
): Promise<{ records: SurvivalRecord[]; excluded: number }> {
  const parameters = new SqlParameters();
  const where = patientFilterSql(user, filters, parameters);
  const surgery = filters.origin === "surgery";
  const origin = surgery ? "p.days_to_surgery" : "0";
  // LEAST ignores NULLs: the earlier of the first event and death, or NULL when neither happened.
  const eventDay = `LEAST(${FIRST_RECURRENCE_DAY[endpoint]}, CASE WHEN p.vital_status = 'DEAD' THEN p.days_to_death END)`;
  const rows = await runAggregateQuery<{ cohort: string; time: number; events: number; censored: number }>(
    user,
    `SELECT COALESCE(s.cohort::text, 'UNCLASSIFIED') AS cohort, s.time,
            count(*) FILTER (WHERE s.event)::int AS events,
            count(*) FILTER (WHERE NOT s.event)::int AS censored
       FROM (SELECT ${cohortColumn(filters.rule)} AS cohort,
                    COALESCE(${eventDay}, p.days_to_last_contact) - ${origin} AS time,
                    ${eventDay} IS NOT NULL AS event
               FROM patients p
              WHERE ${where} AND p.disease_setting IN ('EARLY', 'RECURRENT_METASTATIC')${surgery ? " AND p.days_to_surgery IS NOT NULL" : ""}) s
      GROUP BY s.cohort, s.time`,
    parameters,
    // Every column it reads is in patients_early_outcome_idx: a parallel index-only scan (run-query.ts).
    { indexesInMemory: true },
  );
  const records: SurvivalRecord[] = [];
  let excluded = 0;
  for (const row of rows) {
    if (row.time < 0) excluded += row.events + row.censored;
    else records.push({ group: row.cohort, time: row.time, events: row.events, censored: row.censored });
  }
  return { records, excluded };
}
