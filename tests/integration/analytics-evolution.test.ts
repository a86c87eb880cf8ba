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
  const PAIRS = [
    ["firstToLast", "her2FirstCategory", "her2LastCategory"],
    ["primaryToMetastatic", "cohortPrimary", "her2MetastaticCategory"],
    ["preNeoadjuvantToResidual", "her2PreNeoadjuvantCategory", "her2ResidualCategory"],
  ] as const;

  it("counts first → last, primary → metastatic and pre-treatment → residual transitions, by HR status", async () => {
    let transitions = 0;
    for (const scenario of buildScenarios(fixture)) {
      const patients = selectPatients(rows, scenario.user, scenario.filters);
      const result = await countHer2Transitions(scenario.user, scenario.filters);
      for (const [pair, from, to] of PAIRS) {
        const expected = countBy(
          patients.filter((patient) => patient[from] !== null && patient[to] !== null),
          (patient) => `${patient[from]}>${patient[to]}>${patient.hrStatus === "POSITIVE"}`,
        );
        const asMap = new Map(result[pair].map((cell) => [`${cell.from}>${cell.to}>${cell.hrPositive}`, cell.n]));
        expect(asMap, `${scenario.name}: ${pair}`).toEqual(expected);
      }
      transitions += result.firstToLast.length;
    }
    expect(transitions).toBeGreaterThan(10);
  });

  it("gives both published discordance figures and the eligibility changes, as a plain count of the patients", async () => {
    const IHC_0 = new Set(["ZERO", "ULTRALOW", "ZERO_NOS"]);
    const three = (category: string | null) => (category !== null && IHC_0.has(category) ? "HER2_0" : category);
    for (const scheme of ["4", "3"] as const) {
      const filters = parseDashboardFilters({ scheme });
      const view = presentEvolution(await countHer2Transitions(fixture.investigator, filters), await countHer2Calls(fixture.investigator, filters), 0, scheme);
      for (const [pair, fromField, toField] of PAIRS) {
        const patients = selectPatients(rows, fixture.investigator, filters).filter((patient) => patient[fromField] !== null && patient[toField] !== null);
        const matrix = view[pair];
        const label = `${scheme} groups: ${pair}`;
        expect(matrix.total, label).toBe(patients.length);
        expect(matrix.discordance3.n, label).toBe(patients.filter((patient) => three(patient[fromField]) !== three(patient[toField])).length);
        const specified = patients.filter((patient) => patient[fromField] !== "ZERO_NOS" && patient[toField] !== "ZERO_NOS");
        expect(matrix.discordance4, label).toMatchObject({ n: specified.filter((patient) => patient[fromField] !== patient[toField]).length, of: specified.length });
        const fromZero = patients.filter((patient) => IHC_0.has(patient[fromField] ?? ""));
        expect(matrix.zeroToLow, label).toMatchObject({ n: fromZero.filter((patient) => patient[toField] === "LOW").length, of: fromZero.length });
        const hrPositiveNull = patients.filter((patient) => patient.hrStatus === "POSITIVE" && (patient[fromField] === "ZERO" || patient[fromField] === "ZERO_NOS"));
        expect(matrix.nullToUltralowHrPositive, label).toMatchObject({ n: hrPositiveNull.filter((patient) => patient[toField] === "ULTRALOW").length, of: hrPositiveNull.length });
        const fromUltralow = patients.filter((patient) => patient[fromField] === "ULTRALOW");
        expect(matrix.ultralowToLow, label).toMatchObject({ n: fromUltralow.filter((patient) => patient[toField] === "LOW").length, of: fromUltralow.length });
      }
      expect(view.firstToLast.zeroToLow.n).toBeGreaterThan(0);
    }
  });

  it("counts HER2-negative calls of live tests by site and by assay", async () => {
    for (const scenario of buildScenarios(fixture)) {
      const patients = new Map(selectPatients(rows, scenario.user, scenario.filters).map((patient) => [patient.id, patient]));
      // The sites' own (local) reads only: central reviews and research re-reads are another reader's call.
      const tests = rows.tests.filter(
        (test) =>
          test.deletedAt === null &&
          test.readKind === "LOCAL" &&
          patients.has(test.patientId) &&
          (test.category === "ZERO" || test.category === "ULTRALOW" || test.category === "ZERO_NOS" || test.category === "LOW"),
      );
      const tally = (subset: typeof tests) => ({
        zero: subset.filter((test) => test.category === "ZERO").length,
        ultralow: subset.filter((test) => test.category === "ULTRALOW").length,
        zeroNos: subset.filter((test) => test.category === "ZERO_NOS").length,
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
      for (const site of result.bySite) expect({ zero: site.zero, ultralow: site.ultralow, zeroNos: site.zeroNos, low: site.low }, `${scenario.name}: ${site.code}`).toEqual(tally(bySite.get(site.code) ?? []));
      const assays = [...new Set(tests.map((test) => test.assay))];
      expect(result.byAssay.map((assay) => assay.assay).sort(), scenario.name).toEqual(assays.sort());
      for (const assay of result.byAssay) {
        expect({ zero: assay.zero, ultralow: assay.ultralow, zeroNos: assay.zeroNos, low: assay.low }, `${scenario.name}: ${assay.assay}`).toEqual(tally(tests.filter((test) => test.assay === assay.assay)));
      }
    }
  });

  it("shows the site that scores IHC 0 as 1+ more often above the pooled HER2-low rate", async () => {
    const filters = parseDashboardFilters({});
    const view = presentEvolution(await countHer2Transitions(fixture.investigator, filters), await countHer2Calls(fixture.investigator, filters), 0, "4");
    const biased = view.sites.low.units.find((unit) => unit.key === fixture.siteA.code);
    const other = view.sites.low.units.find((unit) => unit.key === fixture.siteB.code);
    expect(biased?.z).toBeGreaterThan(0);
    expect(other?.z).toBeLessThan(0);
    expect((biased?.rate?.rate ?? 0) > (other?.rate?.rate ?? 1)).toBe(true);
  });
});
