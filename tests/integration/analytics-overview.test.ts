import { beforeAll, describe, expect, it } from "vitest";
import { countAccrualByYear } from "../../lib/analytics/accrual";
import { countPatientsByCohort } from "../../lib/analytics/cohort-counts";
import { countCohortsByDiagnosisYear } from "../../lib/analytics/cohort-composition-by-year";
import { COHORT_KEYS, SCHEME_COHORT_KEYS } from "../../lib/analytics/cohorts";
import { listFilterOptions } from "../../lib/analytics/filter-options";
import { parseDashboardFilters } from "../../lib/analytics/filters";
import { countCohortsBySite } from "../../lib/analytics/site-breakdown";
import type { Fixture } from "../support/fixtures";
import { buildScenarios, cohortOf, countBy, readRows, seedAnalyticsCohort, selectPatients, type Rows } from "../support/analytics-cohort";

let fixture: Fixture;
let rows: Rows;

beforeAll(async () => {
  fixture = await seedAnalyticsCohort();
  rows = await readRows();
});

describe("Overview aggregates equal a brute-force count over the same rows", () => {
  it("has a cohort worth testing: both sites, every cohort, unclassified and soft-deleted patients", () => {
    const live = rows.patients.filter((patient) => patient.deletedAt === null);
    expect(live.length).toBeGreaterThan(350);
    expect(rows.patients.length - live.length).toBeGreaterThan(5);
    const cohorts = countBy(live, (patient) => cohortOf(patient, "latest"));
    for (const cohort of SCHEME_COHORT_KEYS["4"]) expect(cohorts.get(cohort) ?? 0, cohort).toBeGreaterThan(0);
    expect(new Set(live.map((patient) => patient.siteId)).size).toBe(2);
  });

  it("counts patients per cohort", async () => {
    for (const scenario of buildScenarios(fixture)) {
      const patients = selectPatients(rows, scenario.user, scenario.filters);
      const expected = countBy(patients, (patient) => cohortOf(patient, scenario.filters.rule, scenario.filters.scheme));
      const result = await countPatientsByCohort(scenario.user, scenario.filters);
      expect(result.total, scenario.name).toBe(patients.length);
      for (const entry of result.cohorts) {
        expect(entry.n, `${scenario.name}: ${entry.cohort}`).toBe(expected.get(entry.cohort) ?? 0);
        expect(entry.percent).toBeCloseTo(patients.length === 0 ? 0 : (100 * entry.n) / patients.length, 10);
      }
    }
  });

  it("counts patients per diagnosis year and cohort, with no year missing in the range", async () => {
    for (const scenario of buildScenarios(fixture)) {
      const patients = selectPatients(rows, scenario.user, scenario.filters);
      const result = await countCohortsByDiagnosisYear(scenario.user, scenario.filters);
      const years = patients.map((patient) => patient.diagnosisYear);
      if (patients.length === 0) {
        expect(result, scenario.name).toEqual([]);
        continue;
      }
      expect(result.map((year) => year.year)).toEqual(
        Array.from({ length: Math.max(...years) - Math.min(...years) + 1 }, (_, i) => Math.min(...years) + i),
      );
      for (const year of result) {
        const ofYear = patients.filter((patient) => patient.diagnosisYear === year.year);
        expect(year.total, `${scenario.name}: ${year.year}`).toBe(ofYear.length);
        const expected = countBy(ofYear, (patient) => cohortOf(patient, scenario.filters.rule, scenario.filters.scheme));
        for (const cohort of COHORT_KEYS) expect(year.counts[cohort]).toBe(expected.get(cohort) ?? 0);
      }
    }
  });

  it("counts accrual by year with its running total", async () => {
    for (const scenario of buildScenarios(fixture)) {
      const patients = selectPatients(rows, scenario.user, scenario.filters);
      const byYear = countBy(patients, (patient) => String(patient.diagnosisYear));
      const years = [...byYear.keys()].map(Number).sort((a, b) => a - b);
      let running = 0;
      const expected = years.map((year) => {
        running += byYear.get(String(year)) ?? 0;
        return { year, patients: byYear.get(String(year)) ?? 0, cumulative: running };
      });
      expect(await countAccrualByYear(scenario.user, scenario.filters), scenario.name).toEqual(expected);
    }
  });

  it("counts patients per site and cohort", async () => {
    for (const scenario of buildScenarios(fixture)) {
      const patients = selectPatients(rows, scenario.user, scenario.filters);
      const result = await countCohortsBySite(scenario.user, scenario.filters);
      const siteIds = [...new Set(patients.map((patient) => patient.siteId))];
      expect(result.map((site) => site.code).sort(), scenario.name).toEqual(
        siteIds.map((id) => rows.sites.find((site) => site.id === id)?.code).sort(),
      );
      for (const site of result) {
        const siteId = rows.sites.find((candidate) => candidate.code === site.code)?.id;
        const ofSite = patients.filter((patient) => patient.siteId === siteId);
        expect(site.total).toBe(ofSite.length);
        const expected = countBy(ofSite, (patient) => cohortOf(patient, scenario.filters.rule, scenario.filters.scheme));
        for (const cohort of COHORT_KEYS) expect(site.counts[cohort], `${scenario.name}: ${site.code} ${cohort}`).toBe(expected.get(cohort) ?? 0);
      }
    }
  });

  it("keeps a coordinator to their own site whatever the filters ask", async () => {
    const filters = parseDashboardFilters({ site: `${fixture.siteA.code},${fixture.siteB.code}` });
    const mine = await countPatientsByCohort(fixture.coordinatorA, filters);
    const expected = rows.patients.filter((patient) => patient.deletedAt === null && patient.siteId === fixture.siteA.id).length;
    expect(mine.total).toBe(expected);
    const sites = await countCohortsBySite(fixture.coordinatorA, filters);
    expect(sites.map((site) => site.code)).toEqual([fixture.siteA.code]);
    const elsewhere = await countPatientsByCohort(fixture.coordinatorA, parseDashboardFilters({ site: fixture.siteB.code }));
    expect(elsewhere.total).toBe(expected);
  });

  it("offers the filter choices within the user's scope", async () => {
    const live = rows.patients.filter((patient) => patient.deletedAt === null);
    const investigator = await listFilterOptions(fixture.investigator);
    expect(investigator.sites.map((site) => site.code)).toEqual(rows.sites.map((site) => site.code));
    expect(investigator.years).toEqual({
      first: Math.min(...live.map((patient) => patient.diagnosisYear)),
      last: Math.max(...live.map((patient) => patient.diagnosisYear)),
    });
    const coordinator = await listFilterOptions(fixture.coordinatorB);
    expect(coordinator.sites.map((site) => site.code)).toEqual([fixture.siteB.code]);
    const ofB = live.filter((patient) => patient.siteId === fixture.siteB.id).map((patient) => patient.diagnosisYear);
    expect(coordinator.years).toEqual({ first: Math.min(...ofB), last: Math.max(...ofB) });
  });

  it("treats a parameter that tries to inject SQL as data", async () => {
    const filters = parseDashboardFilters({ site: "01'; DROP TABLE patients; --", hr: "POSITIVE') OR TRUE --" });
    const result = await countPatientsByCohort(fixture.investigator, filters);
    // The site code is not a valid code and is dropped; the HR value is not a choice: no filter.
    expect(result.total).toBe(rows.patients.filter((patient) => patient.deletedAt === null).length);
    expect((await readRows()).patients.length).toBe(rows.patients.length);
  });
});
