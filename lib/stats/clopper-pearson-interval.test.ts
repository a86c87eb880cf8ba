import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clopperPearsonInterval } from "./clopper-pearson-interval";

describe("clopperPearsonInterval", () => {
  it("has lower 0 and upper 1 - (alpha / 2)^(1 / n) with no successes", () => {
    expect(clopperPearsonInterval(0, 20)).toEqual({ estimate: 0, lower: 0, upper: expect.closeTo(1 - 0.025 ** (1 / 20), 12) });
  });

  it("has upper 1 and lower (alpha / 2)^(1 / n) when every trial succeeds", () => {
    expect(clopperPearsonInterval(20, 20)).toEqual({ estimate: 1, lower: expect.closeTo(0.025 ** (1 / 20), 12), upper: 1 });
  });

  it("uses the requested confidence level", () => {
    const at90 = clopperPearsonInterval(0, 10, 0.9);
    expect(at90.upper).toBeCloseTo(1 - 0.05 ** (1 / 10), 12);
  });

  it("contains the estimate, within [0, 1], and widens with the confidence level", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.nat(), fc.double({ min: 0.5, max: 0.995, noNaN: true }), (n, k, level) => {
        const successes = k % (n + 1);
        const interval = clopperPearsonInterval(successes, n, level);
        const wider = clopperPearsonInterval(successes, n, Math.min(0.999, level + 0.004));
        expect(interval.lower).toBeGreaterThanOrEqual(0);
        expect(interval.upper).toBeLessThanOrEqual(1);
        expect(interval.lower).toBeLessThanOrEqual(interval.estimate);
        expect(interval.upper).toBeGreaterThanOrEqual(interval.estimate);
        expect(wider.lower).toBeLessThanOrEqual(interval.lower);
        expect(wider.upper).toBeGreaterThanOrEqual(interval.upper);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    [0, 0, undefined, /needs at least one patient \(n = 0\)/],
    [3, 2, undefined, /cannot exceed n/],
    [-1, 5, undefined, /successes must be a non-negative integer/],
    [1.5, 5, undefined, /successes must be a non-negative integer/],
    [1, 5, 1, /confLevel/],
    [1, 5, 0, /confLevel/],
  ])("refuses successes %s of n %s (confLevel %s)", (successes, n, confLevel, message) => {
    expect(() => clopperPearsonInterval(successes, n, confLevel)).toThrow(message);
  });
});
