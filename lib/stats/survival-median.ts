import type { KaplanMeierPoint } from "./survival-types";

// Same tolerance as survival:::survmean, i.e. all.equal's sqrt(.Machine$double.eps): a curve
// like survfit(Surv(1:100) ~ 1) sits at 0.5 + 1.1e-16 and must count as exactly one half.
const HALF_TOLERANCE = Math.sqrt(Number.EPSILON);

/**
 * The first time a curve drops to 0.5 or below, as survival:::survmean's `minmin`:
 * - values that are NA (null) are skipped;
 * - no value <= 0.5 gives NA (null): the median is not reached;
 * - if the first such value is exactly 0.5 (within the tolerance) and the curve later drops
 *   below it, the answer is halfway between that time and the first time it is lower.
 */
export function findFirstTimeAtOrBelowHalf(times: number[], values: (number | null)[]): number | null {
  const keptTimes: number[] = [];
  const keptValues: number[] = [];
  values.forEach((value, index) => {
    if (value !== null && value < 0.5 + HALF_TOLERANCE) {
      keptTimes.push(times[index] ?? Number.NaN);
      keptValues.push(value);
    }
  });
  const firstValue = keptValues[0];
  const firstTime = keptTimes[0];
  if (firstValue === undefined || firstTime === undefined) return null;
  if (Math.abs(firstValue - 0.5) < HALF_TOLERANCE) {
    const lowerIndex = keptValues.findIndex((value) => value < firstValue);
    const lowerTime = keptTimes[lowerIndex];
    if (lowerIndex >= 0 && lowerTime !== undefined) return (firstTime + lowerTime) / 2;
  }
  return firstTime;
}

/**
 * Median survival and its CI as summary(survfit)$table reports them: the median from the
 * survival curve, the lower limit from the lower confidence curve and the upper limit from the
 * upper confidence curve (survmean: `lower <- minmin(lower, time)`, `upper <- minmin(upper, time)`).
 */
export function computeMedianSurvival(points: KaplanMeierPoint[]): {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
} {
  const times = points.map((point) => point.time);
  return {
    estimate: findFirstTimeAtOrBelowHalf(times, points.map((point) => point.survival)),
    lower: findFirstTimeAtOrBelowHalf(times, points.map((point) => point.lower)),
    upper: findFirstTimeAtOrBelowHalf(times, points.map((point) => point.upper)),
  };
}
