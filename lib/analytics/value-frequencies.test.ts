import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { kruskalWallisFromRankSums } from "../stats/kruskal-wallis-from-rank-sums";
import { kruskalWallisTest } from "../stats/kruskal-wallis-test";
import { normaliseFrequencies, quantileFromFrequencies, rankSumsFromFrequencies, type ValueCount } from "./value-frequencies";

function frequencies(values: readonly number[]): ValueCount[] {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, n]) => ({ value, n }));
}

/** R's quantile(x, p, type = 7), written out on the sorted raw values. */
function quantileType7(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const low = sorted[Math.floor(h)] ?? Number.NaN;
  const high = sorted[Math.ceil(h)] ?? Number.NaN;
  return low + (h - Math.floor(h)) * (high - low);
}

describe("quantileFromFrequencies", () => {
  it("gives R's type-7 quartiles (quantile(c(1, 2, 2, 3, 10), c(.25, .5, .75)) = 2, 2, 3)", () => {
    const table = frequencies([1, 2, 2, 3, 10]);
    expect([0.25, 0.5, 0.75].map((p) => quantileFromFrequencies(table, p))).toEqual([2, 2, 3]);
    // quantile(c(40, 50, 61, 75), c(.25, .5, .75)) = 47.5, 55.5, 64.5
    expect([0.25, 0.5, 0.75].map((p) => quantileFromFrequencies(frequencies([75, 40, 61, 50]), p))).toEqual([47.5, 55.5, 64.5]);
  });

  it("equals type 7 on the raw values for any sample", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
        expect(quantileFromFrequencies(frequencies(values), p)).toBeCloseTo(quantileType7(values, p), 9);
      }),
    );
  });

  it("is null for an empty table and refuses bad input", () => {
    expect(quantileFromFrequencies([], 0.5)).toBeNull();
    expect(quantileFromFrequencies([{ value: 3, n: 0 }], 0.5)).toBeNull();
    expect(() => quantileFromFrequencies([{ value: 1, n: 1 }], 1.5)).toThrow(/from 0 to 1/);
    expect(() => normaliseFrequencies([{ value: 1, n: -1 }])).toThrow(/whole number/);
    expect(() => normaliseFrequencies([{ value: Number.NaN, n: 1 }])).toThrow(/finite/);
  });
});

describe("rankSumsFromFrequencies", () => {
  it("gives mid-ranks with ties: groups {1, 2, 2} and {2, 5} rank 1, 3, 3 and 3, 5", () => {
    const result = rankSumsFromFrequencies(new Map([["a", frequencies([1, 2, 2])], ["b", frequencies([2, 5])]]));
    expect(result.groups).toEqual([{ group: "a", n: 3, rankSum: 7 }, { group: "b", n: 2, rankSum: 8 }]);
    expect(result.tieSum).toBe(24);
  });

  it("leads to the same Kruskal-Wallis test as the raw values (kruskal.test)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 20, max: 40 }), { minLength: 1, maxLength: 60 }), { minLength: 2, maxLength: 4 }), (samples) => {
        fc.pre(new Set(samples.flat()).size > 1);
        const ranks = rankSumsFromFrequencies(new Map(samples.map((sample, i) => [String(i), frequencies(sample)])));
        const fromCounts = kruskalWallisFromRankSums(ranks.groups, ranks.tieSum);
        const fromValues = kruskalWallisTest(samples);
        expect(fromCounts.statistic).toBeCloseTo(fromValues.statistic, 8);
        expect(fromCounts.pValue).toBeCloseTo(fromValues.pValue, 10);
      }),
    );
  });
});
