import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kruskalWallisFromRankSums } from "./kruskal-wallis-from-rank-sums";
import { kruskalWallisTest } from "./kruskal-wallis-test";

/** Mid-rank sums and the tie term, computed the plain way (the database does it with windows). */
function rankSums(groups: number[][]): { groups: { n: number; rankSum: number }[]; tieSum: number } {
  const pooled = groups.flatMap((values, group) => values.map((value) => ({ value, group }))).sort((a, b) => a.value - b.value);
  const sums = groups.map(() => 0);
  let tieSum = 0;
  for (let start = 0; start < pooled.length; ) {
    let end = start;
    while (end + 1 < pooled.length && pooled[end + 1]?.value === pooled[start]?.value) end++;
    const t = end - start + 1;
    tieSum += t ** 3 - t;
    for (let i = start; i <= end; i++) sums[pooled[i]?.group ?? 0] = (sums[pooled[i]?.group ?? 0] ?? 0) + (start + end) / 2 + 1;
    start = end + 1;
  }
  return { groups: groups.map((values, g) => ({ n: values.length, rankSum: sums[g] ?? 0 })), tieSum };
}

describe("kruskalWallisFromRankSums", () => {
  it("matches R's kruskal.test on airquality Ozone ~ Month (H = 29.267, df = 4)", () => {
    // kruskal.test(Ozone ~ Month, data = airquality): Kruskal-Wallis chi-squared = 29.267,
    // df = 4, p-value = 6.901e-06. The values themselves are checked by kruskal-wallis-test;
    // here the same data go through rank sums.
    const may = [41, 36, 12, 18, 28, 23, 19, 8, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, 23, 45, 115, 37];
    const june = [29, 71, 39, 23, 21, 37, 20, 12, 13];
    const july = [135, 49, 32, 64, 40, 77, 97, 97, 85, 10, 27, 7, 48, 35, 61, 79, 63, 16, 80, 108, 20, 52, 82, 50, 64, 59];
    const august = [39, 9, 16, 78, 35, 66, 122, 89, 110, 44, 28, 65, 22, 59, 23, 31, 44, 21, 9, 45, 168, 73, 76, 118, 84, 85];
    const september = [96, 78, 73, 91, 47, 32, 20, 23, 21, 24, 44, 21, 28, 9, 13, 46, 18, 13, 24, 16, 13, 23, 36, 7, 14, 30, 14, 18, 20];
    const { groups, tieSum } = rankSums([may, june, july, august, september]);
    const result = kruskalWallisFromRankSums(groups, tieSum);
    expect(result.statistic).toBeCloseTo(29.267, 3);
    expect(result.df).toBe(4);
    expect(result.pValue).toBeCloseTo(6.901e-6, 8);
  });

  it("equals kruskalWallisTest on any data with ties", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 15 }), { minLength: 2, maxLength: 5 }),
        (data) => {
          const distinct = new Set(data.flat());
          fc.pre(distinct.size > 1);
          const direct = kruskalWallisTest(data);
          const { groups, tieSum } = rankSums(data);
          const fromSums = kruskalWallisFromRankSums(groups, tieSum);
          expect(fromSums.df).toBe(direct.df);
          expect(fromSums.statistic).toBeCloseTo(direct.statistic, 9);
          expect(fromSums.pValue).toBeCloseTo(direct.pValue, 12);
        },
      ),
    );
  });

  it("drops empty groups and refuses fewer than two, constant data and sums that are not ranks", () => {
    const { groups, tieSum } = rankSums([[1, 2, 3], [], [4, 5]]);
    expect(kruskalWallisFromRankSums(groups, tieSum).df).toBe(1);
    expect(() => kruskalWallisFromRankSums([{ n: 3, rankSum: 6 }, { n: 0, rankSum: 0 }], 0)).toThrow(/at least two groups/);
    expect(() => kruskalWallisFromRankSums([{ n: 2, rankSum: 3 }, { n: 2, rankSum: 7 }], 60)).toThrow(/every value is the same/);
    expect(() => kruskalWallisFromRankSums([{ n: 2, rankSum: 3 }, { n: 2, rankSum: 9 }], 0)).toThrow(/not ranks/);
  });
});
