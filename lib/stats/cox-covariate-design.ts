import { readCovariateNames } from "./covariate-names";
import { assertFiniteNumber } from "./input-checks";

/** One patient for the multivariable Cox model: follow-up time, event, numeric covariates. */
export type CoxModelRow = { time: number; event: boolean; covariates: Record<string, number> };

/**
 * The rows sorted by time with the covariates in one row-major matrix, centred and scaled as
 * survival's coxfit6 does for numerical stability: a covariate whose values are not all in
 * {−1, 0, 1} (coxph's nocenter) is centred at its mean and multiplied by n / Σ|x − mean|;
 * −1/0/1 covariates are left as they are. Newton-Raphson is invariant to this affine change, so
 * the fit is the same; the estimates are mapped back with `scales`.
 */
export type CoxDesign = {
  names: string[];
  /** Rows (patients) and covariates. */
  count: number;
  size: number;
  times: Float64Array;
  events: Uint8Array;
  covariates: Float64Array;
  scales: Float64Array;
  eventCount: number;
};

/**
 * Validates the rows (time, event, covariates) and returns the covariate names in the first row's
 * key order. Throws a TypeError or RangeError naming the row and field.
 */
export function readCoxCovariateNames(rows: CoxModelRow[]): string[] {
  if (!Array.isArray(rows)) throw new TypeError("rows must be an array of { time, event, covariates }.");
  rows.forEach((row, index) => {
    const where = `Row ${index + 1}`;
    if (row === null || typeof row !== "object") throw new TypeError(`${where} is not an object.`);
    assertFiniteNumber(row.time, `${where}: time`);
    if (row.time < 0) throw new RangeError(`${where}: time must not be negative (got ${row.time}).`);
    if (typeof row.event !== "boolean") throw new TypeError(`${where}: event must be true or false (got ${String(row.event)}).`);
  });
  return readCovariateNames(rows, { model: "Cox model", atLeastOne: true });
}

/** Builds the sorted, centred and scaled design of validated rows (readCoxCovariateNames first). */
export function buildCoxDesign(rows: CoxModelRow[], names: string[]): CoxDesign {
  const count = rows.length;
  const size = names.length;
  // Stable sort by time, as R's order(time).
  const order = rows.map((_, i) => i).sort((a, b) => (rows[a]?.time ?? 0) - (rows[b]?.time ?? 0) || a - b);
  const times = new Float64Array(count);
  const events = new Uint8Array(count);
  const covariates = new Float64Array(count * size);
  let eventCount = 0;
  order.forEach((rowIndex, position) => {
    const row = rows[rowIndex];
    times[position] = row?.time ?? 0;
    events[position] = row?.event ? 1 : 0;
    eventCount += row?.event ? 1 : 0;
    names.forEach((name, j) => (covariates[position * size + j] = row?.covariates[name] ?? 0));
  });
  const scales = new Float64Array(size).fill(1);
  for (let j = 0; j < size; j++) {
    let uncentred = true;
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const value = covariates[i * size + j] ?? 0;
      sum += value;
      if (value !== 0 && value !== 1 && value !== -1) uncentred = false;
    }
    if (uncentred) continue;
    const mean = sum / count;
    let absoluteDeviation = 0;
    for (let i = 0; i < count; i++) {
      const centred = (covariates[i * size + j] ?? 0) - mean;
      covariates[i * size + j] = centred;
      absoluteDeviation += Math.abs(centred);
    }
    const scale = absoluteDeviation > 0 ? count / absoluteDeviation : 1;
    scales[j] = scale;
    for (let i = 0; i < count; i++) covariates[i * size + j] = (covariates[i * size + j] ?? 0) * scale;
  }
  return { names, count, size, times, events, covariates, scales, eventCount };
}
