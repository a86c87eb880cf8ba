// The Kaplan-Meier chart's side of the thinned curves (issue 17 §7): the series the server sent
// (each thinned on its own, lib/analytics/survival-analysis.ts thinCurvesForChart) merged back
// into the points Recharts draws. Pure; imports only types, so the browser bundle stays small.
import type { DrawnCurve, DrawnSeries } from "./survival-analysis";

export type DrawnPoint = { time: number; survival: number; lower: number | null; upper: number | null };

/** A series' value at `time`: that of its last point at or before it (step after); null before it starts. */
export function readSeriesAt(series: DrawnSeries, time: number): number | null {
  let low = 0;
  let high = series.time.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((series.time[middle] as number) <= time) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found < 0 ? null : (series.value[found] ?? null);
}

/**
 * One point at every time any series steps, each series holding its last value there: the
 * merged points draw each series exactly as its own points do.
 */
export function mergeDrawnCurve(curve: DrawnCurve): DrawnPoint[] {
  const times = new Set<number>(curve.survival.time);
  for (const series of [curve.lower, curve.upper]) if (series) for (const time of series.time) times.add(time);
  return [...times]
    .sort((a, b) => a - b)
    .map((time) => ({
      time,
      survival: readSeriesAt(curve.survival, time) ?? 1,
      lower: curve.lower ? readSeriesAt(curve.lower, time) : null,
      upper: curve.upper ? readSeriesAt(curve.upper, time) : null,
    }));
}
