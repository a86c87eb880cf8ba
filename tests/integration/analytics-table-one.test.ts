import { beforeAll, describe, expect, it } from "vitest";
import { COHORT_KEYS, HER2_COHORT_KEYS } from "../../lib/analytics/cohorts";
import { countPatientsByCohort } from "../../lib/analytics/cohort-counts";
import { parseDashboardFilters } from "../../lib/analytics/filters";
import { summariseTableOne, testCategoricalRows } from "../../lib/analytics/table-one";
import type { CategoricalVariableKey, ContinuousVariableKey } from "../../lib/analytics/table-one-variables";
import { compareCategoricalCached } from "../../lib/analytics/compare-categorical-cached";
import { kruskalWallisTest } from "../../lib/stats/tests";
import type { Fixture } from "../support/fixtures";
import { buildScenarios, cohortOf, quantileType7, readRows, seedAnalyticsCohort, selectPatients, type PatientRow, type Rows } from "../support/analytics-cohort";

let fixture: Fixture;
let rows: Rows;

beforeAll(async () => {
  fixture = await seedAnalyticsCohort({ seed: 12 });
  rows = await readRows();
});

/** Each Table 1 variable read off a patient row; undefined = not in the row's population. */
function valueOf(patient: PatientRow, key: CategoricalVariableKey): string | null | undefined {
  switch (key) {
    case "menopausal":
      return patient.menopausalStatus;
    case "histology":
      return patient.histologicType;
    case "grade":
      return patient.grade === null ? null : String(patient.grade);
    case "t":
      return patient.tCategory;
    case "n":
      return patient.nCategory;
    case "stage":
      return patient.stageGroup;
    case "hr":
      return patient.hrStatus;
    case "erLow":
      return patient.hrStatus === "POSITIVE" ? (patient.erLow === null ? null : String(patient.erLow)) : undefined;
    case "brca":
      return patient.germlineBrca;
    case "setting":
      return patient.diseaseSetting;
  }
}

function numberOf(patient: PatientRow, key: ContinuousVariableKey): number | null {
  return key === "age" ? patient.ageAtDiagnosis : patient.ki67Percent;
}

// Fisher's exact test on r x 4 tables of a few hundred patients is slow (docs/statistics.md).
describe("Table 1 equals a brute-force summary of the same rows", { timeout: 120_000 }, () => {
  it("counts every category, unknown and column total; tests as gtsummary's add_p() would", async () => {
    for (const scenario of buildScenarios(fixture)) {
      const patients = selectPatients(rows, scenario.user, scenario.filters);
      const table = await summariseTableOne(scenario.user, scenario.filters);
      const tests = await testCategoricalRows(table);
      expect(table.overall, scenario.name).toBe(patients.length);
      for (const cohort of COHORT_KEYS) {
        expect(table.columns[cohort]).toBe(patients.filter((patient) => cohortOf(patient, scenario.filters.rule) === cohort).length);
      }
      for (const row of table.rows) {
        if (row.kind !== "categorical") continue;
        const inPopulation = patients.filter((patient) => valueOf(patient, row.key) !== undefined);
        for (const level of row.levels) {
          for (const cohort of COHORT_KEYS) {
            const expected = inPopulation.filter((patient) => cohortOf(patient, scenario.filters.rule) === cohort && valueOf(patient, row.key) === level.value).length;
            expect(level.counts[cohort], `${scenario.name}: ${row.key}=${level.value} in ${cohort}`).toBe(expected);
          }
          expect(level.overall).toBe(inPopulation.filter((patient) => valueOf(patient, row.key) === level.value).length);
        }
        expect(row.unknown.overall, `${scenario.name}: ${row.key} unknown`).toBe(inPopulation.filter((patient) => valueOf(patient, row.key) === null).length);
        expect(row.known.overall + row.unknown.overall).toBe(inPopulation.length);
        const contingency = row.levels.map((level) =>
          HER2_COHORT_KEYS.map(
            (cohort) => patients.filter((patient) => cohortOf(patient, scenario.filters.rule) === cohort && valueOf(patient, row.key) === level.value).length,
          ),
        );
        expect(row.contingency, `${scenario.name}: ${row.key} table tested`).toEqual(contingency);
        // Memoised compareCategorical (Fisher can take a few hundred ms per table): a table equal
        // to the one the application tested is answered from the cache, any other is computed.
        const expectedTest = await compareCategoricalCached(contingency);
        expect(tests[row.key]?.test, `${scenario.name}: ${row.key} test`).toBe(expectedTest.test);
        expect(tests[row.key]?.pValue).toBe(expectedTest.pValue);
      }
    }
  });

  it("gives median (Q1, Q3) as R's quantile() and the Kruskal-Wallis p of kruskal.test on the raw values", async () => {
    for (const scenario of buildScenarios(fixture)) {
      const patients = selectPatients(rows, scenario.user, scenario.filters);
      const table = await summariseTableOne(scenario.user, scenario.filters);
      for (const row of table.rows) {
        if (row.kind !== "continuous") continue;
        const check = (subset: PatientRow[], summary: (typeof row)["overall"], what: string) => {
          const values = subset.map((patient) => numberOf(patient, row.key)).filter((value): value is number => value !== null).sort((a, b) => a - b);
          if (values.length === 0) {
            expect(summary, what).toBeNull();
            return;
          }
          expect(summary?.n, what).toBe(values.length);
          expect(summary?.median, what).toBeCloseTo(quantileType7(values, 0.5), 10);
          expect(summary?.q1, what).toBeCloseTo(quantileType7(values, 0.25), 10);
          expect(summary?.q3, what).toBeCloseTo(quantileType7(values, 0.75), 10);
        };
        check(patients, row.overall, `${scenario.name}: ${row.key} overall`);
        for (const cohort of COHORT_KEYS) {
          const ofCohort = patients.filter((patient) => cohortOf(patient, scenario.filters.rule) === cohort);
          check(ofCohort, row.summaries[cohort], `${scenario.name}: ${row.key} ${cohort}`);
          expect(row.unknown.counts[cohort]).toBe(ofCohort.filter((patient) => numberOf(patient, row.key) === null).length);
        }
        const groups = HER2_COHORT_KEYS.map((cohort) =>
          patients
            .filter((patient) => cohortOf(patient, scenario.filters.rule) === cohort)
            .map((patient) => numberOf(patient, row.key))
            .filter((value): value is number => value !== null),
        );
        if (groups.filter((group) => group.length > 0).length < 2) {
          expect(row.test.pValue, `${scenario.name}: ${row.key}`).toBeNull();
          continue;
        }
        const expected = kruskalWallisTest(groups);
        expect(row.test.test).toBe("kruskal-wallis");
        expect(row.test.statistic, `${scenario.name}: ${row.key} H`).toBeCloseTo(expected.statistic, 8);
        expect(row.test.df).toBe(expected.df);
        expect(row.test.pValue ?? Number.NaN).toBeCloseTo(expected.pValue, 10);
      }
    }
  });

  it("bins age and Ki-67 per cohort for the distribution charts", async () => {
    const patients = selectPatients(rows, fixture.investigator, parseDashboardFilters({}));
    const table = await summariseTableOne(fixture.investigator, parseDashboardFilters({}));
    for (const distribution of table.distributions) {
      const width = distribution.key === "age" ? 5 : 10;
      for (const bin of distribution.bins) {
        for (const cohort of COHORT_KEYS) {
          const expected = patients.filter((patient) => {
            const value = numberOf(patient, distribution.key);
            return value !== null && cohortOf(patient, "latest") === cohort && Math.min(Math.floor(value / width) * width, 90) === bin.start;
          }).length;
          expect(bin.counts[cohort], `${distribution.key} ${bin.label} ${cohort}`).toBe(expected);
        }
      }
      const binned = distribution.bins.reduce((sum, bin) => sum + COHORT_KEYS.reduce((inner, cohort) => inner + bin.counts[cohort], 0), 0);
      expect(binned).toBe(patients.filter((patient) => numberOf(patient, distribution.key) !== null).length);
    }
  });

  it("has the same column totals as the Overview's cohort counts", async () => {
    for (const scenario of buildScenarios(fixture)) {
      const [table, counts] = await Promise.all([summariseTableOne(scenario.user, scenario.filters), countPatientsByCohort(scenario.user, scenario.filters)]);
      for (const entry of counts.cohorts) expect(table.columns[entry.cohort], scenario.name).toBe(entry.n);
    }
  });
});
