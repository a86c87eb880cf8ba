import { describe, expect, it } from "vitest";
import { restrictedMeanSurvival, restrictedMeanSurvivalDifference, type SurvivalRecord } from "./survival";
import { expectClose, loadRFixture } from "./testing/r-fixtures";

type RmstFixture = {
  dataSets: Record<
    string,
    {
      records: SurvivalRecord[];
      results: {
        tau: number;
        groups: { group: string; rmean: number; stdErr: number }[];
        differences: { group: string; reference: string; difference: number; stdErr: number; lower: number; upper: number; pValue: number }[];
      }[];
    }
  >;
};

const fixture = loadRFixture<RmstFixture>("rmst");
const cases = Object.entries(fixture.dataSets).flatMap(([name, data]) => data.results.map((result) => [`${name}, tau = ${result.tau}`, data.records, result] as const));

describe.each(cases)("restrictedMeanSurvival on %s against print(survfit(...), rmean = tau)", (_, records, expected) => {
  it("matches rmean and se(rmean) for every group, in survfit's order", () => {
    const result = restrictedMeanSurvival(records, expected.tau);
    expect(result.map((row) => row.group)).toEqual(expected.groups.map((row) => row.group));
    result.forEach((row, i) => {
      expectClose(row.rmean, expected.groups[i]?.rmean ?? Number.NaN);
      expectClose(row.stdErr, expected.groups[i]?.stdErr ?? Number.NaN);
    });
  });

  it("matches the difference from the reference group with its standard error, CI and p", () => {
    const reference = expected.differences[0]?.reference ?? "";
    const result = restrictedMeanSurvivalDifference(records, expected.tau, { reference });
    expect(result.map((row) => row.group)).toEqual(expected.differences.map((row) => row.group));
    result.forEach((row, i) => {
      const want = expected.differences[i];
      for (const key of ["difference", "stdErr", "lower", "upper"] as const) expectClose(row[key], want?.[key] ?? Number.NaN);
      if (Number.isFinite(want?.pValue)) expectClose(row.pValue, want?.pValue ?? Number.NaN);
      else expect(row.pValue).toBe(1);
    });
  });
});

describe("restrictedMeanSurvival by hand", () => {
  // Group A: deaths at 2 and 4 among 4 patients, one censored at 3, one at 6.
  // S = 1 on [0, 2), 3/4 on [2, 4), 3/4 · 1/2 = 3/8 on [4, …).
  // tau = 5: rmean = 2 · 1 + 2 · 3/4 + 1 · 3/8 = 3.875.
  // Variance: t = 2 (n 4, d 1): area 2 to 5 = 1.5 + 0.375 = 1.875, term 1.875² / 12;
  //           t = 4 (n 2, d 1): area 4 to 5 = 0.375, term 0.375² / 2.
  const records: SurvivalRecord[] = [
    { group: "A", time: 2, events: 1, censored: 0 },
    { group: "A", time: 3, events: 0, censored: 1 },
    { group: "A", time: 4, events: 1, censored: 0 },
    { group: "A", time: 6, events: 0, censored: 1 },
  ];

  it("integrates the step curve and sums the Greenwood-type terms", () => {
    const [row] = restrictedMeanSurvival(records, 5);
    expectClose(row?.rmean, 3.875);
    expectClose(row?.stdErr, Math.sqrt(1.875 ** 2 / 12 + 0.375 ** 2 / 2));
  });

  it("carries the curve flat past the last time, and gives rmean = tau with stdErr 0 before any time of a group", () => {
    const [row] = restrictedMeanSurvival(records, 10);
    expectClose(row?.rmean, 2 + 1.5 + 6 * 0.375);
    const withLateGroup = [...records, { group: "B", time: 8, events: 1, censored: 0 }];
    expect(restrictedMeanSurvival(withLateGroup, 5)[1]).toEqual({ group: "B", rmean: 5, stdErr: 0 });
  });

  it("is tau for everybody when tau is the smallest time and nothing happened before it", () => {
    expect(restrictedMeanSurvival(records, 2)).toEqual([{ group: "A", rmean: 2, stdErr: 0 }]);
  });

  it("aggregated records give what one row per patient gives", () => {
    const split: SurvivalRecord[] = [
      { group: "A", time: 2, events: 1, censored: 0 },
      { group: "A", time: 2, events: 1, censored: 0 },
      { group: "A", time: 5, events: 0, censored: 1 },
    ];
    expect(restrictedMeanSurvival([{ group: "A", time: 2, events: 2, censored: 0 }, { group: "A", time: 5, events: 0, censored: 1 }], 4)).toEqual(
      restrictedMeanSurvival(split, 4),
    );
  });

  it("refuses a tau before the smallest time or not finite, and an unknown reference", () => {
    expect(() => restrictedMeanSurvival(records, 1)).toThrow(RangeError);
    expect(() => restrictedMeanSurvival(records, 1)).toThrow(/before the smallest follow-up time \(2\)/);
    expect(() => restrictedMeanSurvival(records, Number.NaN)).toThrow(/tau must be a finite number/);
    expect(() => restrictedMeanSurvival(records, Number.POSITIVE_INFINITY)).toThrow(/tau must be a finite number/);
    expect(() => restrictedMeanSurvivalDifference(records, 5, { reference: "B" })).toThrow(/reference group "B" has no patients; groups present: "A"/);
    expect(restrictedMeanSurvival([], 5)).toEqual([]);
  });
});
