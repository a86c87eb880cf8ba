import { describe, expect, it } from "vitest";
import { findFirstTimeAtOrBelowHalf } from "./survival-median";

// survival:::survmean's minmin(y, x), case by case.
describe("findFirstTimeAtOrBelowHalf", () => {
  it("returns the first time the curve is at or below one half", () => {
    expect(findFirstTimeAtOrBelowHalf([1, 2, 3, 4], [0.9, 0.6, 0.45, 0.2])).toBe(3);
  });

  it("returns null when the curve never reaches one half", () => {
    expect(findFirstTimeAtOrBelowHalf([1, 2], [0.9, 0.51])).toBeNull();
    expect(findFirstTimeAtOrBelowHalf([], [])).toBeNull();
  });

  it("goes halfway to the next lower value when the curve sits exactly at one half", () => {
    expect(findFirstTimeAtOrBelowHalf([1, 2, 5, 9], [0.75, 0.5, 0.5, 0.25])).toBe(5.5);
  });

  it("keeps the time itself when the curve stays at one half to the end", () => {
    expect(findFirstTimeAtOrBelowHalf([1, 2, 5], [0.75, 0.5, 0.5])).toBe(2);
  });

  it("treats rounding noise around one half as one half (all.equal tolerance)", () => {
    expect(findFirstTimeAtOrBelowHalf([1, 2, 4], [0.75, 0.5 + 1.1e-16, 0.2])).toBe(3);
    expect(findFirstTimeAtOrBelowHalf([1, 2, 4], [0.75, 0.5 + 1e-6, 0.2])).toBe(4);
  });

  it("skips NA values, as the confidence curves have once S reaches 0", () => {
    expect(findFirstTimeAtOrBelowHalf([1, 2, 3], [0.9, 0.7, null])).toBeNull();
    expect(findFirstTimeAtOrBelowHalf([1, 2, 3], [null, 0.4, null])).toBe(2);
  });
});
