import { describe, expect, it } from "vitest";
import { computeNormalTwoSidedPValue } from "./distributions";
import { kruskalWallisTest } from "./kruskal-wallis-test";

describe("kruskalWallisTest", () => {
  it("computes H without ties as 12 / (N (N + 1)) sum R^2 / n - 3 (N + 1)", () => {
    // kruskal.test(list(1:3, 4:6)): rank sums 6 and 15, H = 27 / 7.
    const result = kruskalWallisTest([[1, 2, 3], [4, 5, 6]]);
    expect(result.statistic).toBeCloseTo(27 / 7, 12);
    expect(result.df).toBe(1);
    expect(result.pValue).toBeCloseTo(computeNormalTwoSidedPValue(Math.sqrt(27 / 7)), 12);
  });

  it("uses mid-ranks and divides by the tie correction", () => {
    // Values 1, 1 | 2, 3: ranks 1.5, 1.5 | 3, 4; ties correction 1 - (8 - 2) / (64 - 4) = 0.9.
    const result = kruskalWallisTest([[1, 1], [2, 3]]);
    const uncorrected = (12 / (4 * 5)) * (3 ** 2 / 2 + 7 ** 2 / 2) - 3 * 5;
    expect(result.statistic).toBeCloseTo(uncorrected / 0.9, 12);
  });

  it("drops empty groups, as factor(g) drops unused levels", () => {
    const groups = [[2.9, 3.0, 2.5], [], [3.8, 2.7, 4.0], [2.8, 3.4]];
    const withoutEmpty = kruskalWallisTest([[2.9, 3.0, 2.5], [3.8, 2.7, 4.0], [2.8, 3.4]]);
    expect(kruskalWallisTest(groups)).toEqual(withoutEmpty);
    expect(withoutEmpty.df).toBe(2);
  });

  it("does not depend on the order of values or groups", () => {
    const result = kruskalWallisTest([[5, 1, 3], [2, 8], [7, 4, 6, 9]]);
    const shuffled = kruskalWallisTest([[9, 6, 4, 7], [3, 5, 1], [8, 2]]);
    expect(shuffled.statistic).toBeCloseTo(result.statistic, 12);
  });

  it.each([
    [[[1, 2, 3]], /at least two groups with values \(got 1\)/],
    [[[1, 2], []], /at least two groups/],
    [[[4, 4], [4]], /every value is the same/],
    [[[1, Number.NaN], [2]], /Value 2 of group 1 must be a finite number/],
    [[[1, 2], [Number.POSITIVE_INFINITY]], /finite number/],
  ])("refuses %j", (groups, message) => {
    expect(() => kruskalWallisTest(groups)).toThrow(message);
  });
});
