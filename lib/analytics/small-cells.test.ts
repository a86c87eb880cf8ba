import { describe, expect, it } from "vitest";
import { formatShownCount, isSuppressed, suppressCount, suppressShare } from "./small-cells";

describe("small-cell suppression", () => {
  it("is off at threshold 0", () => {
    expect(suppressCount(1, 0)).toBe(1);
    expect(isSuppressed(3, 0)).toBe(false);
  });

  it("hides counts from 1 to k - 1, never 0 or k", () => {
    expect([0, 1, 4, 5, 6].map((count) => suppressCount(count, 5))).toEqual([0, null, null, 5, 6]);
    expect(formatShownCount(null, 5)).toBe("<5");
    expect(formatShownCount(1234, 5)).toBe("1,234");
  });

  it("hides a share when its numerator or denominator is hidden", () => {
    expect(suppressShare(3, 100, 5, 3)).toBeNull();
    expect(suppressShare(2, 4, 3, 50)).toBeNull();
    expect(suppressShare(3, 4, 3, 75)).toBe(75);
    expect(suppressShare(10, 100, 5, 10)).toBe(10);
  });
});
