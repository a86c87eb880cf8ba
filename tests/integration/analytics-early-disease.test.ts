// The early-disease view (issue 14 §2) against a brute-force computation over the same rows:
// pCR counts, rates and the Mantel-Haenszel odds ratio, and the iDFS / DRFS survival records from
// diagnosis and from surgery, for users of each scope and filter combinations.
import { beforeAll, describe, expect, it } from "vitest";
import { toCohortKey, isHer2ZeroCohort, type CohortKey } from "../../lib/analytics/cohorts";
import { ENDPOINT_EVENT_KINDS, aggregateInvasiveDiseaseRecords, countPathologicResponses, type InvasiveDiseaseEndpoint, type PcrCount } from "../../lib/analytics/early-disease-records";
import { parseDashboardFilters, type DashboardFilters } from "../../lib/analytics/filters";
import { loadEarlyDisease, loadEarlyDiseaseAnalyses } from "../../lib/analytics/load-early-disease";
import { presentPathologicResponse } from "../../lib/analytics/present-early-disease";
import { analyseSurvival, thinCurvesForChart } from "../../lib/analytics/survival-analysis";
import type { SessionUser } from "../../lib/auth/roles";
import { derivePathologicCompleteResponse } from "../../lib/cases/early-disease";
import { getDb } from "../../lib/db/client";
import { env } from "../../lib/env";
import type { SurvivalRecord } from "../../lib/stats/survival";
import { clopperPearsonInterval, mantelHaenszelOddsRatio } from "../../lib/stats/tests";
import type { Fixture } from "../support/fixtures";
import { buildScenarios, cohortOf, readRows, seedAnalyticsCohort, selectPatients, type Rows } from "../support/analytics-cohort";

let fixture: Fixture;
let rows: Rows;
let events: { patientId: number; kind: string; day: number }[];

beforeAll(async () => {
  fixture = await seedAnalyticsCohort({ seed: 17, patients: 700 });
  rows = await readRows();
  events = await (await getDb()).recurrenceEvent.findMany({ orderBy: { id: "asc" } });
});

function scenarios() {
  return [
    ...buildScenarios(fixture),
    { name: "investigator, early view from surgery", user: fixture.investigator, filters: parseDashboardFilters({ view: "early", origin: "surgery" }) },
    { name: "investigator, 3 groups from surgery, latest rule", user: fixture.investigator, filters: parseDashboardFilters({ view: "early", origin: "surgery", scheme: "3", rule: "latest" }) },
  ];
}

/** pCR counts by stored cohort and HR status, one patient at a time. */
function bruteForcePcr(user: SessionUser, filters: DashboardFilters): PcrCount[] {
  const cells = new Map<string, PcrCount>();
  for (const patient of selectPatients(rows, user, filters)) {
    if (patient.pathologicCompleteResponse === null) continue;
    const cohort = cohortOf(patient, filters.rule);
    const hr = patient.hrStatus ?? "UNKNOWN";
    const cell = cells.get(`${cohort}|${hr}`) ?? { cohort, hr, assessed: 0, pcr: 0 };
    cell.assessed += 1;
    if (patient.pathologicCompleteResponse) cell.pcr += 1;
    cells.set(`${cohort}|${hr}`, cell);
  }
  return [...cells.values()].sort((a, b) => (a.cohort === b.cohort ? (a.hr < b.hr ? -1 : 1) : a.cohort < b.cohort ? -1 : 1));
}

/** iDFS or DRFS records by STEEP 2.0, one patient at a time. */
function bruteForceRecords(user: SessionUser, filters: DashboardFilters, endpoint: InvasiveDiseaseEndpoint): { records: SurvivalRecord[]; excluded: number } {
  const kinds: readonly string[] = ENDPOINT_EVENT_KINDS[endpoint];
  const cells = new Map<string, SurvivalRecord>();
  let excluded = 0;
  for (const patient of selectPatients(rows, user, filters)) {
    if (patient.diseaseSetting === "DE_NOVO_METASTATIC") continue;
    if (filters.origin === "surgery" && patient.daysToSurgery === null) continue;
    const days = events.filter((event) => event.patientId === patient.id && kinds.includes(event.kind)).map((event) => event.day);
    if (patient.vitalStatus === "DEAD" && patient.daysToDeath !== null) days.push(patient.daysToDeath);
    const eventDay = days.length > 0 ? Math.min(...days) : null;
    const time = (eventDay ?? patient.daysToLastContact) - (filters.origin === "surgery" ? (patient.daysToSurgery ?? 0) : 0);
    if (time < 0) {
      excluded += 1;
      continue;
    }
    const group = cohortOf(patient, filters.rule, filters.scheme);
    const cell = cells.get(`${time}|${group}`) ?? { group, time, events: 0, censored: 0 };
    if (eventDay === null) cell.censored += 1;
    else cell.events += 1;
    cells.set(`${time}|${group}`, cell);
  }
  const records = [...cells.values()].sort((a, b) => a.time - b.time || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  return { records, excluded };
}

describe("the early-disease data of the seeded cohort", () => {
  it("has pCRs, recurrence events of every kind and operated patients to analyse", () => {
    expect(rows.patients.filter((patient) => patient.pathologicCompleteResponse === true).length).toBeGreaterThan(10);
    expect(rows.patients.filter((patient) => patient.pathologicCompleteResponse === false).length).toBeGreaterThan(10);
    expect(new Set(events.map((event) => event.kind))).toEqual(new Set(["LOCAL", "REGIONAL", "DISTANT", "CONTRALATERAL_INVASIVE", "SECOND_PRIMARY_INVASIVE"]));
  });

  it("stores pCR as ypT0/Tis ypN0, and one distant event on the day of metastasis of every recurrent metastatic patient", () => {
    for (const patient of rows.patients) {
      expect({ id: patient.id, pcr: patient.pathologicCompleteResponse }).toEqual({ id: patient.id, pcr: derivePathologicCompleteResponse(patient.ypTCategory, patient.ypNCategory) });
      const distant = events.filter((event) => event.patientId === patient.id && event.kind === "DISTANT").map((event) => event.day);
      expect({ id: patient.id, distant }).toEqual({ id: patient.id, distant: patient.diseaseSetting === "RECURRENT_METASTATIC" && patient.daysToMetastasis !== null ? [patient.daysToMetastasis] : [] });
    }
  });
});

describe("pathological complete response", () => {
  it("counts pCR by cohort and HR status as the brute force does, for every scope and filter", async () => {
    for (const { name, user, filters } of scenarios()) {
      expect({ name, counts: await countPathologicResponses(user, filters) }).toEqual({ name, counts: bruteForcePcr(user, filters) });
    }
  });

  it("gives each cohort's rate with its exact interval, and the Mantel-Haenszel odds ratio of HER2-low vs HER2-0 over HR status", async () => {
    for (const scheme of ["4", "3"] as const) {
      const filters = parseDashboardFilters({ view: "early", scheme });
      const view = presentPathologicResponse(await countPathologicResponses(fixture.investigator, filters), scheme, 0);
      const patients = selectPatients(rows, fixture.investigator, filters).filter((patient) => patient.pathologicCompleteResponse !== null);
      for (const row of view.rows) {
        const members = patients.filter((patient) => cohortOf(patient, filters.rule, scheme) === row.cohort);
        const pcr = members.filter((patient) => patient.pathologicCompleteResponse).length;
        const interval = clopperPearsonInterval(pcr, members.length);
        expect({ cohort: row.cohort, assessed: row.assessed, pcr: row.pcr }).toEqual({ cohort: row.cohort, assessed: members.length, pcr });
        expect(row.rate).toEqual({ rate: interval.estimate, lower: interval.lower, upper: interval.upper });
      }
      const cell = (hr: string, match: (cohort: CohortKey) => boolean): [number, number] => {
        const members = patients.filter((patient) => patient.hrStatus === hr && match(cohortOf(patient, filters.rule)));
        const pcr = members.filter((patient) => patient.pathologicCompleteResponse).length;
        return [pcr, members.length - pcr];
      };
      const expected = mantelHaenszelOddsRatio(["POSITIVE", "NEGATIVE"].map((hr) => [cell(hr, (cohort) => cohort === "LOW"), cell(hr, isHer2ZeroCohort)]));
      expect(view.oddsRatio).toMatchObject({ ok: true, oddsRatio: expected.oddsRatio, lower: expected.lower, upper: expected.upper, pValue: expected.pValue });
    }
  });
});

describe("invasive disease-free and distant recurrence-free survival", () => {
  for (const endpoint of ["idfs", "drfs"] as const) {
    it(`aggregates ${endpoint} records as the brute force does, from diagnosis and from surgery`, async () => {
      for (const { name, user, filters } of scenarios()) {
        for (const origin of ["diagnosis", "surgery"] as const) {
          const withOrigin = { ...filters, origin };
          const found = await aggregateInvasiveDiseaseRecords(user, withOrigin, endpoint);
          const expected = bruteForceRecords(user, withOrigin, endpoint);
          expect({ name, origin, records: found.records, excluded: found.excluded }).toEqual({ name, origin, ...expected });
        }
      }
    });
  }

  it("analyses the brute-force records into the view's curves, medians, log-rank and Cox", async () => {
    const filters = parseDashboardFilters({ view: "early", origin: "surgery" });
    const full = await loadEarlyDiseaseAnalyses(fixture.investigator, filters);
    // The page draws the same analysis thinned to the screen (issue 17 §7).
    const view = await loadEarlyDisease(fixture.investigator, filters);
    for (const endpoint of ["idfs", "drfs"] as const) {
      const expected = bruteForceRecords(fixture.investigator, filters, endpoint);
      const analysis = analyseSurvival(expected.records, { reference: filters.reference, smallCellThreshold: env.SMALL_CELL_THRESHOLD, excluded: expected.excluded, tauMonths: 60 });
      expect(full[endpoint]).toEqual(analysis);
      expect(view[endpoint]).toEqual(thinCurvesForChart(analysis, filters.bands));
      expect(analysis.groups.some((group) => group.events !== null && group.events > 0)).toBe(true);
    }
    expect(view.pcr.rows.map((row) => toCohortKey(row.cohort))).toContain("LOW");
  });
});
