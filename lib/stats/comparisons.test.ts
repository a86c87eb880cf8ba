import { describe, expect, it } from "vitest";
import { diagnosticAccuracy, rocCurve, type RocObservation } from "./diagnostic";
import { mantelHaenszelOddsRatio, proportionDifference, wilsonInterval } from "./tests";
import { expectClose, loadRFixture } from "./testing/r-fixtures";

type Interval = { estimate: number; lower: number; upper: number };
type ComparisonsFixture = {
  proportionDifference: Record<string, { x1: number; n1: number; x2: number; n2: number; difference: number; lower: number; upper: number; wilson1: [number, number]; wilson2: [number, number] }>;
  mantelHaenszel: Record<string, { strata: number[][][]; oddsRatio: number; lower: number; upper: number; statistic: number; pValue: number; uncorrectedStatistic: number; uncorrectedPValue: number }>;
  diagnosticAccuracy: Record<
    string,
    { truePositive: number; falsePositive: number; falseNegative: number; trueNegative: number; sensitivity: Interval; specificity: Interval; positivePredictiveValue: Interval; negativePredictiveValue: Interval }
  >;
  roc: Record<string, { observations: RocObservation[]; auc: number; lower: number; upper: number; variance: number; points: { threshold: number; specificity: number; sensitivity: number }[] }>;
};

const fixture = loadRFixture<ComparisonsFixture>("comparisons");

describe("wilsonInterval and proportionDifference against prop.test and Newcombe (1998)", () => {
  it.each(Object.entries(fixture.proportionDifference))("%s", (_, c) => {
    const first = wilsonInterval(c.x1, c.n1);
    expectClose(first.lower, c.wilson1[0]);
    expectClose(first.upper, c.wilson1[1]);
    const second = wilsonInterval(c.x2, c.n2);
    expectClose(second.lower, c.wilson2[0]);
    expectClose(second.upper, c.wilson2[1]);
    const result = proportionDifference(c.x1, c.n1, c.x2, c.n2);
    expectClose(result.difference, c.difference);
    expectClose(result.lower, c.lower);
    expectClose(result.upper, c.upper);
    expect(result.method).toBe("Newcombe hybrid score");
  });

  it("reproduces Newcombe's printed examples (a) 0.0524 to 0.3339 and (b) 0.1705 to 0.8090", () => {
    const a = proportionDifference(56, 70, 48, 80);
    expect([a.lower.toFixed(4), a.upper.toFixed(4)]).toEqual(["0.0524", "0.3339"]);
    const b = proportionDifference(9, 10, 3, 10);
    expect([b.lower.toFixed(4), b.upper.toFixed(4)]).toEqual(["0.1705", "0.8090"]);
  });

  it("stays within [−1, 1], and swapping the groups mirrors the interval", () => {
    const result = proportionDifference(10, 10, 0, 20);
    expect(result.upper).toBe(1);
    const swapped = proportionDifference(0, 20, 10, 10);
    expectClose(swapped.lower, -result.upper, 1e-15);
    expectClose(swapped.upper, -result.lower, 1e-15);
  });

  it("refuses empty groups and impossible counts", () => {
    expect(() => proportionDifference(1, 0, 1, 2)).toThrow(/at least one patient/);
    expect(() => proportionDifference(3, 2, 1, 2)).toThrow(/cannot exceed n/);
    expect(() => proportionDifference(-1, 2, 1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 2, 1.5)).toThrow(/confLevel/);
  });
});

describe("mantelHaenszelOddsRatio against mantelhaen.test", () => {
  it.each(Object.entries(fixture.mantelHaenszel))("%s", (_, c) => {
    const corrected = mantelHaenszelOddsRatio(c.strata);
    expectClose(corrected.oddsRatio, c.oddsRatio);
    expectClose(corrected.lower, c.lower);
    expectClose(corrected.upper, c.upper);
    expectClose(corrected.statistic, c.statistic);
    expectClose(corrected.pValue, c.pValue);
    expect(corrected.df).toBe(1);
    const uncorrected = mantelHaenszelOddsRatio(c.strata, { correct: false });
    expectClose(uncorrected.statistic, c.uncorrectedStatistic);
    expectClose(uncorrected.pValue, c.uncorrectedPValue);
    expectClose(uncorrected.oddsRatio, c.oddsRatio);
  });

  it("reproduces ?mantelhaen.test's penicillin example as R prints it: OR 7, 1.026713 to 47.725133, X² 3.9286, p 0.04747", () => {
    const result = mantelHaenszelOddsRatio(fixture.mantelHaenszel.penicillinRabbits?.strata ?? []);
    expect(result.oddsRatio).toBeCloseTo(7, 12);
    expect([result.lower.toFixed(6), result.upper.toFixed(6), result.statistic.toFixed(4), result.pValue.toFixed(5)]).toEqual(["1.026713", "47.725133", "3.9286", "0.04747"]);
  });

  // One stratum [[a, b], [c, d]] = [[12, 8], [5, 15]]: OR = a d / b c = 180 / 40 = 4.5, and the RBG
  // variance reduces to Woolf's 1/a + 1/b + 1/c + 1/d.
  it("with one stratum is the table's odds ratio with Woolf's standard error", () => {
    const result = mantelHaenszelOddsRatio([
      [
        [12, 8],
        [5, 15],
      ],
    ]);
    expectClose(result.oddsRatio, 4.5, 1e-14);
    expectClose(result.logStdErr, Math.sqrt(1 / 12 + 1 / 8 + 1 / 5 + 1 / 15), 1e-14);
  });

  it("drops strata with fewer than 2 patients (R stops) and counts them; the result is unchanged", () => {
    const strata = fixture.mantelHaenszel.ucbAdmissions?.strata ?? [];
    const padded = [...strata, [[0, 1], [0, 0]], [[0, 0], [0, 0]]];
    const result = mantelHaenszelOddsRatio(padded);
    expect(result.droppedStrata).toBe(2);
    expect(result.strata).toBe(strata.length);
    expect({ ...result, strata: 0, droppedStrata: 0 }).toEqual({ ...mantelHaenszelOddsRatio(strata), strata: 0, droppedStrata: 0 });
  });

  it("refuses odds ratios of 0 or infinity, no usable stratum and malformed strata", () => {
    expect(() => mantelHaenszelOddsRatio([[[3, 0], [0, 4]]])).toThrow(/infinite/);
    expect(() => mantelHaenszelOddsRatio([[[0, 3], [4, 0]]])).toThrow(/odds ratio is 0/);
    expect(() => mantelHaenszelOddsRatio([])).toThrow(/at least one stratum/);
    expect(() => mantelHaenszelOddsRatio([[[1, 2, 3], [4, 5, 6]]])).toThrow(/Stratum 1 must be a 2 × 2 table/);
    expect(() => mantelHaenszelOddsRatio([[[1, -2], [4, 5]]])).toThrow(RangeError);
  });
});

describe("diagnosticAccuracy against binom.test", () => {
  it.each(Object.entries(fixture.diagnosticAccuracy))("%s", (_, c) => {
    const result = diagnosticAccuracy(c);
    for (const key of ["sensitivity", "specificity", "positivePredictiveValue", "negativePredictiveValue"] as const) {
      for (const part of ["estimate", "lower", "upper"] as const) expectClose(result[key]?.[part], c[key][part]);
    }
  });

  it("gives null where a denominator is 0, and refuses bad counts", () => {
    const result = diagnosticAccuracy({ truePositive: 0, falsePositive: 0, falseNegative: 5, trueNegative: 7 });
    expect(result.positivePredictiveValue).toBeNull();
    expect(result.sensitivity).toMatchObject({ estimate: 0, lower: 0 });
    expect(() => diagnosticAccuracy({ truePositive: 1.5, falsePositive: 0, falseNegative: 5, trueNegative: 7 })).toThrow(/truePositive must be a non-negative integer/);
  });
});

describe("rocCurve against pROC (roc, coords, ci.auc with DeLong)", () => {
  it.each(Object.entries(fixture.roc))("%s: AUC, DeLong variance and interval", (_, c) => {
    const result = rocCurve(c.observations);
    expectClose(result.auc, c.auc);
    expectClose(result.stdErr ** 2, c.variance);
    expectClose(result.lower, c.lower);
    expectClose(result.upper, c.upper);
    expect(result.method).toBe("DeLong");
  });

  it.each(Object.entries(fixture.roc))("%s: every threshold, sensitivity and specificity of coords(roc, \"all\")", (_, c) => {
    const result = rocCurve(c.observations);
    expect(result.points).toHaveLength(c.points.length);
    result.points.forEach((point, i) => {
      const want = c.points[i];
      expectClose(point.threshold, want?.threshold ?? Number.NaN);
      expectClose(point.sensitivity, want?.sensitivity ?? Number.NaN);
      expectClose(point.specificity, want?.specificity ?? Number.NaN);
    });
  });

  it("pROC's own aSAH example: AUC 0.7314", () => {
    expect(rocCurve(fixture.roc.aSAHs100b?.observations ?? []).auc.toFixed(4)).toBe("0.7314");
  });

  // Pairs (positive, negative): (3, 1) 1, (3, 5) 0, (5, 1) 1, (5, 5) ½, twice each for the two 5s:
  // AUC = 4 / 6. Placements: positives ½ (3), ¾, ¾ (5s); negatives 1 (score 1: every positive above),
  // ⅓ (score 5: two tied positives count ½ each).
  it("by hand: positives 3, 5, 5 and negatives 1, 5", () => {
    const result = rocCurve([
      { score: 3, positive: true },
      { score: 5, positive: true },
      { score: 5, positive: true },
      { score: 1, positive: false },
      { score: 5, positive: false },
    ]);
    expectClose(result.auc, 2 / 3);
    expect(result.points).toEqual([
      { threshold: Number.NEGATIVE_INFINITY, sensitivity: 1, specificity: 0 },
      { threshold: 2, sensitivity: 1, specificity: 0.5 },
      { threshold: 4, sensitivity: 2 / 3, specificity: 0.5 },
      { threshold: Number.POSITIVE_INFINITY, sensitivity: 0, specificity: 1 },
    ]);
    const positiveVariance = ((0.5 - 2 / 3) ** 2 + 2 * (0.75 - 2 / 3) ** 2) / 2;
    const negativeVariance = ((1 - 2 / 3) ** 2 + (1 / 3 - 2 / 3) ** 2) / 1;
    expectClose(result.stdErr, Math.sqrt(positiveVariance / 3 + negativeVariance / 2));
  });

  it("perfect separation: AUC 1, interval [1, 1]; one negative: no standard error", () => {
    const perfect = rocCurve([1, 2, 3, 7, 8, 9].map((score) => ({ score, positive: score > 5 })));
    expect(perfect).toMatchObject({ auc: 1, stdErr: 0, lower: 1, upper: 1 });
    const single = rocCurve([{ score: 1, positive: false }, { score: 2, positive: true }, { score: 3, positive: true }]);
    expect(single.auc).toBe(1);
    expect(single.stdErr).toBeNaN();
  });

  it("refuses a missing class and bad observations", () => {
    expect(() => rocCurve([{ score: 1, positive: true }])).toThrow(/at least one positive and one negative/);
    expect(() => rocCurve([{ score: Number.NaN, positive: true }])).toThrow(/score must be a finite number/);
    expect(() => rocCurve([{ score: 1, positive: 1 as unknown as boolean }])).toThrow(TypeError);
  });
});
