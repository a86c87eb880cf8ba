import { describe, expect, it } from "vitest";
import { formatMedianQuartiles, formatMedianWithInterval, formatMonths, formatPValue, formatPValueInText, formatPercent, formatRateWithInterval } from "./format";

describe("dashboard number formats", () => {
  it.each([
    [0.0000062, "<0.001"],
    [0.00099, "<0.001"],
    [0.001, "0.0010"],
    [0.0012345, "0.0012"],
    [0.04146, "0.041"],
    [0.1, "0.10"],
    [0.33115, "0.33"],
    [0.99, "0.99"],
    [0.995, ">0.99"],
    [1, ">0.99"],
  ])("p = %s prints as %s", (p, text) => {
    expect(formatPValue(p)).toBe(text);
  });

  it("prints a missing p-value as a dash", () => {
    expect(formatPValue(null)).toBe("—");
    expect(formatPValue(Number.NaN)).toBe("—");
  });

  it.each([
    [0, "0%"],
    [0.05, "<0.1%"],
    [1.25, "1.3%"],
    [9.96, "10.0%"],
    [10, "10%"],
    [22.5, "23%"],
    [100, "100%"],
  ])("%s %% prints as %s (gtsummary's style_percent)", (percent, text) => {
    expect(formatPercent(percent)).toBe(text);
  });

  it("prints median (Q1, Q3) with integers from 10 and one decimal below", () => {
    expect(formatMedianQuartiles({ median: 57, q1: 47.25, q3: 66.5 })).toBe("57 (47, 67)");
    expect(formatMedianQuartiles({ median: 4.25, q1: 2, q3: 9.95 })).toBe("4.3 (2.0, 10.0)");
    expect(formatMedianQuartiles(null)).toBe("—");
  });

  it("prints months and exact intervals", () => {
    expect(formatMonths(null)).toBe("NR");
    expect(formatMonths(9.8765)).toBe("9.9");
    expect(formatRateWithInterval(111 / 184, 0.529, 0.674)).toBe("60.3% (52.9-67.4)");
    expect(formatMedianWithInterval({ estimate: 9.87, lower: 7.1, upper: null })).toBe("9.9 (7.1-NR)");
    expect(formatMedianWithInterval({ estimate: null, lower: null, upper: null })).toBe("NR");
  });

  it("puts p-values in a sentence without 'p = <0.001' (issue 16 §6)", () => {
    expect(formatPValueInText(0.0001)).toBe("p < 0.001");
    expect(formatPValueInText(0.995)).toBe("p > 0.99");
    expect(formatPValueInText(0.0432)).toBe("p = 0.043");
    expect(formatPValueInText(null)).toBe("p not available");
  });
});
