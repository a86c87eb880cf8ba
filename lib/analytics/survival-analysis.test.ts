import { describe, expect, it } from "vitest";
import { kaplanMeier, type SurvivalRecord } from "../stats/survival";
import { DAYS_PER_MONTH, analyseSurvival, chooseTicks, countAtRisk } from "./survival-analysis";

// R's survival::aml (maintained vs non-maintained chemotherapy in AML), times in weeks; here the
// numbers are read as days. survfit(Surv(time, status) ~ x, aml): medians 31 and 23.
const MAINTAINED = [[9, 1], [13, 1], [13, 0], [18, 1], [23, 1], [28, 0], [31, 1], [34, 1], [45, 0], [48, 1], [161, 0]] as const;
const NON_MAINTAINED = [[5, 1], [5, 1], [8, 1], [8, 1], [12, 1], [16, 0], [23, 1], [27, 1], [30, 1], [33, 1], [43, 1], [45, 1]] as const;

function toRecords(group: string, data: readonly (readonly [number, number])[]): SurvivalRecord[] {
  return data.map(([time, status]) => ({ group, time, events: status, censored: 1 - status }));
}

const records = [...toRecords("LOW", MAINTAINED), ...toRecords("ZERO", NON_MAINTAINED)];

describe("analyseSurvival", () => {
  it("draws each curve exactly: from (0, 1) through every event time to the last follow-up", () => {
    const analysis = analyseSurvival(records, { reference: "ZERO", smallCellThreshold: 0 });
    const curves = kaplanMeier(records);
    for (const group of analysis.groups) {
      const curve = curves.find((candidate) => candidate.group === group.cohort);
      if (!curve) throw new Error(group.cohort);
      const eventPoints = curve.points.filter((point) => point.nEvent > 0);
      expect(group.points[0]).toEqual({ time: 0, survival: 1, lower: 1, upper: 1 });
      // Sent rounded: months to 4 decimals, probabilities to 6.
      const drawn = group.points.slice(1, eventPoints.length + 1);
      expect(drawn).toHaveLength(eventPoints.length);
      drawn.forEach((point, index) => {
        const exact = eventPoints[index];
        expect(point.survival).toBeCloseTo(exact?.survival ?? Number.NaN, 6);
        if (exact?.lower === null) expect(point.lower).toBeNull();
        else expect(point.lower ?? Number.NaN).toBeCloseTo(exact?.lower ?? Number.NaN, 6);
        expect(point.time).toBeCloseTo((exact?.time ?? Number.NaN) / DAYS_PER_MONTH, 4);
      });
      const last = curve.points[curve.points.length - 1];
      expect(group.points[group.points.length - 1]?.time).toBeCloseTo((last?.time ?? 0) / DAYS_PER_MONTH, 4);
      const censored = curve.points.filter((point) => point.nCensor > 0);
      expect(group.censorMarks).toHaveLength(censored.length);
      group.censorMarks.forEach((mark, index) => expect(mark.time).toBeCloseTo((censored[index]?.time ?? Number.NaN) / DAYS_PER_MONTH, 4));
      expect(group.n).toBe(curve.n);
      expect(group.events).toBe(curve.events);
    }
    const low = analysis.groups.find((group) => group.cohort === "LOW");
    const zero = analysis.groups.find((group) => group.cohort === "ZERO");
    expect(low?.median.estimate).toBeCloseTo(31 / DAYS_PER_MONTH, 12);
    expect(zero?.median.estimate).toBeCloseTo(23 / DAYS_PER_MONTH, 12);
  });

  it("gives the log-rank test and the Cox hazard ratio as R does for aml", () => {
    const analysis = analyseSurvival(records, { reference: "LOW", smallCellThreshold: 0 });
    // survdiff(Surv(time, status) ~ x, aml): Chisq = 3.4 on 1 df, p = 0.07.
    if (!analysis.logRank.ok) throw new Error(analysis.logRank.reason);
    expect(analysis.logRank.chiSquare).toBeCloseTo(3.396, 3);
    expect(analysis.logRank.df).toBe(1);
    // coxph(Surv(time, status) ~ x, aml): exp(coef) for Nonmaintained = 2.498, lower .95 0.9159,
    // upper .95 6.813 (coef 0.9155, se 0.5119).
    if (!analysis.cox.ok) throw new Error(analysis.cox.reason);
    expect(analysis.cox.reference).toBe("LOW");
    expect(analysis.cox.terms).toHaveLength(1);
    expect(analysis.cox.terms[0]?.cohort).toBe("ZERO");
    expect(analysis.cox.terms[0]?.hazardRatio).toBeCloseTo(2.498, 3);
    expect(analysis.cox.terms[0]?.lower).toBeCloseTo(0.9159, 3);
    expect(analysis.cox.terms[0]?.upper).toBeCloseTo(6.813, 2);
  });

  it("thins censor marks to one per slot of the time axis, keeping each survival level", () => {
    // 2,000 patients censored on 2,000 different days, one death on day 1: one mark per slot.
    const many: SurvivalRecord[] = [{ group: "LOW", time: 1, events: 1, censored: 0 }];
    for (let day = 2; day <= 2001; day++) many.push({ group: "LOW", time: day, events: 0, censored: 1 });
    const analysis = analyseSurvival(many, { reference: "ZERO", smallCellThreshold: 0 });
    const marks = analysis.groups[0]?.censorMarks ?? [];
    expect(marks.length).toBeLessThanOrEqual(801);
    expect(marks.length).toBeGreaterThan(700);
    expect(analysis.groups[0]?.points).toHaveLength(3);
  });

  it("counts the number at risk at each tick (time at or after it)", () => {
    const analysis = analyseSurvival(records, { reference: "ZERO", smallCellThreshold: 0 });
    for (const row of analysis.atRisk) {
      analysis.ticks.forEach((tick, index) => {
        const expected = records
          .filter((record) => record.group === row.cohort && record.time >= tick * DAYS_PER_MONTH)
          .reduce((sum, record) => sum + record.events + record.censored, 0);
        expect(row.counts[index]).toBe(expected);
      });
    }
    expect(countAtRisk(records, "ZERO", 0)).toBe(12);
  });

  it("hides groups smaller than the small-cell threshold and tests without them", () => {
    // Times read as months (30 days each), so the number at risk falls through the threshold.
    const small = [...records, ...toRecords("ULTRALOW", [[3, 1], [7, 0]])].map((record) => ({ ...record, time: record.time * 30 }));
    const analysis = analyseSurvival(small, { reference: "ULTRALOW", smallCellThreshold: 5 });
    const ultralow = analysis.groups.find((group) => group.cohort === "ULTRALOW");
    expect(ultralow).toMatchObject({ hidden: true, n: null, events: null, points: [], censorMarks: [] });
    expect(analysis.atRisk.map((row) => row.cohort)).toEqual(["ZERO", "LOW"]);
    if (!analysis.logRank.ok || !analysis.cox.ok) throw new Error("tests should run");
    expect(analysis.logRank.cohorts).toEqual(["ZERO", "LOW"]);
    // The requested reference is hidden: HER2-null takes its place.
    expect(analysis.cox.reference).toBe("ZERO");
    expect(analysis.cox.requestedReference).toBe("ULTRALOW");
    // Numbers at risk below the threshold are suppressed, zero is not.
    const counts = analysis.atRisk.flatMap((row) => row.counts);
    expect(counts.some((count) => count === null)).toBe(true);
    for (const count of counts) expect(count === null || count === 0 || count >= 5).toBe(true);
  });

  it("leaves unclassified patients out of the tests, and a cohort without events out of the Cox model", () => {
    const withUnclassified = [...records, ...toRecords("UNCLASSIFIED", [[4, 1], [6, 1], [9, 0]]), ...toRecords("POSITIVE", [[10, 0], [20, 0], [30, 0]])];
    const analysis = analyseSurvival(withUnclassified, { reference: "POSITIVE", smallCellThreshold: 0 });
    if (!analysis.logRank.ok || !analysis.cox.ok) throw new Error("tests should run");
    expect(analysis.logRank.cohorts).toEqual(["ZERO", "LOW", "POSITIVE"]);
    expect(analysis.cox.reference).toBe("ZERO");
    expect(analysis.cox.terms.map((term) => term.cohort)).toEqual(["LOW"]);
    expect(analysis.cox.note).toMatch(/No events in HER2-positive/);
    expect(analysis.groups.map((group) => group.cohort)).toEqual(["ZERO", "LOW", "POSITIVE", "UNCLASSIFIED"]);
  });

  it("explains rather than throws when there is nothing to test", () => {
    const analysis = analyseSurvival(toRecords("LOW", MAINTAINED), { reference: "ZERO", smallCellThreshold: 0 });
    expect(analysis.logRank).toMatchObject({ ok: false });
    expect(analysis.cox).toMatchObject({ ok: false });
    expect(analyseSurvival([], { reference: "ZERO", smallCellThreshold: 0 }).groups).toEqual([]);
  });

  it("chooses round month ticks that cover the follow-up", () => {
    expect(chooseTicks(0)).toEqual([0, 3]);
    expect(chooseTicks(10)).toEqual([0, 3, 6, 9, 12]);
    expect(chooseTicks(40)).toEqual([0, 6, 12, 18, 24, 30, 36, 42]);
    expect(chooseTicks(100)).toEqual([0, 12, 24, 36, 48, 60, 72, 84, 96, 108]);
    expect(chooseTicks(168)).toEqual([0, 24, 48, 72, 96, 120, 144, 168]);
  });
});
