import { describe, expect, it } from "vitest";
import { measure, runsWithinBudget } from "./measure";

describe("runsWithinBudget", () => {
  it("keeps every run without a budget or when they fit", () => {
    expect(runsWithinBudget(5, 10_000, Number.POSITIVE_INFINITY)).toBe(5);
    expect(runsWithinBudget(3, 10_000, 30_000)).toBe(3);
  });

  it("cuts the runs to what fits, and to none when the warm-up alone exceeds the budget", () => {
    expect(runsWithinBudget(3, 12_000, 30_000)).toBe(2);
    expect(runsWithinBudget(3, 29_000, 30_000)).toBe(1);
    expect(runsWithinBudget(3, 31_000, 30_000)).toBe(0);
  });
});

describe("measure with a budget", () => {
  it("reports the warm-up as the sample when no run fits", async () => {
    let calls = 0;
    const timing = await measure(3, async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }, 1);
    expect(calls).toBe(1);
    expect(timing.runs).toBe(0);
    expect(timing.medianMs).toBe(timing.firstMs);
  });
});
