import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSplitMix32 } from "../random/splitmix32";
import { kaplanMeier, type SurvivalRecord } from "../stats/survival";
import { mergeDrawnCurve } from "./drawn-curve";
import { DAYS_PER_MONTH, analyseSurvival, thinCurvesForChart } from "./survival-analysis";
import { KAPLAN_MEIER_RESOLUTION, rasteriseStepCurve, thinStepCurve, type PlotResolution, type StepPoint } from "./thin-curve";

/** A registry-sized cohort: exponential deaths (median ~5 years) and uniform censoring over 20 years, one record per patient. */
function syntheticRecords(patients: number, seed: number, group = "LOW"): SurvivalRecord[] {
  const next = createSplitMix32(seed);
  const random = () => next() / 2 ** 32;
  const byDay = new Map<number, SurvivalRecord>();
  for (let i = 0; i < patients; i++) {
    const death = Math.round((-Math.log(1 - random()) * 5 * 365.25) / Math.LN2);
    const censor = Math.round(random() * 20 * 365.25);
    const time = Math.min(death, censor);
    const record = byDay.get(time) ?? { group, time, events: 0, censored: 0 };
    if (death <= censor) record.events += 1;
    else record.censored += 1;
    byDay.set(time, record);
  }
  return [...byDay.values()].sort((a, b) => a.time - b.time);
}

/** S(t) as the page reads it under a tick: the last point at or before t (right-continuous). */
function readAt(points: readonly StepPoint[], time: number): StepPoint | null {
  let found: StepPoint | null = null;
  for (const point of points) {
    if (point.time <= time) found = point;
    else break;
  }
  return found;
}

/** The largest difference, in pixel rows, between two pictures of a curve, over every column and series. */
function maxRowDeviation(a: ReturnType<typeof rasteriseStepCurve>, b: ReturnType<typeof rasteriseStepCurve>): number {
  let worst = 0;
  for (const column of new Set([...a.keys(), ...b.keys()])) {
    const left = a.get(column);
    const right = b.get(column);
    if (!left || !right) return Infinity;
    for (const name of ["survival", "lower", "upper"] as const) {
      const deviation = Math.max(Math.abs(left[name][0] - right[name][0]), Math.abs(left[name][1] - right[name][1]));
      if (Number.isFinite(deviation)) worst = Math.max(worst, deviation);
      else if (left[name][0] !== right[name][0] || left[name][1] !== right[name][1]) return Infinity;
    }
  }
  return worst;
}

function isSubsequence(part: readonly StepPoint[], whole: readonly StepPoint[]): boolean {
  let at = 0;
  for (const point of part) {
    while (at < whole.length && whole[at] !== point) at++;
    if (at === whole.length) return false;
    at++;
  }
  return true;
}

describe("thinStepCurve", () => {
  const analysis = analyseSurvival(syntheticRecords(200_000, 17), { reference: "LOW", smallCellThreshold: 0 });
  const group = analysis.groups[0];
  if (!group) throw new Error("no curve");
  const full = group.points;
  const maxTime = analysis.ticks[analysis.ticks.length - 1] ?? 0;

  it.each([false, true])("draws the same pixels as every step of a 200,000-patient curve (bands %s)", (bands) => {
    const thinned = thinStepCurve(full, { maxTime, readAt: analysis.ticks, bands });
    const series = bands ? (["survival", "lower", "upper"] as const) : (["survival"] as const);
    expect(full.length).toBeGreaterThan(5_000);
    expect(maxRowDeviation(rasteriseStepCurve(full, { maxTime, series }), rasteriseStepCurve(thinned, { maxTime, series }))).toBe(0);
    // At most one point per pixel row each drawn series passes through, plus the kept ticks.
    const rows = KAPLAN_MEIER_RESOLUTION.rows;
    expect(thinned.length).toBeLessThanOrEqual(series.length * rows + analysis.ticks.length + 2);
    expect(thinned.length).toBeLessThan(full.length / 4);
  });

  it("keeps the shape of a step function: original points in order, first and last, the value at every tick", () => {
    const thinned = thinStepCurve(full, { maxTime, readAt: analysis.ticks, bands: true });
    expect(isSubsequence(thinned, full)).toBe(true);
    expect(thinned[0]).toBe(full[0]);
    expect(thinned[thinned.length - 1]).toBe(full[full.length - 1]);
    for (let i = 1; i < thinned.length; i++) {
      expect((thinned[i] as StepPoint).time).toBeGreaterThan((thinned[i - 1] as StepPoint).time);
      expect((thinned[i] as StepPoint).survival).toBeLessThanOrEqual((thinned[i - 1] as StepPoint).survival);
    }
    for (const tick of analysis.ticks) expect(readAt(thinned, tick)).toEqual(readAt(full, tick));
  });

  it("a naive decimation (every tenth step) is caught by the same pixel check", () => {
    const decimated = full.filter((_, index) => index % 10 === 0 || index === full.length - 1);
    expect(maxRowDeviation(rasteriseStepCurve(full, { maxTime, series: ["survival"] }), rasteriseStepCurve(decimated, { maxTime, series: ["survival"] }))).toBeGreaterThan(0);
  });

  it("draws the same pixels for any curve, resolution and read times (property)", () => {
    const curve = fc
      .array(fc.record({ gap: fc.integer({ min: 1, max: 50 }), drop: fc.integer({ min: 0, max: 30 }), lowerGap: fc.integer({ min: 0, max: 80 }), upperGap: fc.integer({ min: -20, max: 80 }) }), {
        minLength: 1,
        maxLength: 300,
      })
      .map((steps) => {
        let time = 0;
        let survival = 1;
        const points: StepPoint[] = [{ time: 0, survival: 1, lower: 1, upper: 1 }];
        for (const step of steps) {
          time += step.gap / 10;
          survival = Math.max(0, survival - step.drop / 1000);
          // Limits that need not be monotone (a log-scale upper limit can rise between events).
          points.push({ time, survival, lower: Math.max(0, survival - step.lowerGap / 1000), upper: Math.min(1, survival + Math.max(0, step.upperGap) / 1000) });
        }
        return points;
      });
    fc.assert(
      fc.property(
        curve,
        fc.record({ columns: fc.integer({ min: 5, max: 400 }), rows: fc.integer({ min: 5, max: 400 }) }),
        fc.array(fc.double({ min: 0, max: 2000, noNaN: true }), { maxLength: 6 }),
        fc.boolean(),
        (points, resolution: PlotResolution, readTimes, bands) => {
          const maxTime = (points[points.length - 1] as StepPoint).time || 1;
          const thinned = thinStepCurve(points, { maxTime, resolution, readAt: readTimes, bands });
          const series = bands ? (["survival", "lower", "upper"] as const) : (["survival"] as const);
          expect(maxRowDeviation(rasteriseStepCurve(points, { maxTime, resolution, series }), rasteriseStepCurve(thinned, { maxTime, resolution, series }))).toBe(0);
          expect(isSubsequence(thinned, points)).toBe(true);
          for (const time of readTimes) expect(readAt(thinned, time)).toEqual(readAt(points, time));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("thinCurvesForChart", () => {
  it("thins every curve of an analysis and leaves its numbers alone", () => {
    const records = [...syntheticRecords(60_000, 3, "LOW"), ...syntheticRecords(40_000, 4, "POSITIVE")];
    const analysis = analyseSurvival(records, { reference: "LOW", smallCellThreshold: 0 });
    const thinned = thinCurvesForChart(analysis, false);
    // With the band, each limit is its own series, drawn exactly like the curve.
    const banded = thinCurvesForChart(analysis, true).groups[0];
    const full = analysis.groups[0]?.points ?? [];
    const maxTime = analysis.ticks[analysis.ticks.length - 1] ?? 0;
    for (const name of ["lower", "upper"] as const) {
      const series = banded?.curve[name];
      const drawn = (series?.time ?? []).map((time, index) => ({ time, survival: 0, lower: null, upper: null, [name]: series?.value[index] ?? null }));
      expect(maxRowDeviation(rasteriseStepCurve(full, { maxTime, series: [name] }), rasteriseStepCurve(drawn, { maxTime, series: [name] }))).toBe(0);
    }
    // Merged back into the points the chart draws, all three series still draw every pixel as the full curve.
    const merged = mergeDrawnCurve(banded?.curve ?? { survival: { time: [], value: [] }, lower: null, upper: null });
    expect(maxRowDeviation(rasteriseStepCurve(full, { maxTime, series: ["survival", "lower", "upper"] }), rasteriseStepCurve(merged, { maxTime, series: ["survival", "lower", "upper"] }))).toBe(0);
    expect(thinned.ticks).toEqual(analysis.ticks);
    expect(thinned.atRisk).toEqual(analysis.atRisk);
    thinned.groups.forEach((group, index) => {
      const original = analysis.groups[index];
      expect(group.median).toEqual(original?.median);
      expect(group.curve.survival.time.length).toBeLessThan((original?.points.length ?? 0) / 4);
      expect(group.curve.lower).toBeNull();
      expect(group.markTimes).toEqual(original?.censorMarks.map((mark) => mark.time));
      // The life table reads every step, not the thinned curve.
      expect(group.atTicks).toEqual(analysis.ticks.map((tick) => readAt(original?.points ?? [], tick)));
    });
    // The curve is the statistics core's (months here, days there).
    const curve = kaplanMeier(records).find((entry) => entry.group === "LOW");
    const last = curve?.points[curve.points.length - 1];
    expect(thinned.groups[0]?.curve.survival.time.at(-1)).toBeCloseTo((last?.time ?? 0) / DAYS_PER_MONTH, 4);
  });
});
