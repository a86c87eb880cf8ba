// A deep comparison of two computed views: the same structure and strings, every number equal to
// a relative 1e-9 (grouped and per-patient sums add in different orders).
import { expect } from "vitest";

/** Equal structures, numbers to a relative 1e-9 (the order of the sums differs). */
export function expectSameFigures(actual: unknown, expected: unknown, path = "view"): void {
  if (typeof expected === "number" && typeof actual === "number") {
    if (Number.isNaN(expected)) return expect(actual, path).toBeNaN();
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
    return;
  }
  if (expected === null || typeof expected !== "object") return expect(actual, path).toEqual(expected);
  expect(actual !== null && typeof actual === "object", path).toBe(true);
  const actualRecord = actual as Record<string, unknown>;
  const expectedRecord = expected as Record<string, unknown>;
  expect(Object.keys(actualRecord).sort(), path).toEqual(Object.keys(expectedRecord).sort());
  for (const key of Object.keys(expectedRecord)) expectSameFigures(actualRecord[key], expectedRecord[key], `${path}.${key}`);
}
