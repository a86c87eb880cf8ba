import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohenKappa, fleissKappa, percentAgreement } from "./agreement";

/** A k × k table of counts with at least one specimen, k from 2 to 6. */
const tableArbitrary = fc
  .integer({ min: 2, max: 6 })
  .chain((k) => fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: k, maxLength: k }), { minLength: k, maxLength: k }))
  .filter((table) => table.some((row) => row.some((cell) => cell > 0)));

const weightsArbitrary = fc.constantFrom("none" as const, "linear" as const, "quadratic" as const);

function transpose(table: number[][]): number[][] {
  return table.map((_, i) => table.map((row) => row[i] ?? 0));
}

describe("Cohen's kappa properties", () => {
  it("kappa ≤ 1 with Po ≤ 1 and Pe ≤ 1, the interval around it within [−1, 1], the same for the transposed table", () => {
    fc.assert(
      fc.property(tableArbitrary, weightsArbitrary, (table, weights) => {
        const result = cohenKappa(table, { weights });
        if (Number.isNaN(result.kappa)) return;
        expect(result.kappa).toBeLessThanOrEqual(1 + 1e-12);
        expect(result.observedAgreement).toBeLessThanOrEqual(1 + 1e-12);
        expect(result.expectedAgreement).toBeLessThanOrEqual(1 + 1e-12);
        expect(result.stdErr).toBeGreaterThanOrEqual(0);
        expect(result.lower).toBeGreaterThanOrEqual(-1);
        expect(result.upper).toBeLessThanOrEqual(1);
        expect(result.lower).toBeLessThanOrEqual(result.kappa + 1e-12);
        expect(result.upper).toBeGreaterThanOrEqual(Math.min(1, result.kappa) - 1e-12);
        const transposed = cohenKappa(transpose(table), { weights });
        expect(transposed.kappa).toBeCloseTo(result.kappa, 10);
        expect(transposed.stdErr).toBeCloseTo(result.stdErr, 10);
      }),
    );
  });

  it("unweighted kappa does not depend on the order of the categories; weighted kappa does not on reversing it", () => {
    fc.assert(
      fc.property(tableArbitrary, fc.integer({ min: 0, max: 1000 }), (table, seed) => {
        const k = table.length;
        const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101));
        const permuted = order.map((i) => order.map((j) => table[i]?.[j] ?? 0));
        const a = cohenKappa(table);
        const b = cohenKappa(permuted);
        if (Number.isNaN(a.kappa)) {
          // The matcher's return value is not a boolean: returning it made fast-check count a pass as a failure.
          expect(b.kappa).toBeNaN();
          return;
        }
        expect(b.kappa).toBeCloseTo(a.kappa, 10);
        expect(b.stdErr).toBeCloseTo(a.stdErr, 10);
        const reversed = table.map((row) => [...row].reverse()).reverse();
        expect(cohenKappa(reversed, { weights: "quadratic" }).kappa).toBeCloseTo(cohenKappa(table, { weights: "quadratic" }).kappa, 10);
      }),
    );
  });

  it("perfect agreement (a diagonal table) gives exactly kappa 1 and stdErr 0 under every weighting", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 6 }), weightsArbitrary, (diagonal, weights) => {
        if (diagonal.filter((count) => count > 0).length < 2) return;
        const table = diagonal.map((count, i) => diagonal.map((_, j) => (i === j ? count : 0)));
        expect(cohenKappa(table, { weights })).toMatchObject({ kappa: 1, stdErr: 0, lower: 1, upper: 1, observedAgreement: 1 });
      }),
    );
  });

  it("percent agreement is the observed unweighted agreement, inside its exact interval", () => {
    fc.assert(
      fc.property(tableArbitrary, (table) => {
        const agreement = percentAgreement(table);
        expect(agreement.agreement).toBeCloseTo(cohenKappa(table).observedAgreement, 12);
        expect(agreement.lower).toBeLessThanOrEqual(agreement.agreement);
        expect(agreement.upper).toBeGreaterThanOrEqual(agreement.agreement);
      }),
    );
  });
});

describe("Fleiss' kappa properties", () => {
  const countsArbitrary = fc
    .record({ raters: fc.integer({ min: 2, max: 8 }), categories: fc.integer({ min: 2, max: 5 }), subjects: fc.integer({ min: 1, max: 25 }) })
    .chain(({ raters, categories, subjects }) =>
      fc.array(
        fc.array(fc.integer({ min: 0, max: categories - 1 }), { minLength: raters, maxLength: raters }).map((ratings) => {
          const row = new Array<number>(categories).fill(0);
          for (const rating of ratings) row[rating] = (row[rating] ?? 0) + 1;
          return row;
        }),
        { minLength: subjects, maxLength: subjects },
      ),
    );

  it("does not depend on the order of subjects or categories, and kappa ≤ 1", () => {
    fc.assert(
      fc.property(countsArbitrary, (counts) => {
        const result = fleissKappa(counts);
        if (Number.isNaN(result.kappa)) return;
        expect(result.kappa).toBeLessThanOrEqual(1 + 1e-12);
        expect(result.pValue).toBeGreaterThanOrEqual(0);
        expect(result.pValue).toBeLessThanOrEqual(1);
        const reordered = [...counts].reverse().map((row) => [...row].reverse());
        expect(fleissKappa(reordered).kappa).toBeCloseTo(result.kappa, 12);
        expect(fleissKappa(reordered).stdErr).toBeCloseTo(result.stdErr, 12);
      }),
    );
  });
});
