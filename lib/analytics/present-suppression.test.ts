import { describe, expect, it } from "vitest";
import { createCohortRecord } from "./cohorts";
import { presentOverview } from "./present-overview";
import { presentTableOne } from "./present-table-one";
import type { TableOne } from "./table-one";

describe("small-cell suppression of what the browser receives", () => {
  it("sends no count between 1 and k - 1 for the Overview, nor a share computed from one", () => {
    const counts = { ZERO: 40, ULTRALOW: 3, ZERO_NOS: 0, HER2_0: 0, LOW: 50, POSITIVE: 0, UNCLASSIFIED: 1 };
    const view = presentOverview(
      {
        counts: { total: 94, cohorts: Object.entries(counts).map(([cohort, n]) => ({ cohort: cohort as keyof typeof counts, n, percent: (100 * n) / 94 })) },
        byYear: [{ year: 2020, total: 94, counts }],
        accrual: [{ year: 2020, patients: 94, cumulative: 94 }],
        sites: [{ code: "01", name: "One", total: 4, counts: { ...counts, ZERO: 1, LOW: 3, ULTRALOW: 0, UNCLASSIFIED: 0 } }],
      },
      5,
    );
    expect(view.cohorts.map((entry) => entry.n)).toEqual([40, null, 0, 0, 50, 0, null]);
    expect(view.cohorts.map((entry) => entry.percent === null)).toEqual([false, true, false, false, false, false, true]);
    expect(view.byYear[0]?.counts).toEqual({ ZERO: 40, ULTRALOW: null, ZERO_NOS: 0, HER2_0: 0, LOW: 50, POSITIVE: 0, UNCLASSIFIED: null });
    expect(view.sites[0]?.total).toBeNull();
    expect(view.sites[0]?.percents.LOW).toBeNull();
    const sent = JSON.stringify(view);
    for (const secret of ['"n":3', '"n":1,']) expect(sent).not.toContain(secret);
  });

  it("hides a Table 1 median when the cohort has fewer values than k, and drops levels nobody has", () => {
    const zero = createCohortRecord(() => 0);
    const table: TableOne = {
      comparison: { key: "all", label: "every HER2 cohort", groups: [] },
      columns: { ...zero, LOW: 30, ZERO: 2 },
      overall: 32,
      rows: [
        {
          kind: "continuous",
          key: "age",
          label: "Age",
          summaries: { ...createCohortRecord(() => null), LOW: { n: 30, median: 60, q1: 50, q3: 70 }, ZERO: { n: 2, median: 45, q1: 44, q3: 46 } },
          overall: { n: 32, median: 59, q1: 49, q3: 69 },
          unknown: { counts: zero, overall: 0 },
          test: { test: "kruskal-wallis", testName: "Kruskal-Wallis rank sum test", pValue: 0.2, statistic: 1.6, df: 1, note: null },
        },
        {
          kind: "categorical",
          key: "grade",
          label: "Grade",
          population: null,
          levels: [
            { value: "1", label: "Grade 1", counts: zero, overall: 0 },
            { value: "2", label: "Grade 2", counts: { ...zero, LOW: 30, ZERO: 2 }, overall: 32 },
          ],
          unknown: { counts: zero, overall: 0 },
          known: { counts: { ...zero, LOW: 30, ZERO: 2 }, overall: 32 },
          contingency: [[0, 0, 0, 0], [2, 0, 30, 0]],
        },
      ],
      distributions: [],
    };
    const view = presentTableOne(table, 5);
    const age = view.rows[0];
    if (age?.kind !== "continuous") throw new Error("age");
    expect(age.summaries.ZERO).toEqual({ n: null });
    expect(age.summaries.LOW).toEqual({ n: 30, median: 60, q1: 50, q3: 70 });
    expect(age.unknown).toBeNull();
    const grade = view.rows[1];
    if (grade?.kind !== "categorical") throw new Error("grade");
    expect(grade.levels.map((level) => level.value)).toEqual(["2"]);
    expect(grade.levels[0]?.counts.ZERO).toBeNull();
    expect(grade.levels[0]?.percents.ZERO).toBeNull();
    expect(view.columns.ZERO).toBeNull();
    expect(view.presentCohorts).toEqual(["ZERO", "LOW"]);
  });
});
