import fc from "fast-check";
import gammaln from "@stdlib/math-base-special-gammaln";
import { describe, expect, it } from "vitest";
import { computeHypergeometricProbability } from "./hypergeometric-probability";
import { expectRelativelyClose } from "./testing/r-reference";

/** C(n, k) as an exact BigInt. */
function choose(n: number, k: number): bigint {
  let result = 1n;
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

/**
 * The probability from exact integer arithmetic, with at least 30 significant digits before the
 * one rounding to a double: the numerator is scaled by 10^shift, shift chosen from the operands'
 * lengths (a fixed 10^40 left only 12 digits for a probability of 1e-28, which failed the 1e-13
 * comparison now and then), and "q e-shift" is converted by Number, correctly rounded.
 */
function exactProbability(x: number, successes: number, failures: number, drawn: number): number {
  const numerator = choose(successes, x) * choose(failures, drawn - x);
  const denominator = choose(successes + failures, drawn);
  const shift = Math.max(0, denominator.toString().length - numerator.toString().length + 30);
  return Number(`${(numerator * 10n ** BigInt(shift)) / denominator}e-${shift}`);
}

describe("computeHypergeometricProbability (R's dhyper)", () => {
  it("gives C(10, 5) C(7, 3) / C(17, 8) = 8820 / 24310", () => {
    expectRelativelyClose(computeHypergeometricProbability(5, 10, 7, 8), 8820 / 24310, 1e-14);
  });

  it("matches exact integer arithmetic to 1e-12 relative, also with thousands of items", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 3000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (successes, failures, drawnShare, xShare) => {
        const drawn = Math.round(drawnShare * (successes + failures));
        const lowest = Math.max(0, drawn - failures);
        const highest = Math.min(drawn, successes);
        const x = Math.round(lowest + xShare * (highest - lowest));
        const exact = exactProbability(x, successes, failures, drawn);
        if (exact < 1e-250) return;
        // Loader's saddle-point form (R's dbinom_raw inside dhyper) sums several rounded terms: deep in
        // the tail CI saw 1.6e-13 relative (x = 0 of 924 drawn from 480 + 1757, p = 1.2e-131).
        expectRelativelyClose(computeHypergeometricProbability(x, successes, failures, drawn), exact, 1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it("is more accurate than exp of log factorials for 20,000 items", () => {
    const exact = exactProbability(5000, 10_000, 10_000, 10_000);
    const viaLogFactorials = Math.exp(4 * gammaln(10_001) - gammaln(20_001) - 4 * gammaln(5001));
    expectRelativelyClose(computeHypergeometricProbability(5000, 10_000, 10_000, 10_000), exact, 1e-14);
    expect(Math.abs(viaLogFactorials / exact - 1)).toBeGreaterThan(1e-14);
  });

  it("is 0 outside the support and 1 for a sure draw", () => {
    expect(computeHypergeometricProbability(6, 5, 10, 8)).toBe(0);
    expect(computeHypergeometricProbability(0, 5, 10, 11)).toBe(0);
    expect(computeHypergeometricProbability(0, 5, 10, 0)).toBe(1);
    expect(computeHypergeometricProbability(5, 5, 10, 15)).toBe(1);
  });
});
