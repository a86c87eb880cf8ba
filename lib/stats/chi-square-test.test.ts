import { describe, expect, it } from "vitest";
import { computeNormalTwoSidedPValue } from "./distributions";
import { chiSquareTest } from "./chi-square-test";

describe("chiSquareTest", () => {
  it("does not correct a 2 x 2 table by default", () => {
    // E = [[9.788, 7.212], [9.212, 6.788]], |O - E| = 2.2121 in every cell.
    const result = chiSquareTest([[12, 5], [7, 9]]);
    const difference = 12 - (17 * 19) / 33;
    const expected = [(17 * 19) / 33, (17 * 14) / 33, (16 * 19) / 33, (16 * 14) / 33];
    const statistic = expected.reduce((sum, e) => sum + difference ** 2 / e, 0);
    expect(result.statistic).toBeCloseTo(statistic, 12);
    // On 1 df, P(X > x) = 2 P(Z > sqrt(x)): an independent route to the p-value.
    expect(result.pValue).toBeCloseTo(computeNormalTwoSidedPValue(Math.sqrt(statistic)), 12);
  });

  it("applies Yates' correction to 2 x 2 when asked, as chisq.test(correct = TRUE)", () => {
    const result = chiSquareTest([[12, 5], [7, 9]], { correct: true });
    const difference = 12 - (17 * 19) / 33 - 0.5;
    const expected = [(17 * 19) / 33, (17 * 14) / 33, (16 * 19) / 33, (16 * 14) / 33];
    expect(result.statistic).toBeCloseTo(expected.reduce((sum, e) => sum + difference ** 2 / e, 0), 12);
  });

  it("corrects by at most |O - E| (R's min(0.5, abs(x - E))), so a near-perfect fit gives 0 and p = 1", () => {
    const result = chiSquareTest([[5, 5], [5, 6]], { correct: true });
    expect(result.statistic).toBeCloseTo(0, 14);
    expect(result.pValue).toBeCloseTo(1, 12);
    expect(chiSquareTest([[5, 5], [5, 6]]).statistic).toBeGreaterThan(0);
  });

  it("keeps relative precision for tiny p-values", () => {
    const result = chiSquareTest([[500, 0], [0, 500]]);
    expect(result.statistic).toBe(1000);
    expect(result.pValue).toBeGreaterThan(0);
    expect(result.pValue / computeNormalTwoSidedPValue(Math.sqrt(1000))).toBeCloseTo(1, 9);
  });

  it.each([
    [[[1, 2], [3]], /ragged: row 2 has 1 cells/],
    [[[1, -2], [3, 4]], /Cell \[1, 2\].*non-negative integer/],
    [[[1, 2.5], [3, 4]], /non-negative integer/],
    [[[1, Number.NaN], [3, 4]], /non-negative integer/],
    [[], /at least one row/],
    [[[1, 2, 3]], /at least a 2 x 2 table/],
    [[[0, 0], [3, 4]], /Row 1 of the table is all zero/],
    [[[0, 1], [0, 4]], /Column 1 of the table is all zero/],
  ])("refuses %j", (table, message) => {
    expect(() => chiSquareTest(table)).toThrow(message);
  });
});
