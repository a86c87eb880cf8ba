import { readCovariateNames } from "./covariate-names";
import { assertFiniteNumber } from "./input-checks";

/**
 * One patient for the multivariable Cox model: follow-up time, event, numeric covariates. An
 * optional whole-number `weight` (default 1) stands for that many identical patients: the fit is
 * the one on the row repeated `weight` times, Efron ties included (evaluateCoxDesign counts the
 * tied deaths patient by patient). That is not coxph(weights =), whose Efron correction counts
 * rows (d = tied rows, each with the mean weight); for Breslow ties the two agree.
 */
export type CoxModelRow = { time: number; event: boolean; covariates: Record<string, number>; weight?: number };

/**
 * The rows sorted by time with the covariates in one row-major matrix, centred and scaled as
 * survival's coxfit6 does for numerical stability: a covariate whose values are not all in
 * {−1, 0, 1} (coxph's nocenter) is centred at its mean and multiplied by n / Σ|x − mean|;
 * −1/0/1 covariates are left as they are. Newton-Raphson is invariant to this affine change, so
 * the fit is the same; the estimates are mapped back with `scales`.
 */
export type CoxDesign = {
  names: string[];
  /** Rows and covariates. */
  count: number;
  size: number;
  times: Float64Array;
  events: Uint8Array;
  covariates: Float64Array;
  scales: Float64Array;
  /** Each row's number of patients; null when every row is one patient. */
  weights: Float64Array | null;
  /** Each row's non-zero covariates (after centring), ascending: rowStarts[i]..rowStarts[i + 1] in nonZero. */
  rowStarts: Int32Array;
  nonZero: Int32Array;
  /** Patients (Σ weights) and their events. */
  patients: number;
  eventCount: number;
};

/**
 * Validates the rows (time, event, covariates) and returns the covariate names in the first row's
 * key order. Throws a TypeError or RangeError naming the row and field.
 */
export function readCoxCovariateNames(rows: CoxModelRow[]): string[] {
  if (!Array.isArray(rows)) throw new TypeError("rows must be an array of { time, event, covariates }.");
  rows.forEach(checkCoxRow);
  return readCovariateNames(rows, { model: "Cox model", atLeastOne: true });
}

/** Checks one row's time, event and weight; throws a TypeError or RangeError naming the row. */
export function checkCoxRow(row: { time: number; event: boolean; weight?: number }, index: number): void {
  const where = `Row ${index + 1}`;
  if (row === null || typeof row !== "object") throw new TypeError(`${where} is not an object.`);
  assertFiniteNumber(row.time, `${where}: time`);
  if (row.time < 0) throw new RangeError(`${where}: time must not be negative (got ${row.time}).`);
  if (typeof row.event !== "boolean") throw new TypeError(`${where}: event must be true or false (got ${String(row.event)}).`);
  if (row.weight !== undefined && (!Number.isInteger(row.weight) || row.weight < 1)) {
    throw new RangeError(`${where}: weight must be a whole number of patients, at least 1 (got ${String(row.weight)}).`);
  }
}

/** Builds the sorted, centred and scaled design of validated rows (readCoxCovariateNames first). */
export function buildCoxDesign(rows: CoxModelRow[], names: string[]): CoxDesign {
  return buildCoxDesignOf(rows, names, (row, out, offset) => names.forEach((name, j) => (out[offset + j] = row.covariates[name] ?? 0)));
}

/**
 * The same from validated rows of any shape: `fill` writes a row's covariates (in `names`' order)
 * into out[offset …]. The interaction test writes its indicator columns directly, without an
 * object of 49 named covariates per row (a 25-level subgroup).
 */
export function buildCoxDesignOf<Row extends { time: number; event: boolean; weight?: number }>(
  rows: readonly Row[],
  names: string[],
  fill: (row: Row, out: Float64Array, offset: number) => void,
): CoxDesign {
  const count = rows.length;
  const size = names.length;
  // Stable sort by time, as R's order(time): the distinct times sorted natively (no comparator),
  // then the rows placed by a counting sort on their time's rank, in their own order within a
  // time: the order a comparator on (time, position) gives, in O(rows + times log times). The
  // comparator sort of the positions was half of building the cohort forest's 49-column design.
  const rowTimes = new Float64Array(count);
  for (let i = 0; i < count; i++) rowTimes[i] = rows[i]?.time ?? 0;
  const order = stableOrderByTime(rowTimes);
  const times = new Float64Array(count);
  const events = new Uint8Array(count);
  const covariates = new Float64Array(count * size);
  const weighted = rows.some((row) => row.weight !== undefined && row.weight !== 1);
  const weights = weighted ? new Float64Array(count) : null;
  let eventCount = 0;
  let patients = 0;
  for (let position = 0; position < count; position++) {
    const row = rows[order[position] ?? 0];
    const weight = row?.weight ?? 1;
    times[position] = row?.time ?? 0;
    events[position] = row?.event ? 1 : 0;
    if (weights) weights[position] = weight;
    patients += weight;
    eventCount += row?.event ? weight : 0;
    if (row) fill(row, covariates, position * size);
  }
  const scales = new Float64Array(size).fill(1);
  // Weighted as coxfit6 does (the mean and the absolute deviation over the patients, Σ weights).
  // Which columns are all −1/0/1 (left as they are) in one pass over the rows, not one per column.
  const centred = new Uint8Array(size);
  for (let i = 0; i < count; i++) {
    const offset = i * size;
    for (let j = 0; j < size; j++) {
      const value = covariates[offset + j] ?? 0;
      if (value !== 0 && value !== 1 && value !== -1) centred[j] = 1;
    }
  }
  for (let j = 0; j < size; j++) {
    if (centred[j] === 0) continue;
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const value = covariates[i * size + j] ?? 0;
      sum += weights ? (weights[i] ?? 1) * value : value;
    }
    const mean = sum / patients;
    let absoluteDeviation = 0;
    for (let i = 0; i < count; i++) {
      const deviation = (covariates[i * size + j] ?? 0) - mean;
      covariates[i * size + j] = deviation;
      absoluteDeviation += weights ? (weights[i] ?? 1) * Math.abs(deviation) : Math.abs(deviation);
    }
    const scale = absoluteDeviation > 0 ? patients / absoluteDeviation : 1;
    scales[j] = scale;
    for (let i = 0; i < count; i++) covariates[i * size + j] = (covariates[i * size + j] ?? 0) * scale;
  }
  const rowStarts = new Int32Array(count + 1);
  let nonZeroCount = 0;
  for (let i = 0; i < count * size; i++) if ((covariates[i] ?? 0) !== 0) nonZeroCount++;
  const nonZero = new Int32Array(nonZeroCount);
  let next = 0;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < size; j++) if ((covariates[i * size + j] ?? 0) !== 0) nonZero[next++] = j;
    rowStarts[i + 1] = next;
  }
  return { names, count, size, times, events, covariates, scales, weights, rowStarts, nonZero, patients, eventCount };
}

/** The positions 0..n-1 ordered by time, ties in position order (a stable sort by time). */
function stableOrderByTime(times: Float64Array): Int32Array {
  const count = times.length;
  const distinct = Float64Array.from(new Set(times)).sort();
  const rank = new Map<number, number>();
  distinct.forEach((time, index) => rank.set(time, index));
  const ranks = new Int32Array(count);
  const starts = new Int32Array(distinct.length + 1);
  for (let i = 0; i < count; i++) {
    const r = rank.get(times[i] ?? 0) ?? 0;
    ranks[i] = r;
    starts[r + 1] = (starts[r + 1] ?? 0) + 1;
  }
  for (let r = 0; r < distinct.length; r++) starts[r + 1] = (starts[r + 1] ?? 0) + (starts[r] ?? 0);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const r = ranks[i] ?? 0;
    order[starts[r] ?? 0] = i;
    starts[r] = (starts[r] ?? 0) + 1;
  }
  return order;
}
