import { describe, expect, it } from "vitest";
import { chiSquareTest } from "./chi-square-test";
import { compareCategorical } from "./compare-categorical";
import { fisherExactTest } from "./fisher-exact-test";
import { FisherWorkloadError } from "./fisher-network";

describe("compareCategorical (gtsummary's choice)", () => {
  it("uses Pearson's chi-square without correction when every expected count is at least 5", () => {
    const table = [[12, 5], [7, 9]];
    const chiSquare = chiSquareTest(table, { correct: false });
    expect(compareCategorical(table)).toEqual({
      test: "chi-square",
      testName: "Pearson's Chi-squared test",
      pValue: chiSquare.pValue,
      statistic: chiSquare.statistic,
      df: 1,
      note: null,
      replicates: null,
    });
  });

  it("uses Fisher's exact test as soon as one expected count is below 5", () => {
    // Row 2 has 7 of the 60 patients and column 2 has 21: its expected count there is 2.45.
    const table = [[30, 15], [3, 4], [6, 2]];
    expect(Math.min(...chiSquareTest(table).expected.flat())).toBeCloseTo(2.45, 12);
    const result = compareCategorical(table);
    expect(result).toMatchObject({ test: "fisher", testName: "Fisher's exact test", statistic: null, df: null, note: null, replicates: null });
    expect(result.pValue).toBe(fisherExactTest(table).pValue);
  });

  it("drops all-zero rows and columns before choosing, so an empty level does not force Fisher", () => {
    const compact = [[40, 22], [35, 30]];
    const withEmptyLevel = [[40, 0, 22], [0, 0, 0], [35, 0, 30]];
    expect(compareCategorical(withEmptyLevel)).toEqual(compareCategorical(compact));
    expect(compareCategorical(withEmptyLevel).test).toBe("chi-square");
  });

  it("gives no test when fewer than two rows or columns are not empty", () => {
    expect(compareCategorical([[10, 0], [4, 0]])).toEqual({
      test: "none",
      testName: "No test",
      pValue: null,
      statistic: null,
      df: null,
      note: "Fewer than two non-empty columns: there is nothing to compare.",
      replicates: null,
    });
    expect(compareCategorical([[0, 0], [4, 9]]).note).toMatch(/two non-empty rows/);
    expect(compareCategorical([[5, 6]]).test).toBe("none");
  });

  it("simulates the p-value as fisher.test(simulate.p.value = TRUE) when the exact enumeration is too large, and says so", () => {
    const table = [
      [100, 80, 60, 50, 40, 20],
      [120, 100, 80, 60, 50, 30],
      [140, 110, 90, 70, 55, 35],
      [160, 130, 100, 80, 60, 40],
      [180, 150, 110, 90, 70, 3],
      [2, 1, 0, 1, 0, 1],
    ];
    expect(() => fisherExactTest(table)).toThrow(FisherWorkloadError);
    const result = compareCategorical(table);
    expect(result).toMatchObject({ test: "fisher", statistic: null, df: null });
    expect(result.replicates).toBeGreaterThanOrEqual(20_000);
    expect(result.testName).toBe(`Fisher's exact test (simulated p-value, B = ${(result.replicates ?? 0).toLocaleString("en-US")})`);
    expect(result.note).toMatch(/simulated from [\d,]+ random tables with the observed margins \(standard error/);
    // p = (1 + #{at least as extreme}) / (B + 1): a multiple of 1 / (B + 1), never 0.
    const replicates = result.replicates ?? 0;
    const extreme = (result.pValue ?? 0) * (replicates + 1) - 1;
    expect(Math.abs(extreme - Math.round(extreme))).toBeLessThan(1e-6);
    expect(result.pValue).toBeGreaterThan(0);
    // Deterministic: the same table (in any row or column order) gives the same p-value.
    const reordered = [...table].reverse().map((row) => [...row].reverse());
    expect(compareCategorical(reordered).pValue).toBe(result.pValue);
  }, 20_000);

  it("keeps the exact p-value for Table 1 tables the network can enumerate (N = 600, 4 x 4)", () => {
    const histology = [[105, 64, 215, 70], [17, 8, 44, 10], [2, 1, 10, 4], [10, 4, 11, 8]];
    const result = compareCategorical(histology);
    expect(result).toMatchObject({ test: "fisher", testName: "Fisher's exact test", replicates: null, note: null });
    expect(result.pValue).toBe(fisherExactTest(histology).pValue);
  });

  it("refuses invalid tables", () => {
    expect(() => compareCategorical([[1, 2], [3, -4]])).toThrow(/non-negative integer/);
  });
});
