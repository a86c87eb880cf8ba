import { describe, expect, it } from "vitest";
import { chiSquareTest, clopperPearsonInterval, compareCategorical, fisherExactTest, kruskalWallisTest } from "./tests";
import { expectRelativelyClose, loadRReference } from "./testing/r-reference";

const reference = loadRReference();

describe("against R 4.2.2 stats", () => {
  it("chiSquareTest matches chisq.test on the 2 x 3 table", () => {
    const { table, statistic, df, pValue } = reference.chiSquare;
    const result = chiSquareTest(table);
    expectRelativelyClose(result.statistic, statistic);
    expect(result.df).toBe(df);
    expectRelativelyClose(result.pValue, pValue);
    // E = row total x column total / N, e.g. 1557 x 1246 / 2757.
    expectRelativelyClose(result.expected[0]?.[0], (1557 * 1246) / 2757, 1e-12);
    // No continuity correction beyond 2 x 2, whatever `correct` says.
    expect(chiSquareTest(table, { correct: true })).toEqual(result);
  });

  it("kruskalWallisTest matches kruskal.test on three small groups", () => {
    const { groups, statistic, df, pValue } = reference.kruskal;
    const result = kruskalWallisTest(groups);
    expectRelativelyClose(result.statistic, statistic);
    expect(result.df).toBe(df);
    expectRelativelyClose(result.pValue, pValue);
  });

  it("fisherExactTest matches the two-sided fisher.test on the 2 x 2 table", () => {
    expectRelativelyClose(fisherExactTest(reference.fisher.table).pValue, reference.fisher.pValue);
  });

  it("clopperPearsonInterval matches binom.test(19, 48)", () => {
    const { successes, n, lower, upper } = reference.clopperPearson;
    const result = clopperPearsonInterval(successes, n);
    expect(result.estimate).toBe(19 / 48);
    expectRelativelyClose(result.lower, lower);
    expectRelativelyClose(result.upper, upper);
  });

  it("compareCategorical picks Pearson's chi-square for the 2 x 3 table (every expected count >= 5)", () => {
    const result = compareCategorical(reference.chiSquare.table);
    expect(result).toMatchObject({ test: "chi-square", testName: "Pearson's Chi-squared test", df: 2, note: null });
    expectRelativelyClose(result.pValue, reference.chiSquare.pValue);
  });

  it("compareCategorical picks Fisher for the 2 x 2 table (expected counts of 2)", () => {
    const result = compareCategorical(reference.fisher.table);
    expect(result).toMatchObject({ test: "fisher", testName: "Fisher's exact test", statistic: null, df: null });
    expectRelativelyClose(result.pValue, reference.fisher.pValue);
  });
});
