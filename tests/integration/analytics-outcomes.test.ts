import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { countPatientsByCohort } from "../../lib/analytics/cohort-counts";
import { SCHEME_COHORT_KEYS, cohortInScheme, type CohortKey, type CohortScheme } from "../../lib/analytics/cohorts";
import { her2StatusAt } from "../../lib/her2/cohort";
import { LINE_FILTER_VALUES, parseDashboardFilters, type DashboardFilters } from "../../lib/analytics/filters";
import { ID_PARTS, setIdParts } from "../../lib/analytics/id-parts";
import { countResponsesByRegimen } from "../../lib/analytics/response-rates";
import { analyseSurvival } from "../../lib/analytics/survival-analysis";
import { aggregateSurvivalRecords } from "../../lib/analytics/survival-records";
import { summariseTableOne } from "../../lib/analytics/table-one";
import { countTreatmentUptake } from "../../lib/analytics/treatment-uptake";
import type { SessionUser } from "../../lib/auth/roles";
import type { SurvivalRecord } from "../../lib/stats/survival";
import type { Fixture } from "../support/fixtures";
import { buildScenarios, cohortOf, readRows, seedAnalyticsCohort, selectPatients, type PatientRow, type Rows } from "../support/analytics-cohort";

let fixture: Fixture;
let rows: Rows;

beforeAll(async () => {
  fixture = await seedAnalyticsCohort({ seed: 13, patients: 500 });
  rows = await readRows();
});

type LineRow = Rows["lines"][number];

/** Live metastatic lines matching the regimen (unless null or ANY) and line options. */
function matchingLines(filters: DashboardFilters, regimen: string | null): LineRow[] {
  return rows.lines.filter((line) => {
    if (line.deletedAt !== null || line.setting !== "METASTATIC") return false;
    if (regimen !== null && regimen !== "ANY" && line.regimenClass !== regimen) return false;
    switch (filters.line) {
      case "any":
        return true;
      case "4plus":
        return line.lineNumber >= 4;
      default:
        return line.lineNumber === Number(filters.line);
    }
  });
}

/** Each patient's first line among `lines` (earliest start, then line number, then id). */
function firstLinePerPatient(lines: LineRow[], key: (line: LineRow) => string = (line) => String(line.patientId)): Map<string, LineRow> {
  const first = new Map<string, LineRow>();
  for (const line of lines) {
    const current = first.get(key(line));
    if (!current || line.startDay < current.startDay || (line.startDay === current.startDay && (line.lineNumber < current.lineNumber || (line.lineNumber === current.lineNumber && line.id < current.id)))) {
      first.set(key(line), line);
    }
  }
  return first;
}

/**
 * The HER2 status known at a line's start, from the patient's live test rows themselves (not the
 * stored her2_at_start), through the pure her2StatusAt: the brute force of the line endpoints'
 * grouping, whatever the cohort rule.
 */
function statusAtLineStart(line: LineRow, scheme: CohortScheme): CohortKey {
  const tests = rows.tests.filter((test) => test.patientId === line.patientId && test.deletedAt === null);
  const status = her2StatusAt(tests, line.startDay);
  if (status === null) return "UNCLASSIFIED";
  if (status === "EQUIVOCAL" || status === "INDETERMINATE") throw new Error("her2StatusAt returned a non-evaluable category");
  return cohortInScheme(status, scheme);
}

function osDay(patient: PatientRow): number {
  return patient.vitalStatus === "DEAD" ? (patient.daysToDeath ?? Number.NaN) : patient.daysToLastContact;
}

/** Survival records by the data dictionary's definitions (§11.4), one patient at a time. */
function bruteForceRecords(user: SessionUser, filters: DashboardFilters): { records: SurvivalRecord[]; excluded: number } {
  const patients = selectPatients(rows, user, filters);
  const observations: { group: string; time: number; event: boolean }[] = [];
  if (filters.endpoint === "os") {
    for (const patient of patients) observations.push({ group: cohortOf(patient, filters.rule, filters.scheme), time: osDay(patient), event: patient.vitalStatus === "DEAD" });
  } else {
    const first = firstLinePerPatient(matchingLines(filters, filters.regimen));
    for (const patient of patients) {
      const line = first.get(String(patient.id));
      if (!line) continue;
      if (filters.endpoint === "os-line") {
        observations.push({ group: statusAtLineStart(line, filters.scheme), time: osDay(patient) - line.startDay, event: patient.vitalStatus === "DEAD" });
      } else {
        const candidates = [line.progressionDay, patient.vitalStatus === "DEAD" ? patient.daysToDeath : null].filter((day): day is number => day !== null);
        const eventDay = candidates.length === 0 ? null : Math.min(...candidates);
        observations.push({ group: statusAtLineStart(line, filters.scheme), time: (eventDay ?? patient.daysToLastContact) - line.startDay, event: eventDay !== null });
      }
    }
  }
  const cells = new Map<string, SurvivalRecord>();
  let excluded = 0;
  for (const observation of observations) {
    if (observation.time < 0) {
      excluded++;
      continue;
    }
    const key = `${observation.group}:${observation.time}`;
    const cell = cells.get(key) ?? { group: observation.group, time: observation.time, events: 0, censored: 0 };
    if (observation.event) cell.events++;
    else cell.censored++;
    cells.set(key, cell);
  }
  return { records: sortRecords([...cells.values()]), excluded };
}

function sortRecords(records: SurvivalRecord[]): SurvivalRecord[] {
  return [...records].sort((a, b) => a.time - b.time || a.group.localeCompare(b.group));
}

const OUTCOME_OPTIONS = [
  { endpoint: "os" },
  { endpoint: "pfs", regimen: "T_DXD" },
  { endpoint: "pfs", regimen: "CHEMOTHERAPY", line: "2" },
  { endpoint: "pfs", regimen: "ANY", line: "1" },
  { endpoint: "os-line", regimen: "ENDOCRINE_CDK46", line: "1" },
  { endpoint: "os-line", regimen: "ANY", line: "4plus" },
  { endpoint: "pfs", regimen: "SACITUZUMAB_GOVITECAN", line: "any" },
] as const;

describe("Outcome aggregates equal a brute-force computation over the same rows", () => {
  // The whole registry's views read in ranges of patient ids, two at a time (readInIdParts), as at scale.
  const PARTS = [
    ["one statement", ID_PARTS],
    ["ranges of ids read two at a time", { idsPerGroupedPart: 40, onePartBelow: 0 }],
  ] as const;

  it.each(PARTS)("aggregates survival records for every endpoint, regimen and line (%s)", async (_, parts) => {
    const previous = setIdParts(parts);
    onTestFinished(() => {
      setIdParts(previous);
    });
    let nonEmpty = 0;
    for (const scenario of buildScenarios(fixture)) {
      for (const options of OUTCOME_OPTIONS) {
        const outcome = parseDashboardFilters(options);
        const filters: DashboardFilters = { ...scenario.filters, endpoint: outcome.endpoint, regimen: outcome.regimen, line: outcome.line };
        const expected = bruteForceRecords(scenario.user, filters);
        const result = await aggregateSurvivalRecords(scenario.user, filters);
        const label = `${scenario.name}: ${JSON.stringify(options)}`;
        expect(sortRecords(result.records), label).toEqual(expected.records);
        expect(result.excluded, label).toBe(expected.excluded);
        if (expected.records.length > 0) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it("has Kaplan-Meier group sizes at time 0 (OS from diagnosis) equal to the cohort counts and Table 1 column totals", async () => {
    for (const scenario of buildScenarios(fixture)) {
      const filters = { ...scenario.filters, endpoint: "os" as const };
      const [records, counts, table] = await Promise.all([
        aggregateSurvivalRecords(scenario.user, filters),
        countPatientsByCohort(scenario.user, filters),
        summariseTableOne(scenario.user, filters),
      ]);
      const analysis = analyseSurvival(records.records, { reference: "ZERO", smallCellThreshold: 0 });
      for (const entry of counts.cohorts) {
        const group = analysis.groups.find((candidate) => candidate.cohort === entry.cohort);
        expect(group?.n ?? 0, `${scenario.name}: ${entry.cohort}`).toBe(entry.n);
        expect(table.columns[entry.cohort]).toBe(entry.n);
        const atRisk = analysis.atRisk.find((row) => row.cohort === entry.cohort);
        if (entry.n > 0) expect(atRisk?.counts[0], `${scenario.name}: at risk at 0`).toBe(entry.n);
      }
      expect(analysis.total).toBe(counts.total);
    }
  });

  it.each(PARTS)("counts best responses once per patient and regimen, on the first matching line (%s)", async (_, parts) => {
    const previous = setIdParts(parts);
    onTestFinished(() => {
      setIdParts(previous);
    });
    for (const scenario of buildScenarios(fixture)) {
      for (const options of [{ regimen: "ANY" }, { regimen: "T_DXD" }, { regimen: "ANY", line: "1" }, { regimen: "CHEMOTHERAPY", line: "4plus" }] as const) {
        const outcome = parseDashboardFilters(options);
        const filters: DashboardFilters = { ...scenario.filters, regimen: outcome.regimen, line: outcome.line };
        const patients = new Map(selectPatients(rows, scenario.user, filters).map((patient) => [patient.id, patient]));
        const first = firstLinePerPatient(matchingLines(filters, filters.regimen), (line) => `${line.patientId}:${line.regimenClass}`);
        type Cell = { treated: number; assessed: number; nonMeasurable: number; responders: number; confirmedResponders: number; controlled: number; clinicalBenefit: number };
        const expected = new Map<string, Cell>();
        for (const line of first.values()) {
          const patient = patients.get(line.patientId);
          if (!patient) continue;
          const key = `${line.regimenClass}:${statusAtLineStart(line, filters.scheme)}`;
          const cell = expected.get(key) ?? { treated: 0, assessed: 0, nonMeasurable: 0, responders: 0, confirmedResponders: 0, controlled: 0, clinicalBenefit: 0 };
          cell.treated++;
          const response = line.bestResponse;
          if (response !== null && line.measurability === "NON_MEASURABLE") cell.nonMeasurable++;
          if (response !== null && line.measurability !== "NON_MEASURABLE") {
            cell.assessed++;
            const responded = response === "CR" || response === "PR";
            if (responded) cell.responders++;
            if (responded && line.responseConfirmation === "CONFIRMED") cell.confirmedResponders++;
            if (responded || response === "SD") cell.controlled++;
            const ends = [line.progressionDay, patient.vitalStatus === "DEAD" ? patient.daysToDeath : null].filter((day): day is number => day !== null);
            const progressionFree = (ends.length > 0 ? Math.min(...ends) : patient.daysToLastContact) - line.startDay;
            if (responded || (response === "SD" && progressionFree >= 168)) cell.clinicalBenefit++;
          }
          expected.set(key, cell);
        }
        const result = await countResponsesByRegimen(scenario.user, filters);
        const label = `${scenario.name}: ${JSON.stringify(options)}`;
        expect(result.length, label).toBe(expected.size);
        for (const row of result) {
          const { regimen: _regimen, cohort: _cohort, ...counts } = row;
          expect(counts, `${label}: ${row.regimen} ${row.cohort}`).toEqual(
            expected.get(`${row.regimen}:${row.cohort}`),
          );
        }
      }
    }
  });

  it("counts, by the calendar year a metastatic line started and cohort, the patients starting one and who started each regimen (issue 16 §12)", async () => {
    for (const scenario of buildScenarios(fixture)) {
      for (const line of LINE_FILTER_VALUES) {
        const filters = { ...scenario.filters, line };
        const patients = new Map(selectPatients(rows, scenario.user, filters).map((patient) => [patient.id, patient]));
        const result = await countTreatmentUptake(scenario.user, filters);
        const label = `${scenario.name}: line ${line}`;
        // Each matching line in the calendar year it started: diagnosis year + whole years of its start day.
        const cells = new Map<string, LineRow[]>();
        for (const entry of matchingLines(filters, null)) {
          const patient = patients.get(entry.patientId);
          if (!patient) continue;
          const key = `${patient.diagnosisYear + Math.floor(entry.startDay / 365.25)}:${cohortOf(patient, filters.rule, filters.scheme)}`;
          cells.set(key, [...(cells.get(key) ?? []), entry]);
        }
        expect(result.length, label).toBe(cells.size);
        for (const cell of result) {
          const ofMembers = cells.get(`${cell.year}:${cell.cohort}`) ?? [];
          const starters = new Set(ofMembers.map((entry) => entry.patientId)).size;
          expect(cell.metastatic, `${label}: ${cell.year} ${cell.cohort}`).toBe(starters);
          expect(cell.receivedAny, `${label}: ${cell.year} ${cell.cohort} any`).toBe(starters);
          const regimens = new Set(ofMembers.map((entry) => entry.regimenClass));
          expect(Object.keys(cell.received).sort()).toEqual([...regimens].sort());
          for (const regimen of regimens) {
            expect(cell.received[regimen], `${label}: ${cell.year} ${cell.cohort} ${regimen}`).toBe(
              new Set(ofMembers.filter((entry) => entry.regimenClass === regimen).map((entry) => entry.patientId)).size,
            );
          }
        }
      }
    }
  });

  it("covers every cohort in the OS analysis of the whole cohort", async () => {
    const records = await aggregateSurvivalRecords(fixture.investigator, parseDashboardFilters({}));
    const groups = new Set(records.records.map((record) => record.group));
    for (const cohort of SCHEME_COHORT_KEYS["4"]) expect(groups.has(cohort), cohort).toBe(true);
  });
});

