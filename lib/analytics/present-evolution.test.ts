import { describe, expect, it } from "vitest";
import { clopperPearsonInterval } from "../stats/tests";
import type { TransitionCell } from "./her2-transitions";
import { countCalls, presentFunnel, presentTransitions } from "./present-evolution";

describe("calling-rate funnel plots", () => {
  const units = [
    { key: "01", label: "Site 01", counts: { zero: 80, ultralow: 40, zeroNos: 0, low: 120 } },
    { key: "02", label: "Site 02", counts: { zero: 60, ultralow: 30, zeroNos: 0, low: 110 } },
    { key: "03", label: "Site 03", counts: { zero: 20, ultralow: 10, zeroNos: 0, low: 170 } },
  ];

  it("defines the HER2-low rate over every HER2-negative test and the ultralow rate over IHC 0 tests that say null or ultralow", () => {
    expect(countCalls({ zero: 5, ultralow: 3, zeroNos: 4, low: 2 }, "low")).toEqual({ calls: 2, total: 14 });
    // An IHC 0 not specified says neither null nor ultralow: out of the ultralow rate.
    expect(countCalls({ zero: 5, ultralow: 3, zeroNos: 4, low: 2 }, "ultralow")).toEqual({ calls: 3, total: 8 });
  });

  it("flags a unit outside the limits around the pooled rate", () => {
    const funnel = presentFunnel(units, "low", 0);
    const pooled = 400 / 640;
    expect(funnel.pooled.rate).toBeCloseTo(pooled, 12);
    const site03 = funnel.units.find((unit) => unit.key === "03");
    expect(site03?.z).toBeCloseTo((170 / 200 - pooled) / Math.sqrt((pooled * (1 - pooled)) / 200), 10);
    expect(site03?.outside998).toBe(true);
    expect(site03?.rate?.rate).toBeCloseTo(0.85, 12);
    // The exact (Clopper-Pearson) interval of the statistics core, as binom.test reports it.
    const exact = clopperPearsonInterval(170, 200);
    expect(site03?.rate?.lower).toBe(exact.lower);
    expect(site03?.rate?.upper).toBe(exact.upper);
    for (const limit of funnel.limits) {
      const spread = Math.sqrt((pooled * (1 - pooled)) / limit.n);
      expect(limit.upper95).toBeCloseTo(Math.min(1, pooled + 1.959964 * spread), 5);
      expect(limit.lower998).toBeCloseTo(Math.max(0, pooled - 3.090232 * spread), 5);
    }
  });

  it("suppresses small units without dropping them from the table", () => {
    const funnel = presentFunnel([...units, { key: "04", label: "Site 04", counts: { zero: 1, ultralow: 1, zeroNos: 0, low: 1 } }], "low", 5);
    const site04 = funnel.units.find((unit) => unit.key === "04");
    expect(site04).toMatchObject({ calls: null, total: null, rate: null, z: null, outside95: false });
  });
});

describe("HER2 transition matrices", () => {
  const cells = [
    { from: "ZERO", to: "ZERO", hrPositive: true, n: 30 },
    { from: "ZERO", to: "LOW", hrPositive: true, n: 8 },
    { from: "ZERO", to: "ULTRALOW", hrPositive: true, n: 2 },
    { from: "ZERO", to: "ULTRALOW", hrPositive: false, n: 3 },
    { from: "ZERO_NOS", to: "ULTRALOW", hrPositive: true, n: 4 },
    { from: "ZERO_NOS", to: "ZERO", hrPositive: false, n: 6 },
    { from: "ULTRALOW", to: "LOW", hrPositive: true, n: 5 },
    { from: "ULTRALOW", to: "ULTRALOW", hrPositive: true, n: 2 },
    { from: "LOW", to: "LOW", hrPositive: true, n: 50 },
    { from: "LOW", to: "ZERO", hrPositive: false, n: 10 },
  ] as const satisfies readonly TransitionCell[];

  it("gives row shares in the 4-group scheme, IHC 0 not specified as its own row where present", () => {
    const view = presentTransitions(cells, 0, "4");
    expect(view.categories).toEqual(["ZERO", "ULTRALOW", "ZERO_NOS", "LOW", "POSITIVE"]);
    expect(view.total).toBe(120);
    expect(view.cells.find((cell) => cell.from === "ZERO" && cell.to === "LOW")?.rowPercent).toBeCloseTo((100 * 8) / 43, 10);
    expect(view.cells.find((cell) => cell.from === "POSITIVE" && cell.to === "POSITIVE")).toMatchObject({ n: 0, rowPercent: null });
  });

  it("merges every IHC 0 into HER2-0 in the 3-group scheme, the figures unchanged", () => {
    const three = presentTransitions(cells, 0, "3");
    const four = presentTransitions(cells, 0, "4");
    expect(three.categories).toEqual(["HER2_0", "LOW", "POSITIVE"]);
    expect(three.cells.find((cell) => cell.from === "HER2_0" && cell.to === "HER2_0")?.n).toBe(30 + 2 + 3 + 4 + 6 + 2);
    expect(three.cells.find((cell) => cell.from === "HER2_0" && cell.to === "LOW")?.n).toBe(13);
    expect(three.discordance3).toEqual(four.discordance3);
    expect(three.zeroToLow).toEqual(four.zeroToLow);
  });

  it("counts discordance over three and four categories as published, with exact CIs", () => {
    const view = presentTransitions(cells, 0, "4");
    // Three categories: HER2-0 ↔ low moves only (8 + 5 + 10 = 23 of 120).
    expect(view.discordance3).toMatchObject({ n: 23, of: 120 });
    const exact = clopperPearsonInterval(23, 120);
    expect(view.discordance3.rate).toEqual({ rate: exact.estimate, lower: exact.lower, upper: exact.upper });
    // Four categories, patients with an IHC 0 not specified left out (10 of them): 8 + 2 + 3 + 5 + 10 = 28 of 110.
    expect(view.discordance4).toMatchObject({ n: 28, of: 110 });
  });

  it("counts the changes of eligibility for T-DXd as the labels define them", () => {
    const view = presentTransitions(cells, 0, "4");
    // HER2-0 (null, ultralow or not specified) first: 43 + 10 + 7 = 60; → low: 8 + 5.
    expect(view.zeroToLow).toMatchObject({ n: 13, of: 60 });
    // HR-positive null or not specified first: 30 + 8 + 2 + 4 = 44; → ultralow: 2 + 4 (the HR-negative 3 do not count).
    expect(view.nullToUltralowHrPositive).toMatchObject({ n: 6, of: 44 });
    expect(view.ultralowToLow).toMatchObject({ n: 5, of: 7 });
  });
});
