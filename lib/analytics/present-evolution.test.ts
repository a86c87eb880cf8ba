import { describe, expect, it } from "vitest";
import { clopperPearsonInterval } from "../stats/tests";
import { countCalls, presentFunnel, presentTransitions } from "./present-evolution";

describe("calling-rate funnel plots", () => {
  const units = [
    { key: "01", label: "Site 01", counts: { zero: 80, ultralow: 40, low: 120 } },
    { key: "02", label: "Site 02", counts: { zero: 60, ultralow: 30, low: 110 } },
    { key: "03", label: "Site 03", counts: { zero: 20, ultralow: 10, low: 170 } },
  ];

  it("defines the HER2-low rate over HER2-negative tests and the ultralow rate over IHC 0 tests", () => {
    expect(countCalls({ zero: 5, ultralow: 3, low: 2 }, "low")).toEqual({ calls: 2, total: 10 });
    expect(countCalls({ zero: 5, ultralow: 3, low: 2 }, "ultralow")).toEqual({ calls: 3, total: 8 });
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
    const funnel = presentFunnel([...units, { key: "04", label: "Site 04", counts: { zero: 1, ultralow: 1, low: 1 } }], "low", 5);
    const site04 = funnel.units.find((unit) => unit.key === "04");
    expect(site04).toMatchObject({ calls: null, total: null, rate: null, z: null, outside95: false });
  });
});

describe("HER2 transition matrices", () => {
  it("gives row shares, discordance with an exact CI and the HER2-zero → low/ultralow share", () => {
    const view = presentTransitions(
      [
        { from: "ZERO", to: "ZERO", n: 30 },
        { from: "ZERO", to: "LOW", n: 8 },
        { from: "ZERO", to: "ULTRALOW", n: 2 },
        { from: "LOW", to: "LOW", n: 50 },
        { from: "LOW", to: "ZERO", n: 10 },
      ],
      0,
    );
    expect(view.total).toBe(100);
    expect(view.discordant).toBe(20);
    expect(view.discordance?.rate).toBe(0.2);
    // binom.test(20, 100)$conf.int: 0.1266556 0.2918427
    expect(view.discordance?.lower).toBeCloseTo(0.1266556, 6);
    expect(view.discordance?.upper).toBeCloseTo(0.2918427, 6);
    expect(view.fromZero).toBe(40);
    expect(view.zeroToLowOrUltralow).toBe(10);
    expect(view.cells.find((cell) => cell.from === "ZERO" && cell.to === "LOW")?.rowPercent).toBe(20);
    expect(view.cells.find((cell) => cell.from === "POSITIVE" && cell.to === "POSITIVE")).toMatchObject({ n: 0, rowPercent: null });
  });
});
