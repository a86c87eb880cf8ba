import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fisherExactTest } from "./fisher-exact-test";
import { computeFisherNetworkPValue, FisherWorkloadError } from "./fisher-network";
import { simulateFisherPValue } from "./fisher-monte-carlo";
import { computeFisherPValueByEnumeration, computeTwoRowFisherPValue } from "./testing/fisher-by-enumeration";
import { computeFisherPValueByRecursion } from "./testing/fisher-by-recursion";
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

/**
 * Table 1 shaped tables with hundreds to thousands of patients: 4 or 5 levels x 4 HER2 cohorts
 * (or transposed), one common level and rare ones, as histologic type or germline BRCA are.
 * The rare levels keep the plain recursion (fisher-by-recursion.ts) within its budget.
 */
const sparseTableOneArbitrary = fc
  .record({
    rareLevels: fc.integer({ min: 3, max: 4 }),
    patients: fc.integer({ min: 300, max: 3000 }),
    cohortWeights: fc.array(fc.integer({ min: 10, max: 50 }), { minLength: 4, maxLength: 4 }),
    rareCells: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 16, maxLength: 16 }),
    transpose: fc.boolean(),
    seed: fc.nat(),
  })
  .map(({ rareLevels, patients, cohortWeights, rareCells, transpose, seed }) => {
    const weightTotal = cohortWeights.reduce((a, b) => a + b, 0);
    // Rare levels: at most 3 cohorts non-empty per level and few patients, as rare categories are.
    const rare = Array.from({ length: rareLevels }, (_, i) => cohortWeights.map((_, j) => ((i + j + seed) % 4 === 0 ? 0 : (rareCells[i * 4 + j] ?? 0))));
    const common = cohortWeights.map((weight) => Math.max(1, Math.round((patients * weight) / weightTotal)));
    const table = [...rare.filter((row) => row.some((cell) => cell > 0)), common];
    return transpose ? (table[0] ?? []).map((_, j) => table.map((row) => row[j] ?? 0)) : table;
  })
  .filter((table) => table.length >= 2 && (table[0]?.length ?? 0) >= 2 && (table[0] ?? []).every((_, j) => table.some((row) => (row[j] ?? 0) > 0)));

/** p-values of the Characteristics tab's 600-patient e2e cohort (seed 7), from the previous implementation (direct summation). */
const PREVIOUS_IMPLEMENTATION: [string, number[][], number][] = [
  ["histologic type", [[105, 64, 215, 70], [17, 8, 44, 10], [2, 1, 10, 4], [10, 4, 11, 8]], 0.46417208149237915],
  ["T category", [[70, 36, 129, 45], [51, 35, 130, 44], [8, 5, 15, 4], [8, 5, 13, 2]], 0.8139082644684072],
  ["histologic grade", [[10, 6, 55, 4], [57, 34, 126, 38], [66, 40, 99, 50]], 0.00005997851739413725],
  ["menopausal status", [[42, 21, 82, 21], [2, 5, 10, 2], [86, 48, 183, 63]], 0.4820035574367799],
];

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

describe("fisherExactTest on Table 1 shaped tables", () => {
  it("matches a plain recursion over every table on sparse 4 x 4, 5 x 4 and 4 x 5 tables with 300 to 3,000 patients", () => {
    fc.assert(
      fc.property(sparseTableOneArbitrary, (table) => {
        expectRelativelyClose(fisherExactTest(table).pValue, computeFisherPValueByRecursion(table, 20_000_000), 1e-9);
      }),
      { numRuns: 12, seed: 20_261_127 },
    );
  }, 120_000);

  it.each([
    ["germline BRCA like, N = 1,551", [[8, 1, 1, 1], [2, 4, 3, 2], [300, 250, 420, 280]]],
    ["rare levels in every cohort, N = 2,755", [[5, 0, 2, 1], [1, 3, 0, 2], [0, 1, 4, 1], [700, 520, 900, 610]]],
    ["5 x 4 with four rare levels, N = 907", [[0, 3, 1, 2], [2, 0, 0, 1], [1, 1, 2, 0], [3, 2, 0, 1], [240, 90, 410, 150]]],
    ["tiny p-value (direct sum), N = 1,232", [[9, 0, 0, 0], [0, 0, 0, 8], [0, 7, 0, 0], [300, 250, 400, 258]]],
    ["two rare levels, N = 19,997", [[3, 1, 0, 2], [1, 0, 2, 1], [6000, 5000, 4000, 4990]]],
    ["3 x 6 with two rare levels, N = 19,999", [[3, 1, 0, 2, 0, 1], [1, 0, 2, 1, 1, 0], [4000, 3000, 4000, 3000, 2990, 3000]]],
    ["p near 4e-6 (direct sum), N = 20,009", [[12, 0, 1, 0], [0, 3, 0, 4], [6000, 5000, 4000, 4990]]],
  ])("matches the plain recursion for %s", (_, table) => {
    expectRelativelyClose(fisherExactTest(table).pValue, computeFisherPValueByRecursion(table), 1e-9);
  });

  it.each(PREVIOUS_IMPLEMENTATION)("agrees with the previous direct summation on the e2e cohort's %s (N about 600)", (_, table, expected) => {
    expectRelativelyClose(fisherExactTest(table).pValue, expected, 1e-8);
  });

  it("does not depend on the order of rows and columns, nor on transposing, for a 4 x 4 table of 582 patients", () => {
    const table = PREVIOUS_IMPLEMENTATION[0]?.[1] ?? [];
    const p = fisherExactTest(table).pValue;
    const transposed = (table[0] ?? []).map((_, j) => table.map((row) => row[j] ?? 0));
    const reordered = [...table].reverse().map((row) => [row[2] ?? 0, row[0] ?? 0, row[3] ?? 0, row[1] ?? 0]);
    expectRelativelyClose(fisherExactTest(transposed).pValue, p, 1e-9);
    expectRelativelyClose(fisherExactTest(reordered).pValue, p, 1e-9);
    // Three exact tests of a 582-patient 4 x 4 table: about a second on a quiet machine, past 5 s
    // under CI's load (it timed out there).
  }, 60_000);

  it("gives a simulated p-value within 4 standard errors of the exact one", () => {
    const tables = [
      [[1, 3, 10, 6], [2, 3, 10, 7], [1, 6, 14, 12], [0, 1, 9, 11]],
      [[8, 1, 1, 1], [2, 4, 3, 2], [300, 250, 420, 280]],
      ...PREVIOUS_IMPLEMENTATION.map(([, table]) => table),
    ];
    for (const table of tables) {
      const exact = fisherExactTest(table).pValue;
      const simulated = simulateFisherPValue(table, 20_000);
      const standardError = Math.sqrt((exact * (1 - exact)) / simulated.replicates);
      expect(Math.abs(simulated.pValue - exact), JSON.stringify(table)).toBeLessThanOrEqual(4 * standardError + 1 / (simulated.replicates + 1));
    }
  }, 60_000);
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
