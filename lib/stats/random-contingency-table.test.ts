import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildLogFactorialTable, computeChiSquareUpperTail } from "./distributions";
import { computeHypergeometricProbability } from "./hypergeometric-probability";
import { drawRandomContingencyTable } from "./random-contingency-table";
import { createSeededRandom, hashIntegers } from "./seeded-random";

describe("drawRandomContingencyTable (Patefield, AS 159)", () => {
  it("keeps the row and column totals and returns sum log x!", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 2, maxLength: 6 }), fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }), fc.nat(), (rowTotals, columnWeights, seed) => {
        const total = rowTotals.reduce((a, b) => a + b, 0);
        const weightTotal = columnWeights.reduce((a, b) => a + b, 0);
        const columnTotals = columnWeights.map((weight) => Math.floor((total * weight) / weightTotal));
        columnTotals[0] = (columnTotals[0] ?? 0) + total - columnTotals.reduce((a, b) => a + b, 0);
        const logFactorial = buildLogFactorialTable(total);
        const cells = new Int32Array(rowTotals.length * columnTotals.length);
        const t = drawRandomContingencyTable(Int32Array.from(rowTotals), Int32Array.from(columnTotals), logFactorial, createSeededRandom(seed), cells, new Int32Array(columnTotals.length));
        rowTotals.forEach((rowTotal, i) => expect(columnTotals.reduce((sum, _, j) => sum + (cells[i * columnTotals.length + j] ?? 0), 0)).toBe(rowTotal));
        columnTotals.forEach((columnTotal, j) => expect(rowTotals.reduce((sum, _, i) => sum + (cells[i * columnTotals.length + j] ?? 0), 0)).toBe(columnTotal));
        expect(cells.every((cell) => cell >= 0)).toBe(true);
        expect(t).toBeCloseTo([...cells].reduce((sum, cell) => sum + (logFactorial[cell] ?? 0), 0), 9);
      }),
      { numRuns: 200 },
    );
  });

  it("draws the first cell of a 2 x 3 table from its hypergeometric law (chi-square goodness of fit)", () => {
    const rows = Int32Array.from([12, 18]);
    const columns = Int32Array.from([9, 11, 10]);
    const logFactorial = buildLogFactorialTable(30);
    const random = createSeededRandom(7);
    const cells = new Int32Array(6);
    const counts = new Array<number>(10).fill(0);
    const draws = 50_000;
    for (let b = 0; b < draws; b++) {
      drawRandomContingencyTable(rows, columns, logFactorial, random, cells, new Int32Array(3));
      counts[cells[0] ?? 0]! += 1;
    }
    // x_11 ~ Hypergeometric: 12 draws from 30 items, 9 of which are column 1.
    let statistic = 0;
    let df = -1;
    for (let x = 0; x <= 9; x++) {
      const expected = draws * computeHypergeometricProbability(x, 9, 21, 12);
      if (expected < 5) continue;
      statistic += ((counts[x] ?? 0) - expected) ** 2 / expected;
      df++;
    }
    expect(computeChiSquareUpperTail(statistic, df)).toBeGreaterThan(0.001);
  });
});

describe("createSeededRandom", () => {
  it("repeats the same sequence for the same seed, in [0, 1), and differs between seeds", () => {
    const first = createSeededRandom(hashIntegers([3, 1, 4]));
    const again = createSeededRandom(hashIntegers([3, 1, 4]));
    const other = createSeededRandom(hashIntegers([3, 1, 5]));
    const values = Array.from({ length: 1000 }, () => first());
    expect(Array.from({ length: 1000 }, () => again())).toEqual(values);
    expect(Array.from({ length: 1000 }, () => other())).not.toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / values.length));
  });
});
