import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fisherExactTest } from "./fisher-exact-test";
import { computeFisherNetworkPValue, FisherWorkloadError } from "./fisher-network";
import { computeFisherPValueByEnumeration, computeTwoRowFisherPValue } from "./testing/fisher-by-enumeration";
import { expectRelativelyClose } from "./testing/r-reference";

// Small enough for the plain enumeration to list every table quickly (N <= 30).
const tableArbitrary = fc
  .tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 4 }))
  .chain(([rows, columns]) =>
    fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
  )
  .filter(
    (table) =>
      table.flat().reduce((sum, cell) => sum + cell, 0) <= 30 &&
      table.every((row) => row.some((cell) => cell > 0)) &&
      (table[0] ?? []).every((_, j) => table.some((row) => (row[j] ?? 0) > 0)),
  );

describe("fisherExactTest against values R documents", () => {
  it("gives 0.7827 for ?fisher.test's Job satisfaction table (4 x 4)", () => {
    const job = [[1, 3, 10, 6], [2, 3, 10, 7], [1, 6, 14, 12], [0, 1, 9, 11]];
    expect(fisherExactTest(job).pValue).toBeCloseTo(0.7827, 4);
  });

  it("gives 0.03929 for Mehta & Patel's 6th example (MP6, 5 x 7)", () => {
    const mp6 = [[1, 2, 2, 1, 1, 0, 1], [2, 0, 0, 2, 3, 0, 0], [0, 1, 1, 1, 2, 7, 3], [1, 1, 2, 0, 0, 0, 1], [0, 1, 1, 1, 1, 0, 0]];
    expect(fisherExactTest(mp6).pValue).toBeCloseTo(0.03929, 5);
  });

  it("gives 2 / C(10, 5) for a perfectly split 2 x 2 with zero cells", () => {
    expectRelativelyClose(fisherExactTest([[0, 5], [5, 0]]).pValue, 2 / 252);
    expectRelativelyClose(fisherExactTest([[5, 0], [0, 5]]).pValue, 2 / 252);
  });
});

describe("fisherExactTest against full enumeration", () => {
  it.each([
    [[[3, 1, 4], [1, 5, 9], [2, 6, 5]]],
    [[[8, 2, 0, 1], [1, 6, 3, 0]]],
    [[[12, 3], [4, 10], [2, 9], [7, 1]]],
    [[[10, 12, 8], [14, 9, 11], [9, 15, 12]]],
    [[[0, 3, 1], [4, 0, 2], [1, 1, 0]]],
  ])("matches for %j", (table) => {
    expectRelativelyClose(fisherExactTest(table).pValue, computeFisherPValueByEnumeration(table), 1e-8);
  });

  it("matches on random small r x c tables", () => {
    fc.assert(
      fc.property(tableArbitrary, (table) => {
        expectRelativelyClose(fisherExactTest(table).pValue, computeFisherPValueByEnumeration(table), 1e-8);
      }),
      { numRuns: 150 },
    );
  });

  it("matches a 2 x 3 table with hundreds of patients, where negligible paths are skipped", () => {
    const table: [number[], number[]] = [[160, 95, 4], [140, 120, 11]];
    expectRelativelyClose(fisherExactTest(table).pValue, computeTwoRowFisherPValue(table), 1e-8);
  });

  it("matches a Table 1 style 2 x 5 table with rare levels", () => {
    const table: [number[], number[]] = [[60, 41, 9, 2, 0], [75, 30, 4, 0, 3]];
    expectRelativelyClose(fisherExactTest(table).pValue, computeTwoRowFisherPValue(table), 1e-8);
  });
});

describe("fisherExactTest invariances and degenerate tables", () => {
  it("does not depend on transposing or reordering rows and columns", () => {
    fc.assert(
      fc.property(tableArbitrary, fc.nat(), fc.nat(), (table, rowShift, columnShift) => {
        const p = fisherExactTest(table).pValue;
        const rows = table.length;
        const columns = table[0]?.length ?? 0;
        const reordered = table.map((_, i) => table[(i + rowShift) % rows] ?? []).map((row) => row.map((_, j) => row[(j + columnShift) % columns] ?? 0));
        const transposed = (table[0] ?? []).map((_, j) => table.map((row) => row[j] ?? 0));
        expect(fisherExactTest(reordered).pValue).toBeCloseTo(p, 12);
        expect(fisherExactTest(transposed).pValue).toBeCloseTo(p, 12);
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });

  it("ignores all-zero rows and columns", () => {
    const table = [[3, 1, 4], [1, 5, 9]];
    const withZeros = [[3, 0, 1, 4], [0, 0, 0, 0], [1, 0, 5, 9]];
    expect(fisherExactTest(withZeros).pValue).toBe(fisherExactTest(table).pValue);
  });

  it("returns 1 when only one row or column is left: a single possible table", () => {
    expect(fisherExactTest([[4, 7], [0, 0]]).pValue).toBe(1);
    expect(fisherExactTest([[4, 0], [7, 0]]).pValue).toBe(1);
    expect(fisherExactTest([[0, 0], [0, 0]]).pValue).toBe(1);
  });

  it("refuses invalid tables", () => {
    expect(() => fisherExactTest([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => fisherExactTest([[1, -2], [3, 4]])).toThrow(/non-negative integer/);
  });
});

describe("fisherExactTest workload limit", () => {
  it("stops with a clear error instead of enumerating past the limit", () => {
    const job = [[1, 3, 10, 6], [2, 3, 10, 7], [1, 6, 14, 12], [0, 1, 9, 11]];
    expect(() => computeFisherNetworkPValue(job, 1000)).toThrow(FisherWorkloadError);
    expect(() => computeFisherNetworkPValue(job, 1000)).toThrow(/too large to compute exactly.*1,000 enumeration steps.*chi-square/);
  });

  it("refuses a dense 5 x 6 table with thousands of patients within seconds", () => {
    const table = [
      [100, 80, 60, 50, 40, 20],
      [120, 100, 80, 60, 50, 30],
      [140, 110, 90, 70, 55, 35],
      [160, 130, 100, 80, 60, 40],
      [180, 150, 110, 90, 70, 3],
    ];
    const started = performance.now();
    expect(() => fisherExactTest(table)).toThrow(/too large to compute exactly/);
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 20_000);
});
