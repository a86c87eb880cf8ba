import { describe, expect, it } from "vitest";
import { chiSquareTest } from "./chi-square-test";
import { compareCategorical } from "./compare-categorical";
import { fisherExactTest } from "./fisher-exact-test";

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
    });
  });

  it("uses Fisher's exact test as soon as one expected count is below 5", () => {
    // Row 2 has 7 of the 60 patients and column 2 has 21: its expected count there is 2.45.
    const table = [[30, 15], [3, 4], [6, 2]];
    expect(Math.min(...chiSquareTest(table).expected.flat())).toBeCloseTo(2.45, 12);
    const result = compareCategorical(table);
    expect(result).toMatchObject({ test: "fisher", testName: "Fisher's exact test", statistic: null, df: null, note: null });
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
    });
    expect(compareCategorical([[0, 0], [4, 9]]).note).toMatch(/two non-empty rows/);
    expect(compareCategorical([[5, 6]]).test).toBe("none");
  });

  it("omits the p-value with a note when Fisher's test is too large, as gtsummary does when fisher.test fails", () => {
    const table = [
      [100, 80, 60, 50, 40, 20],
      [120, 100, 80, 60, 50, 30],
      [140, 110, 90, 70, 55, 35],
      [160, 130, 100, 80, 60, 40],
      [180, 150, 110, 90, 70, 3],
      [2, 1, 0, 1, 0, 1],
    ];
    const result = compareCategorical(table);
    expect(result).toMatchObject({ test: "fisher", pValue: null, statistic: null, df: null });
    expect(result.note).toMatch(/too large to compute exactly/);
  }, 20_000);

  it("refuses invalid tables", () => {
    expect(() => compareCategorical([[1, 2], [3, -4]])).toThrow(/non-negative integer/);
  });
});
