// The regimen comparison's rows (issue 14 §3) equal a brute-force reading of the definitions over
// the same database rows, under every user scope and filter scenario, for several comparisons;
// and the analysis on them agrees with the statistics core run on the brute-force patients.
import { beforeAll, describe, expect, it } from "vitest";
import { HER2_0_CATEGORIES } from "../../lib/analytics/cohorts";
import { parseDashboardFilters, type DashboardFilters } from "../../lib/analytics/filters";
import { analyseRegimenComparison } from "../../lib/analytics/regimen-comparison";
import { queryComparisonRows, type ComparisonRow } from "../../lib/analytics/regimen-comparison-rows";
import type { SessionUser } from "../../lib/auth/roles";
import { coxProportionalHazards } from "../../lib/stats/survival";
import type { Fixture } from "../support/fixtures";
import { buildScenarios, readRows, seedAnalyticsCohort, selectPatients, type Rows } from "../support/analytics-cohort";

let fixture: Fixture;
let rows: Rows;

beforeAll(async () => {
  fixture = await seedAnalyticsCohort({ patients: 600, seed: 14 });
  rows = await readRows();
});

type Patient = Omit<ComparisonRow, "n">;

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

function keyOf(row: Patient): string {
  return JSON.stringify([row.arm, row.pfsTime, row.pfsEvent, row.osTime, row.osEvent, row.ageGroup, row.hrStatus, row.menopausal, row.lineGroup, row.site, row.era, row.priorCdk46, row.response, row.measurable]);
}

function tally(patients: Patient[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const patient of patients) counts.set(keyOf(patient), (counts.get(keyOf(patient)) ?? 0) + 1);
  return counts;
}

const COMPARISONS = [
  { view: "regimens" },
  { view: "regimens", armA: "T_DXD", armB: "CHEMOTHERAPY", armCohort: "HER2_0", lineFrom: "1", lineTo: "4" },
  { view: "regimens", armA: "SACITUZUMAB_GOVITECAN", armB: "CHEMOTHERAPY", armCohort: "ZERO", lineFrom: "2", lineTo: "3" },
  { view: "regimens", armA: "ENDOCRINE_CDK46", armB: "ENDOCRINE", armCohort: "LOW", lineFrom: "1", lineTo: "1" },
  { view: "regimens", armA: "HER2_TKI", armB: "T_DM1", armCohort: "POSITIVE", lineFrom: "2", lineTo: "4" },
] as const;

describe("the regimen comparison equals a brute-force computation over the same rows", () => {
  it("selects each patient's first line of either arm, with its follow-up, response and subgroups", async () => {
    let compared = 0;
    for (const scenario of buildScenarios(fixture)) {
      for (const options of COMPARISONS) {
        const filters: DashboardFilters = { ...scenario.filters, view: "regimens", comparison: parseDashboardFilters(options).comparison };
        const expected = tally(bruteForce(scenario.user, filters));
        const found = await queryComparisonRows(scenario.user, filters);
        const actual = new Map<string, number>();
        for (const row of found) {
          const { n, ...patient } = row;
          actual.set(keyOf(patient), (actual.get(keyOf(patient)) ?? 0) + n);
        }
        expect(actual, `${scenario.name}: ${JSON.stringify(options)}`).toEqual(expected);
        compared += [...expected.values()].reduce((sum, n) => sum + n, 0);
      }
    }
    expect(compared).toBeGreaterThan(100);
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
