// Reading a step curve at a given time, for the life table under the Kaplan-Meier chart. Pure.
import type { SurvivalPoint } from "@/lib/analytics/survival-analysis";

/** S(t) and its limits at `time`: the last point at or before it (the curve is right-continuous). */
export function readCurveAt(points: SurvivalPoint[], time: number): SurvivalPoint | null {
  let found: SurvivalPoint | null = null;
  for (const point of points) {
    if (point.time <= time) found = point;
    else break;
  }
  return found;
}
