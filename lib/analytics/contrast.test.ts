import { describe, expect, it } from "vitest";
import { contrastRatio, lightness, parseHexColour, relativeLuminance } from "./contrast";

describe("WCAG contrast", () => {
  it("gives 21:1 for black on white and 1:1 for a colour on itself", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#0072b2", "#0072b2")).toBeCloseTo(1, 5);
  });

  it("matches published ratios (WebAIM's checker)", () => {
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#ffffff", "#56b4e9")).toBeCloseTo(2.31, 2);
    expect(contrastRatio("#e69f00", "#ffffff")).toBeCloseTo(2.25, 2);
  });

  it("gives L* 0 for black, 100 for white, about 53.6 for mid grey #777777", () => {
    expect(lightness("#000000")).toBeCloseTo(0, 5);
    expect(lightness("#ffffff")).toBeCloseTo(100, 3);
    expect(lightness("#777777")).toBeCloseTo(50.0, 0);
    expect(relativeLuminance("#ffffff")).toBeCloseTo(1, 6);
  });

  it("refuses what is not #rrggbb", () => {
    expect(() => parseHexColour("red")).toThrow(/rrggbb/);
    expect(parseHexColour("#0a0B0c")).toEqual([10, 11, 12]);
  });
});
