import { beforeAll, describe, expect, it } from "vitest";
import { countHer2Calls } from "../../lib/analytics/calling-rates";
import { parseDashboardFilters } from "../../lib/analytics/filters";
import { countHer2Transitions } from "../../lib/analytics/her2-transitions";
import { presentEvolution } from "../../lib/analytics/present-evolution";
import type { Fixture } from "../support/fixtures";
import { buildScenarios, countBy, readRows, seedAnalyticsCohort, selectPatients, type Rows } from "../support/analytics-cohort";

let fixture: Fixture;
let rows: Rows;

beforeAll(async () => {
  fixture = await seedAnalyticsCohort({ seed: 14 });
  rows = await readRows();
});

describe("Evolution aggregates equal a brute-force count over the same rows", () => {
  it("counts first → last and primary → metastatic transitions", async () => {
    let transitions = 0;
    for (const scenario of buildScenarios(fixture)) {
      const patients = selectPatients(rows, scenario.user, scenario.filters);
      const firstToLast = countBy(
        patients.filter((patient) => patient.her2FirstCategory !== null && patient.her2LastCategory !== null),
        (patient) => `${patient.her2FirstCategory}>${patient.her2LastCategory}`,
      );
      const primaryToMetastatic = countBy(
        patients.filter((patient) => patient.cohortPrimary !== null && patient.her2MetastaticCategory !== null),
        (patient) => `${patient.cohortPrimary}>${patient.her2MetastaticCategory}`,
      );
      const result = await countHer2Transitions(scenario.user, scenario.filters);
      const asMap = (cells: { from: string; to: string; n: number }[]) => new Map(cells.map((cell) => [`${cell.from}>${cell.to}`, cell.n]));
      expect(asMap(result.firstToLast), scenario.name).toEqual(firstToLast);
      expect(asMap(result.primaryToMetastatic), scenario.name).toEqual(primaryToMetastatic);
      transitions += result.firstToLast.length;
    }
    expect(transitions).toBeGreaterThan(10);
  });

  it("gives the discordance rate and the share of HER2-zero patients who became HER2-low or ultralow", async () => {
    const filters = parseDashboardFilters({});
    const patients = selectPatients(rows, fixture.investigator, filters).filter(
      (patient) => patient.her2FirstCategory !== null && patient.her2LastCategory !== null,
    );
    const view = presentEvolution(await countHer2Transitions(fixture.investigator, filters), await countHer2Calls(fixture.investigator, filters), 0);
    const discordant = patients.filter((patient) => patient.her2FirstCategory !== patient.her2LastCategory).length;
    expect(view.firstToLast.total).toBe(patients.length);
    expect(view.firstToLast.discordant).toBe(discordant);
    expect(view.firstToLast.discordance?.rate).toBeCloseTo(discordant / patients.length, 12);
    const fromZero = patients.filter((patient) => patient.her2FirstCategory === "ZERO");
    const moved = fromZero.filter((patient) => patient.her2LastCategory === "LOW" || patient.her2LastCategory === "ULTRALOW");
    expect(view.firstToLast.fromZero).toBe(fromZero.length);
    expect(view.firstToLast.zeroToLowOrUltralow).toBe(moved.length);
    expect(moved.length).toBeGreaterThan(0);
  });

  it("counts HER2-negative calls of live tests by site and by assay", async () => {
    for (const scenario of buildScenarios(fixture)) {
      const patients = new Map(selectPatients(rows, scenario.user, scenario.filters).map((patient) => [patient.id, patient]));
      const tests = rows.tests.filter(
        (test) => test.deletedAt === null && patients.has(test.patientId) && (test.category === "ZERO" || test.category === "ULTRALOW" || test.category === "LOW"),
      );
      const tally = (subset: typeof tests) => ({
        zero: subset.filter((test) => test.category === "ZERO").length,
        ultralow: subset.filter((test) => test.category === "ULTRALOW").length,
        low: subset.filter((test) => test.category === "LOW").length,
      });
      const result = await countHer2Calls(scenario.user, scenario.filters);
      const siteCodes = new Map(rows.sites.map((site) => [site.id, site.code]));
      const bySite = new Map<string, typeof tests>();
      for (const test of tests) {
        const code = siteCodes.get(patients.get(test.patientId)?.siteId ?? -1) ?? "";
        bySite.set(code, [...(bySite.get(code) ?? []), test]);
      }
      expect(result.bySite.map((site) => site.code), scenario.name).toEqual([...bySite.keys()].sort());
      for (const site of result.bySite) expect({ zero: site.zero, ultralow: site.ultralow, low: site.low }, `${scenario.name}: ${site.code}`).toEqual(tally(bySite.get(site.code) ?? []));
      const assays = [...new Set(tests.map((test) => test.assay))];
      expect(result.byAssay.map((assay) => assay.assay).sort(), scenario.name).toEqual(assays.sort());
      for (const assay of result.byAssay) {
        expect({ zero: assay.zero, ultralow: assay.ultralow, low: assay.low }, `${scenario.name}: ${assay.assay}`).toEqual(tally(tests.filter((test) => test.assay === assay.assay)));
      }
    }
  });

  it("shows the site that scores IHC 0 as 1+ more often above the pooled HER2-low rate", async () => {
    const filters = parseDashboardFilters({});
    const view = presentEvolution(await countHer2Transitions(fixture.investigator, filters), await countHer2Calls(fixture.investigator, filters), 0);
    const biased = view.sites.low.units.find((unit) => unit.key === fixture.siteA.code);
    const other = view.sites.low.units.find((unit) => unit.key === fixture.siteB.code);
    expect(biased?.z).toBeGreaterThan(0);
    expect(other?.z).toBeLessThan(0);
    expect((biased?.rate?.rate ?? 0) > (other?.rate?.rate ?? 1)).toBe(true);
  });
});
