// The cohort view's forest plot of subgroups (issue 14 §4) equals a brute-force computation over
// the same database rows: the grouped cells against each patient read by the definitions, under
// every user scope and filter scenario, each endpoint and several cohort pairs; and every figure
// of the page (patients, events, hazard ratio and CI per level and cohort, interaction p) against
// the statistics core run on one row per patient.
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { cohortForestCategories } from "../../lib/analytics/cohort-forest";
import { queryCohortForestRows, type CohortForestRow } from "../../lib/analytics/cohort-forest-rows";
import { ID_PARTS, setIdParts } from "../../lib/analytics/id-parts";
import { parseDashboardFilters, type DashboardFilters } from "../../lib/analytics/filters";
import { loadCohortForest } from "../../lib/analytics/load-cohort-forest";
import { forestRowNote } from "../../lib/analytics/regimen-comparison-cox";
import { DAYS_PER_MONTH } from "../../lib/analytics/survival-analysis";
import type { SessionUser } from "../../lib/auth/roles";
import { coxInteractionTest, coxProportionalHazards } from "../../lib/stats/survival";
import type { Fixture } from "../support/fixtures";
import { buildScenarios, readRows, seedAnalyticsCohort, selectPatients, type Rows } from "../support/analytics-cohort";

let fixture: Fixture;
let rows: Rows;

beforeAll(async () => {
  fixture = await seedAnalyticsCohort({ patients: 600, seed: 41 });
  rows = await readRows();
}, 300_000);

type Patient = { cohort: string; time: number; event: boolean; levels: Record<string, string> };

/** One entry per patient of the two cohorts, by the definitions in the words of queryCohortForestRows. */
function bruteForce(user: SessionUser, filters: DashboardFilters): Patient[] {
  const categories = [...cohortForestCategories(filters.cohortForest.cohort), ...cohortForestCategories(filters.cohortForest.reference)];
  const siteCodes = new Map(rows.sites.map((site) => [site.id, site.code]));
  const result: Patient[] = [];
  for (const patient of selectPatients(rows, user, filters)) {
    const dead = patient.vitalStatus === "DEAD";
    const osDay = dead ? (patient.daysToDeath ?? Number.NaN) : patient.daysToLastContact;
    const levels: Record<string, string> = {
      ageGroup: patient.ageAtDiagnosis < 50 ? "Under 50" : patient.ageAtDiagnosis < 70 ? "50-69" : "70 or older",
      hrStatus: patient.hrStatus ?? "UNKNOWN",
      menopausal: patient.menopausalStatus ?? "UNKNOWN",
      site: siteCodes.get(patient.siteId) ?? "",
      era: patient.diagnosisYear < 2015 ? "Before 2015" : patient.diagnosisYear < 2020 ? "2015-2019" : "2020 or later",
    };
    let entry: Patient | null;
    if (filters.endpoint === "os") {
      const cohort = filters.rule === "latest" ? patient.cohortLatest : filters.rule === "primary" ? patient.cohortPrimary : patient.cohortHighest;
      entry = cohort === null ? null : { cohort, time: osDay, event: dead, levels };
    } else {
      const line = rows.lines
        .filter(
          (candidate) =>
            candidate.patientId === patient.id &&
            candidate.deletedAt === null &&
            candidate.setting === "METASTATIC" &&
            (filters.regimen === "ANY" || candidate.regimenClass === filters.regimen) &&
            (filters.line === "any" || (filters.line === "4plus" ? candidate.lineNumber >= 4 : candidate.lineNumber === Number(filters.line))),
        )
        .sort((a, b) => a.startDay - b.startDay || a.lineNumber - b.lineNumber || a.id - b.id)[0];
      if (!line || line.her2AtStart === null) entry = null;
      else {
        const ends = [line.progressionDay, dead ? patient.daysToDeath : null].filter((day): day is number => day !== null);
        const eventDay = ends.length > 0 ? Math.min(...ends) : null;
        const [time, event] = filters.endpoint === "pfs" ? [(eventDay ?? patient.daysToLastContact) - line.startDay, eventDay !== null] : [osDay - line.startDay, dead];
        entry = { cohort: line.her2AtStart, time, event, levels: { ...levels, lineGroup: line.lineNumber >= 4 ? "4 or later" : String(line.lineNumber) } };
      }
    }
    if (entry && categories.includes(entry.cohort) && entry.time >= 0) result.push(entry);
  }
  return result;
}

/** The patients counted per cell, each under its arm's cohort key (HER2-0's categories in one cell). */
function tallyPatients(patients: Patient[], filters: DashboardFilters): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const cohortCategories = cohortForestCategories(filters.cohortForest.cohort);
  for (const patient of patients) {
    const arm = cohortCategories.includes(patient.cohort) ? filters.cohortForest.cohort : filters.cohortForest.reference;
    add(JSON.stringify(["all", "all", arm, patient.time, patient.event]));
    for (const [variable, level] of Object.entries(patient.levels)) add(JSON.stringify([variable, level, arm, patient.time, patient.event]));
  }
  return counts;
}

function tallyCells(cells: CohortForestRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const cell of cells) {
    const key = JSON.stringify([cell.variable, cell.level, cell.cohort, cell.time, cell.event]);
    expect(counts.has(key), `one cell per key: ${key}`).toBe(false);
    counts.set(key, cell.n);
  }
  return counts;
}

const OPTIONS = [
  {},
  { endpoint: "pfs" },
  { endpoint: "os-line", regimen: "ANY", line: "1" },
  { endpoint: "pfs", regimen: "CHEMOTHERAPY", fcohort: "ULTRALOW", fref: "ZERO" },
  { fcohort: "POSITIVE", fref: "LOW" },
] as const;

describe("the cohort forest equals a brute-force computation over the same rows", { timeout: 600_000 }, () => {
  it.each([
    ["one statement", ID_PARTS],
    ["ranges of ids read two at a time", { idsPerPart: 40, onePartBelow: 0 }],
  ])("groups each patient once per subgroup variable, with the cohort, follow-up and levels of the definitions (%s)", async (_, parts) => {
    const previous = setIdParts(parts);
    onTestFinished(() => {
      setIdParts(previous);
    });
    let compared = 0;
    for (const scenario of buildScenarios(fixture)) {
      for (const options of OPTIONS) {
        const filters: DashboardFilters = { ...scenario.filters, ...parseDashboardFilters({ ...options, rule: scenario.filters.rule }) };
        const merged = { ...filters, sites: scenario.filters.sites, yearFrom: scenario.filters.yearFrom, yearTo: scenario.filters.yearTo, hr: scenario.filters.hr, stage: scenario.filters.stage, setting: scenario.filters.setting };
        const expected = tallyPatients(bruteForce(scenario.user, merged), merged);
        const actual = tallyCells(await queryCohortForestRows(scenario.user, merged));
        expect(actual, `${scenario.name}: ${JSON.stringify(options)}`).toEqual(expected);
        compared += [...expected.entries()].filter(([key]) => key.startsWith('["all"')).reduce((sum, [, n]) => sum + n, 0);
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  for (const options of [{ endpoint: "pfs", regimen: "ANY" }, { endpoint: "os" }, { endpoint: "os", landmark: "12", scheme: "3" }] as const) {
    it(`gives every figure of the page as the statistics core on one row per patient (${JSON.stringify(options)})`, async () => {
      const filters = parseDashboardFilters(options);
      const view = await loadCohortForest(fixture.investigator, filters, { budgetMs: 300_000 });
      if (view.status !== "ready") throw new Error("expected a forest");
      const landmark = filters.endpoint === "os" ? Math.round(filters.landmarkMonths * DAYS_PER_MONTH) : 0;
      const cohortA = cohortForestCategories(filters.cohortForest.cohort);
      const patients = bruteForce(fixture.investigator, filters)
        .filter((patient) => patient.time >= landmark)
        .map((patient) => ({ ...patient, time: patient.time - landmark, arm: cohortA.includes(patient.cohort) ? "A" : "B" }));
      expect(new Set(patients.map((patient) => patient.arm))).toEqual(new Set(["A", "B"]));
      let checkedHazardRatios = 0;
      const check = (row: (typeof view.forest.groups)[number]["rows"][number], members: typeof patients) => {
        const arm = (name: string) => members.filter((patient) => patient.arm === name);
        expect(row.patients).toEqual({ a: arm("A").length, b: arm("B").length });
        expect(row.events).toEqual({ a: arm("A").filter((p) => p.event).length, b: arm("B").filter((p) => p.event).length });
        const estimable = arm("A").some((p) => p.event) && arm("B").some((p) => p.event);
        // One record per patient: the ungrouped input of the same Cox fit.
        const records = members.map((p) => ({ group: p.arm, time: p.time, events: p.event ? 1 : 0, censored: p.event ? 0 : 1 }));
        let term: { hazardRatio: number; lower: number; upper: number; pValue: number } | undefined;
        let refusal: string | null = null;
        if (estimable) {
          try {
            term = coxProportionalHazards(records, { reference: "B", ties: "efron" }).terms.find((entry) => entry.group === "A");
          } catch (error) {
            // The page words the core's refusal for a forest row (an infinite coefficient without the fit's group name).
            refusal = forestRowNote(error);
          }
        }
        if (!estimable || refusal !== null) {
          expect(row.hazardRatio, row.label).toBeNull();
          if (refusal !== null) expect(row.note).toBe(refusal);
          return;
        }
        if (!row.hazardRatio) throw new Error(`${row.label}: ${row.note ?? ""}`);
        expect(row.hazardRatio.hazardRatio).toBeCloseTo(term?.hazardRatio ?? Number.NaN, 8);
        expect(row.hazardRatio.lower).toBeCloseTo(term?.lower ?? Number.NaN, 8);
        expect(row.hazardRatio.upper).toBeCloseTo(term?.upper ?? Number.NaN, 8);
        expect(row.hazardRatio.pValue).toBeCloseTo(term?.pValue ?? Number.NaN, 8);
        checkedHazardRatios += 1;
      };
      check(view.forest.overall, patients);
      let checkedInteractions = 0;
      for (const group of view.forest.groups) {
        const levels = new Set(patients.map((patient) => patient.levels[group.variable] ?? ""));
        expect(new Set(group.rows.map((row) => row.level))).toEqual(levels);
        for (const row of group.rows) check(row, patients.filter((patient) => patient.levels[group.variable] === row.level));
        const outcome = view.interactions.find((entry) => entry.variable === group.variable)?.outcome;
        let expected: ReturnType<typeof coxInteractionTest> | null = null;
        try {
          expected = coxInteractionTest(
            patients.map((p) => ({ time: p.time, event: p.event, treatment: p.arm === "A" ? 1 : 0, subgroup: p.levels[group.variable] ?? "" })),
            { ties: "efron" },
          );
        } catch {
          expected = null;
        }
        if (expected === null) {
          expect(outcome?.status).toBe("not-tested");
          continue;
        }
        if (outcome?.status !== "done") throw new Error(`${group.variable}: ${JSON.stringify(outcome)}`);
        expect(outcome.pValue).toBeCloseTo(expected.pValue, 8);
        expect(outcome.statistic).toBeCloseTo(expected.statistic, 6);
        expect(outcome.df).toBe(expected.df);
        expect(group.interaction.ok && group.interaction.pValue).toBeCloseTo(expected.pValue, 8);
        checkedInteractions += 1;
      }
      expect(checkedHazardRatios).toBeGreaterThan(8);
      expect(checkedInteractions).toBeGreaterThanOrEqual(4);
    });
  }

  it("refuses two cohorts that share patients", async () => {
    expect(await loadCohortForest(fixture.investigator, parseDashboardFilters({ fcohort: "ZERO", fref: "HER2_0" }))).toEqual({ status: "overlap" });
  });
});
