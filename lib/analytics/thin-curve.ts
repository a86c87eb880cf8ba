// Thinning a Kaplan-Meier step curve to the resolution it is drawn at (issue 17 §7). With a
// million patients a curve has a step on almost every day of follow-up, thousands of points that
// land on the same screen pixels; the page only needs the steps that change what is drawn.
// The data table and the CSV keep every step (the CSV is served in full by
// /api/exports/survival). Pure.

/** A point of a step curve drawn "step after": the level holds from `time` to the next point. */
export type StepPoint = { time: number; survival: number; lower: number | null; upper: number | null };

export type PlotResolution = {
  /** Pixels across the time axis, 0 to `maxTime`. */
  columns: number;
  /** Pixels across the survival axis, 0 to 1. */
  rows: number;
};

/**
 * The finest resolution the Kaplan-Meier chart is drawn at: its plot area is at most about
 * 1,070 × 300 CSS pixels (the page is max-w-7xl; the chart's margins and axes take the rest),
 * and a high-density screen draws a CSS pixel with 2 device pixels on each axis. Thinning at
 * this resolution leaves every drawn device pixel where it was.
 */
export const KAPLAN_MEIER_RESOLUTION: PlotResolution = { columns: 2_200, rows: 640 };

export type ThinOptions = {
  /** The right end of the time axis (its last tick). */
  maxTime: number;
  resolution?: PlotResolution;
  /** Times where the page reads the curve (the number-at-risk ticks): the point in effect there is kept. */
  readAt?: readonly number[];
  /** Whether the 95 % band is drawn: then the limits must be exact too, not only the curve. */
  bands?: boolean;
  /** The series that must draw exactly (default: the curve, and its limits with `bands`). */
  series?: readonly Series[];
};

export type Series = "survival" | "lower" | "upper";

/** The pixel row of a value; -1 for a missing limit (nothing drawn). */
function rowOf(value: number | null, rows: number): number {
  return value === null ? -1 : Math.round(value * rows);
}

/**
 * The subsequence of `points` that draws the same picture at `resolution`. The drawn path in a
 * pixel column covers the rows from the lowest to the highest level in effect anywhere in that
 * column (the level entering from the left and every step inside it), so a column needs only
 * the point that sets the level it hands on (its last) and the points at its lowest and highest
 * rows; a point whose rows are those of the last kept point changes nothing and is dropped
 * too. Always kept: the first and last points and, for each time in `readAt`, the last point at
 * or before it (so reading the thinned curve there gives the same value as the full one).
 */
export function thinStepCurve<P extends StepPoint>(points: readonly P[], options: ThinOptions): P[] {
  if (points.length <= 2) return [...points];
  const { columns, rows } = options.resolution ?? KAPLAN_MEIER_RESOLUTION;
  const series: readonly Series[] = options.series ?? (options.bands ? ["survival", "lower", "upper"] : ["survival"]);
  const maxTime = options.maxTime > 0 ? options.maxTime : (points[points.length - 1]?.time ?? 0) || 1;
  const columnOf = (time: number) => Math.min(columns, Math.max(0, Math.floor((time / maxTime) * columns)));

  const wanted = new Uint8Array(points.length);
  const required = new Uint8Array(points.length);
  required[0] = 1;
  required[points.length - 1] = 1;
  const readTimes = [...(options.readAt ?? [])].sort((a, b) => a - b);
  let reading = 0;
  for (let index = 0; index < points.length; index++) {
    const point = points[index] as P;
    const next = points[index + 1];
    // The last point at or before a read time: the next point (if any) is after it.
    while (reading < readTimes.length && (readTimes[reading] as number) < point.time) reading++;
    while (reading < readTimes.length && point.time <= (readTimes[reading] as number) && (next === undefined || next.time > (readTimes[reading] as number))) {
      required[index] = 1;
      reading++;
    }
  }

  // Per column: its last point, and its extreme rows of each drawn series.
  let start = 0;
  while (start < points.length) {
    const column = columnOf((points[start] as P).time);
    let end = start;
    while (end + 1 < points.length && columnOf((points[end + 1] as P).time) === column) end++;
    wanted[end] = 1;
    for (const name of series) {
      let lowest = start;
      let highest = start;
      for (let index = start + 1; index <= end; index++) {
        const row = rowOf((points[index] as P)[name], rows);
        if (row < rowOf((points[lowest] as P)[name], rows)) lowest = index;
        if (row > rowOf((points[highest] as P)[name], rows)) highest = index;
      }
      wanted[lowest] = 1;
      wanted[highest] = 1;
    }
    start = end + 1;
  }

  const kept: P[] = [];
  let last: P | null = null;
  for (let index = 0; index < points.length; index++) {
    const point = points[index] as P;
    if (!required[index]) {
      if (!wanted[index]) continue;
      if (last !== null && series.every((name) => rowOf(point[name], rows) === rowOf((last as P)[name], rows))) continue;
    }
    kept.push(point);
    last = point;
  }
  return kept;
}

/**
 * The picture a step curve draws at `resolution`, for checking thinning: per pixel column, the
 * lowest and highest row each series covers there (the level entering the column from the left
 * and every level set inside it). Columns are 0 to `columns`; a column the curve does not reach
 * is absent.
 */
export function rasteriseStepCurve(
  points: readonly StepPoint[],
  options: { maxTime: number; resolution?: PlotResolution; series: readonly Series[] },
): Map<number, Record<Series, [number, number]>> {
  const { columns, rows } = options.resolution ?? KAPLAN_MEIER_RESOLUTION;
  const columnOf = (time: number) => Math.min(columns, Math.max(0, Math.floor((time / options.maxTime) * columns)));
  const picture = new Map<number, Record<Series, [number, number]>>();
  const cover = (column: number, point: StepPoint) => {
    const cell = picture.get(column) ?? { survival: [Infinity, -Infinity], lower: [Infinity, -Infinity], upper: [Infinity, -Infinity] };
    for (const name of options.series) {
      const row = rowOf(point[name], rows);
      const span = cell[name];
      span[0] = Math.min(span[0], row);
      span[1] = Math.max(span[1], row);
    }
    picture.set(column, cell);
  };
  points.forEach((point, index) => {
    const column = columnOf(point.time);
    cover(column, point);
    // The level holds until the next point (or ends here, at the last one): every column it
    // crosses, including the next point's, shows it.
    const next = points[index + 1];
    if (next) for (let crossed = column + 1; crossed <= columnOf(next.time); crossed++) cover(crossed, point);
  });
  return picture;
}
