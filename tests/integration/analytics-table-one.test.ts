import { beforeAll, describe, expect, it } from "vitest";
import { COHORT_KEYS, SCHEME_COHORT_KEYS, type CohortKey } from "../../lib/analytics/cohorts";
import { countPatientsByCohort } from "../../lib/analytics/cohort-counts";
import { parseDashboardFilters, type DashboardFilters } from "../../lib/analytics/filters";
import { summariseTableOne, testCategoricalRows } from "../../lib/analytics/table-one";
import type { CategoricalVariableKey, ContinuousVariableKey } from "../../lib/analytics/table-one-variables";
import { compareCategorical, kruskalWallisTest } from "../../lib/stats/tests";
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
    case "prStatus":
      return patient.prPercent === null ? null : patient.prPercent >= 1 ? "POSITIVE" : "NEGATIVE";
    case "era": {
      const year = patient.diagnosisYear;
      return year < 2018 ? "BEFORE_2018" : year < 2022 ? "2018_2021" : year < 2024 ? "2022_2023" : "FROM_2024";
    }
  }
}

function numberOf(patient: PatientRow, key: ContinuousVariableKey): number | null {
  switch (key) {
    case "age":
      return patient.ageAtDiagnosis;
    case "ki67":
      return patient.ki67Percent;
    case "er":
      return patient.erPercent;
    case "size":
      return patient.tumourSizeMm;
  }
}

/**
 * The columns the p-values compare, by a plain reading of the "compare" choice: every HER2 cohort
 * of the scheme, those without HER2-positive, or HER2-low against every IHC 0 together.
 */
function testedGroups(filters: DashboardFilters): CohortKey[][] {
  const her2 = SCHEME_COHORT_KEYS[filters.scheme].filter((cohort) => cohort !== "UNCLASSIFIED");
  if (filters.compare === "low-vs-0") return [["ZERO", "ULTRALOW", "ZERO_NOS", "HER2_0"], ["LOW"]];
  return (filters.compare === "negative" ? her2.filter((cohort) => cohort !== "POSITIVE") : her2).map((cohort) => [cohort]);
}

/** The scenarios, and the same with each "compare" choice. */
function tableOneScenarios(fixture: Fixture) {
  const scenarios = buildScenarios(fixture);
  const base = scenarios[0];
  if (!base) return scenarios;
  return [
    ...scenarios,
    { name: "investigator, HER2-negative cohorts compared", user: base.user, filters: { ...base.filters, compare: "negative" as const } },
    { name: "investigator, HER2-low vs HER2-0", user: base.user, filters: { ...base.filters, compare: "low-vs-0" as const } },
    { name: "investigator, 3 groups, HER2-low vs HER2-0", user: base.user, filters: { ...base.filters, scheme: "3" as const, compare: "low-vs-0" as const } },
  ];
}

// Fisher's exact test on r x 4 tables of a few hundred patients is slow (docs/statistics.md).
describe("Table 1 equals a brute-force summary of the same rows", { timeout: 120_000 }, () => {
  it("counts every category, unknown and column total; tests as gtsummary's add_p() would", async () => {
    for (const scenario of tableOneScenarios(fixture)) {
      const patients = selectPatients(rows, scenario.user, scenario.filters);
      const table = await summariseTableOne(scenario.user, scenario.filters);
      // This test compares values, not latency: a budget no exact test here reaches.
      const tests = await testCategoricalRows(table, { budgetMs: 300_000 });
      expect(table.overall, scenario.name).toBe(patients.length);
      for (const cohort of COHORT_KEYS) {
        expect(table.columns[cohort]).toBe(patients.filter((patient) => cohortOf(patient, scenario.filters.rule, scenario.filters.scheme) === cohort).length);
      }
      for (const row of table.rows) {
        if (row.kind !== "categorical") continue;
        const inPopulation = patients.filter((patient) => valueOf(patient, row.key) !== undefined);
        for (const level of row.levels) {
          for (const cohort of COHORT_KEYS) {
            const expected = inPopulation.filter((patient) => cohortOf(patient, scenario.filters.rule, scenario.filters.scheme) === cohort && valueOf(patient, row.key) === level.value).length;
            expect(level.counts[cohort], `${scenario.name}: ${row.key}=${level.value} in ${cohort}`).toBe(expected);
          }
          expect(level.overall).toBe(inPopulation.filter((patient) => valueOf(patient, row.key) === level.value).length);
        }
        expect(row.unknown.overall, `${scenario.name}: ${row.key} unknown`).toBe(inPopulation.filter((patient) => valueOf(patient, row.key) === null).length);
        expect(row.known.overall + row.unknown.overall).toBe(inPopulation.length);
        const groups = testedGroups(scenario.filters).filter((group) => patients.some((patient) => group.includes(cohortOf(patient, scenario.filters.rule, scenario.filters.scheme))));
        const contingency = row.levels
          .map((level) =>
            groups.map(
              (group) =>
                patients.filter((patient) => group.includes(cohortOf(patient, scenario.filters.rule, scenario.filters.scheme)) && valueOf(patient, row.key) === level.value).length,
            ),
          )
          .filter((counts) => counts.some((n) => n > 0));
        expect(row.contingency, `${scenario.name}: ${row.key} table tested`).toEqual(contingency);
        // The statistics core on this thread, against the application's result from its worker pool.
        let expectedTest: ReturnType<typeof compareCategorical> | null = null;
        try {
          expectedTest = compareCategorical(contingency);
        } catch {
          expectedTest = null;
        }
        if (expectedTest === null) {
          // Nothing to test (e.g. a variable nobody in the compared cohorts has): no p-value, and said so.
          expect(tests[row.key], `${scenario.name}: ${row.key} test`).toMatchObject({ test: "none", pValue: null });
          continue;
        }
        expect(tests[row.key]?.test, `${scenario.name}: ${row.key} test`).toBe(expectedTest.test);
        expect(tests[row.key]?.pValue).toBe(expectedTest.pValue);
      }
    }
  });

  it("gives median (Q1, Q3) as R's quantile() and the Kruskal-Wallis p of kruskal.test on the raw values", async () => {
    for (const scenario of tableOneScenarios(fixture)) {
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
          const ofCohort = patients.filter((patient) => cohortOf(patient, scenario.filters.rule, scenario.filters.scheme) === cohort);
          check(ofCohort, row.summaries[cohort], `${scenario.name}: ${row.key} ${cohort}`);
          expect(row.unknown.counts[cohort]).toBe(ofCohort.filter((patient) => numberOf(patient, row.key) === null).length);
        }
        const groups = testedGroups(scenario.filters).map((group) =>
          patients
            .filter((patient) => group.includes(cohortOf(patient, scenario.filters.rule, scenario.filters.scheme)))
            .map((patient) => numberOf(patient, row.key))
            .filter((value): value is number => value !== null),
        ).filter((group) => group.length > 0);
        if (groups.filter((group) => group.length > 0).length < 2) {
          expect(row.test.pValue, `${scenario.name}: ${row.key}`).toBeNull();
          continue;
        }
        const expected = (() => {
          try {
            return kruskalWallisTest(groups);
          } catch {
            return null;
          }
        })();
        if (expected === null) {
          expect(row.test.pValue, `${scenario.name}: ${row.key}`).toBeNull();
          continue;
        }
        expect(row.test.test).toBe("kruskal-wallis");
        expect(row.test.statistic, `${scenario.name}: ${row.key} H`).toBeCloseTo(expected.statistic, 8);
        expect(row.test.df).toBe(expected.df);
        expect(row.test.pValue ?? Number.NaN).toBeCloseTo(expected.pValue, 10);
      }
    }
  });

  it("bins every continuous variable per cohort for the distribution charts", async () => {
    const filters = parseDashboardFilters({});
    const patients = selectPatients(rows, fixture.investigator, filters);
    const table = await summariseTableOne(fixture.investigator, filters);
    expect(table.distributions.map((distribution) => distribution.key)).toEqual(["age", "ki67", "er", "size"]);
    for (const distribution of table.distributions) {
      const width = distribution.key === "age" ? 5 : 10;
      const ceiling = distribution.key === "size" ? 100 : 90;
      for (const bin of distribution.bins) {
        for (const cohort of COHORT_KEYS) {
          const expected = patients.filter((patient) => {
            const value = numberOf(patient, distribution.key);
            return value !== null && cohortOf(patient, filters.rule) === cohort && Math.min(Math.floor(value / width) * width, ceiling) === bin.start;
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
