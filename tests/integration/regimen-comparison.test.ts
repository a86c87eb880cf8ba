// The regimen comparison's counted cells (issue 14 §3) equal a brute-force reading of the
// definitions over the same database rows, one entry per patient, under every user scope and
// filter scenario, for several comparisons; and every figure of the comparison computed from the
// grouped cells (weighted Cox fits, in the statistics workers as the page runs them) equals the
// one computed from the brute-force patients, one row each (unweighted fits).
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { HER2_0_CATEGORIES } from "../../lib/analytics/cohorts";
import { parseDashboardFilters, type DashboardFilters } from "../../lib/analytics/filters";
import { ID_PARTS, setIdParts } from "../../lib/analytics/id-parts";
import { analyseRegimenComparison, cellsOfPatients, type ComparisonOptions, type ComparisonPatient } from "../../lib/analytics/regimen-comparison";
import { comparisonCellsOf, comparisonColumnsOf, groupComparisonCells } from "../../lib/analytics/regimen-comparison-cells";
import { analyseRegimenComparisonOffThread } from "../../lib/analytics/regimen-comparison-off-thread";
import { queryComparisonRows } from "../../lib/analytics/regimen-comparison-rows";
import type { SessionUser } from "../../lib/auth/roles";
import { coxProportionalHazards } from "../../lib/stats/survival";
import type { Fixture } from "../support/fixtures";
import { expectSameFigures } from "../support/same-figures";
import { buildScenarios, readRows, seedAnalyticsCohort, selectPatients, type Rows } from "../support/analytics-cohort";

let fixture: Fixture;
let rows: Rows;

beforeAll(async () => {
  fixture = await seedAnalyticsCohort({ patients: 600, seed: 14 });
  rows = await readRows();
});

type Patient = ComparisonPatient;

/** One entry per patient, by the definitions in the words of queryComparisonRows. */
function bruteForce(user: SessionUser, filters: DashboardFilters): Patient[] {
  const comparison = filters.comparison;
  const categories: string[] = comparison.cohort === "HER2_0" ? [...HER2_0_CATEGORIES] : [comparison.cohort];
  const siteCodes = new Map(rows.sites.map((site) => [site.id, site.code]));
  const result: Patient[] = [];
  for (const patient of selectPatients(rows, user, filters)) {
    const candidates = rows.lines
      .filter(
        (line) =>
          line.patientId === patient.id &&
          line.deletedAt === null &&
          line.setting === comparison.setting &&
          (line.regimenClass === comparison.armA || line.regimenClass === comparison.armB) &&
          line.her2AtStart !== null &&
          categories.includes(line.her2AtStart) &&
          line.lineNumber >= comparison.lineFrom &&
          (comparison.lineTo === 4 || line.lineNumber <= comparison.lineTo),
      )
      .sort((a, b) => a.startDay - b.startDay || a.lineNumber - b.lineNumber || a.id - b.id);
    const line = candidates[0];
    if (!line) continue;
    const dead = patient.vitalStatus === "DEAD";
    const ends = [line.progressionDay, dead ? patient.daysToDeath : null].filter((day): day is number => day !== null);
    const eventDay = ends.length > 0 ? Math.min(...ends) : null;
    const pfsTime = (eventDay ?? patient.daysToLastContact) - line.startDay;
    const osTime = (dead ? (patient.daysToDeath ?? Number.NaN) : patient.daysToLastContact) - line.startDay;
    if (pfsTime < 0 || osTime < 0) continue;
    const priorCdk46 = rows.lines.some((other) => other.patientId === patient.id && other.deletedAt === null && other.regimenClass === "ENDOCRINE_CDK46" && other.startDay < line.startDay);
    result.push({
      arm: line.regimenClass,
      pfsTime,
      pfsEvent: eventDay !== null,
      osTime,
      osEvent: dead,
      ageGroup: patient.ageAtDiagnosis < 50 ? "Under 50" : patient.ageAtDiagnosis < 70 ? "50-69" : "70 or older",
      hrStatus: patient.hrStatus ?? "UNKNOWN",
      menopausal: patient.menopausalStatus ?? "UNKNOWN",
      lineGroup: line.lineNumber >= 4 ? "4 or later" : String(line.lineNumber),
      site: siteCodes.get(patient.siteId) ?? "",
      era: patient.diagnosisYear < 2015 ? "Before 2015" : patient.diagnosisYear < 2020 ? "2015-2019" : "2020 or later",
      priorCdk46,
      response: line.bestResponse === "SD" && pfsTime >= 168 ? "SD24" : line.bestResponse,
      measurable: line.measurability !== "NON_MEASURABLE",
    });
  }
  return result;
}

const COMPARISONS = [
  { view: "regimens" },
  { view: "regimens", armA: "T_DXD", armB: "CHEMOTHERAPY", armCohort: "HER2_0", lineFrom: "1", lineTo: "4" },
  { view: "regimens", armA: "SACITUZUMAB_GOVITECAN", armB: "CHEMOTHERAPY", armCohort: "ZERO", lineFrom: "2", lineTo: "3" },
  { view: "regimens", armA: "ENDOCRINE_CDK46", armB: "ENDOCRINE", armCohort: "LOW", lineFrom: "1", lineTo: "1" },
  { view: "regimens", armA: "HER2_TKI", armB: "T_DM1", armCohort: "POSITIVE", lineFrom: "2", lineTo: "4" },
] as const;

const ADJUST_ALL = { adjust: "age,hr,line,cdk46" } as const;

describe("the regimen comparison equals a brute-force computation over the same rows", { timeout: 300_000 }, () => {
  it.each([
    ["one statement", ID_PARTS],
    ["ranges of ids read two at a time", { idsPerPart: 40, onePartBelow: 0 }],
  ])("counts each patient's first line of either arm, with its follow-up, response and subgroups, in every grouping (%s)", async (_, parts) => {
    const previous = setIdParts(parts);
    onTestFinished(() => {
      setIdParts(previous);
    });
    let compared = 0;
    for (const scenario of buildScenarios(fixture)) {
      for (const [index, options] of COMPARISONS.entries()) {
        // Every adjustment covariate, one, or none, and the OS forest plot in turn, so that every grouping set is checked.
        const extra = [{ ...ADJUST_ALL, forest: "os" }, { adjust: "hr", forest: "pfs" }, { forest: "os" }][index % 3];
        const filters: DashboardFilters = { ...scenario.filters, view: "regimens", comparison: parseDashboardFilters({ ...options, ...extra }).comparison };
        const patients = bruteForce(scenario.user, filters);
        const expected = groupComparisonCells(cellsOfPatients(patients, filters.comparison.adjust, filters.comparison.forest));
        const found = groupComparisonCells(comparisonCellsOf(await queryComparisonRows(scenario.user, filters), filters.comparison));
        expect(found, `${scenario.name}: ${JSON.stringify(options)}`).toEqual(expected);
        compared += patients.length;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("gives every figure the per-patient computation gives: curves, tests, hazard ratios, adjusted models, forest plot, response rates", async () => {
    for (const options of COMPARISONS) {
      for (const forest of ["pfs", "os"] as const) {
        const filters = parseDashboardFilters({ ...options, ...ADJUST_ALL, forest });
        const comparison: ComparisonOptions = { armA: filters.comparison.armA, armB: filters.comparison.armB, adjust: filters.comparison.adjust, forest, tauMonths: 12, smallCellThreshold: 0 };
        const patients = bruteForce(fixture.investigator, filters);
        const expected = analyseRegimenComparison(comparisonColumnsOf(cellsOfPatients(patients, comparison.adjust, forest), comparison), comparison);
        const cells = await queryComparisonRows(fixture.investigator, filters);
        expectSameFigures(analyseRegimenComparison(cells, comparison), expected, `${JSON.stringify(options)} ${forest}`);
        // As the page computes it: the Cox models in the statistics workers.
        expectSameFigures(await analyseRegimenComparisonOffThread(cells, comparison, { budgetMs: 120_000 }), expected, `${JSON.stringify(options)} ${forest}, off thread`);
      }
    }
  });

  it("says, typed, that the adjusted models and interaction tests were not computed in time when the statistics budget runs out, and still shows the rest", async () => {
    const filters = parseDashboardFilters({ view: "regimens", ...ADJUST_ALL });
    const comparison: ComparisonOptions = { armA: filters.comparison.armA, armB: filters.comparison.armB, adjust: filters.comparison.adjust, forest: "pfs", tauMonths: 12, smallCellThreshold: 0 };
    const cells = await queryComparisonRows(fixture.investigator, filters);
    // No budget at all (with 1 ms, a worker that finished first made this test fail on a busy machine).
    const view = await analyseRegimenComparisonOffThread(cells, comparison, { budgetMs: 0 });
    // The forest's per-level hazard ratios are computed on the request thread, so they are shown as
    // computed on one thread; its interaction tests are not.
    const onThread = analyseRegimenComparison(cells, comparison);
    expect(view.forest.endpoint).toBe("pfs");
    expect(view.forest.overall).toEqual(onThread.forest.overall);
    expect(view.forest.groups.map((group) => group.rows)).toEqual(onThread.forest.groups.map((group) => group.rows));
    expect(view.forest.overall.hazardRatio).not.toBeNull();
    expect(view.forest.groups).toHaveLength(6);
    for (const group of view.forest.groups) {
      expect(group.interaction).toMatchObject({ ok: false, notComputedInTime: { budgetMs: 0, phase: "queued" } });
      expect(!group.interaction.ok && group.interaction.reason).toMatch(/^Not computed in time/);
    }
    expect(view.pfs.adjusted).toMatchObject({ ok: false, notComputedInTime: { budgetMs: 0, phase: "queued" } });
    expect(view.os.adjusted).toMatchObject({ ok: false, notComputedInTime: { budgetMs: 0, phase: "queued" } });
    expect(view.pfs.hazardRatio.ok && view.pfs.logRank.ok && view.os.rmst.ok).toBe(true);
  });

  it("gives the hazard ratio the statistics core gives on the brute-force patients (T-DXd vs chemotherapy, HER2-low, line 2+)", async () => {
    const filters = parseDashboardFilters({ view: "regimens", armCohort: "LOW", lineFrom: "1" });
    const patients = bruteForce(fixture.investigator, filters);
    expect(new Set(patients.map((patient) => patient.arm))).toEqual(new Set(["T_DXD", "CHEMOTHERAPY"]));
    const records = patients.map((patient) => ({ group: patient.arm, time: patient.pfsTime, events: patient.pfsEvent ? 1 : 0, censored: patient.pfsEvent ? 0 : 1 }));
    const expected = coxProportionalHazards(records, { reference: "CHEMOTHERAPY", ties: "efron" }).terms[0];
    const view = analyseRegimenComparison(await queryComparisonRows(fixture.investigator, filters), {
      armA: "T_DXD",
      armB: "CHEMOTHERAPY",
      adjust: [],
      forest: "pfs",
      tauMonths: 12,
      smallCellThreshold: 0,
    });
    expect(view.pfs.hazardRatio.ok && view.pfs.hazardRatio.hazardRatio).toBeCloseTo(expected?.hazardRatio ?? 0, 10);
    expect(view.patients).toBe(patients.length);
  });
});
