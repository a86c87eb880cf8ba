import { describe, expect, it } from "vitest";
import { clopperPearsonInterval } from "../stats/tests";
import { describeRate, presentResponses, presentUptake } from "./present-outcomes";

describe("response rates and treatment uptake for the browser", () => {
  it("gives exact intervals, as the statistics core computes them", () => {
    // The example: 111/184 = 60.3 % (52.9-67.4).
    const rate = describeRate(111, 184, 0);
    const exact = clopperPearsonInterval(111, 184);
    expect(rate).toEqual({ rate: exact.estimate, lower: exact.lower, upper: exact.upper });
    expect((rate?.lower ?? 0) * 100).toBeCloseTo(52.9, 1);
    expect((rate?.upper ?? 0) * 100).toBeCloseTo(67.4, 1);
    expect(describeRate(0, 0, 0)).toBeNull();
    expect(describeRate(3, 40, 5)).toBeNull();
  });

  it("lists regimens in class order with the cohorts present", () => {
    const view = presentResponses(
      [
        { regimen: "CHEMOTHERAPY", cohort: "ZERO", treated: 10, assessed: 8, nonMeasurable: 1, responders: 3, confirmedResponders: 2, controlled: 6, clinicalBenefit: 4 },
        { regimen: "T_DXD", cohort: "LOW", treated: 12, assessed: 12, nonMeasurable: 0, responders: 7, confirmedResponders: 6, controlled: 11, clinicalBenefit: 9 },
        { regimen: "T_DXD", cohort: "ZERO", treated: 2, assessed: 2, nonMeasurable: 0, responders: 0, confirmedResponders: 0, controlled: 1, clinicalBenefit: 1 },
      ],
      5,
    );
    expect(view.regimens.map((regimen) => regimen.regimen)).toEqual(["T_DXD", "CHEMOTHERAPY"]);
    expect(view.regimens[0]?.cells.map((cell) => cell.cohort)).toEqual(["ZERO", "LOW"]);
    expect(view.regimens[0]?.cells[0]).toMatchObject({ treated: null, assessed: null, objectiveResponse: null });
    expect(view.regimens[0]?.cells[1]?.objectiveResponse?.rate).toBeCloseTo(7 / 12, 12);
    expect(view.regimens[0]?.cells[1]?.confirmedResponse?.rate).toBeCloseTo(6 / 12, 12);
    expect(view.regimens[0]?.cells[1]?.clinicalBenefitRate?.rate).toBeCloseTo(9 / 12, 12);
    expect(view.regimens[1]?.cells[0]).toMatchObject({ assessed: 8, nonMeasurable: null, clinicalBenefit: null });
  });

  it("charts the chosen regimen's share of metastatic patients per year, or any line for ANY", () => {
    const cells = [
      { year: 2021, cohort: "LOW" as const, metastatic: 10, received: { CHEMOTHERAPY: 8 }, receivedAny: 9 },
      { year: 2023, cohort: "LOW" as const, metastatic: 20, received: { T_DXD: 9, CHEMOTHERAPY: 12 }, receivedAny: 19 },
    ];
    const tdxd = presentUptake(cells, "T_DXD", 0);
    expect(tdxd.years).toEqual([2021, 2023]);
    expect(tdxd.series[0]?.points.map((point) => point.share)).toEqual([0, 0.45]);
    expect(tdxd.table[1]?.received.T_DXD).toBe(9);
    expect(tdxd.table[0]?.received.T_DXD).toBe(0);
    expect(presentUptake(cells, "ANY", 0).series[0]?.points.map((point) => point.share)).toEqual([0.9, 0.95]);
    expect(presentUptake(cells, "T_DXD", 10).series[0]?.points.map((point) => point.share)).toEqual([0, null]);
    // Fewer than 10 metastatic patients in a year and cohort: no point (issue 16 §12), counts still in the table.
    const few = presentUptake([{ year: 2022, cohort: "LOW" as const, metastatic: 9, received: { T_DXD: 3 }, receivedAny: 9 }], "T_DXD", 0);
    expect(few.series[0]?.points[0]).toMatchObject({ metastatic: 9, received: 3, share: null });
    expect(few.table[0]?.received.T_DXD).toBe(3);
  });
});
