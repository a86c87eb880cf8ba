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
 * The rows sorted by time with their covariates (sparse), centred and scaled as
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
  scales: Float64Array;
  /** Each row's number of patients; null when every row is one patient. */
  weights: Float64Array | null;
  /**
   * The covariates, sparse: row i's non-zero covariates (after centring and scaling) are the
   * columns nonZero[rowStarts[i] … rowStarts[i + 1] − 1], ascending, with their values at the
   * same positions in `values`; every other covariate of the row is 0. No dense rows × columns
   * matrix: for the forest's 49-column site design (32,000 cells for PFS at a million patients)
   * that was 12.6 MB of fresh memory per design, and on this server the page faults of first
   * writing it cost more than the rest of the build.
   */
  rowStarts: Int32Array;
  nonZero: Int32Array;
  values: Float64Array;
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
 * into out[offset …], which holds zeros before (it need only write the non-zero ones). The
 * interaction test writes its indicator columns directly, without an object of 49 named
 * covariates per row (a 25-level subgroup).
 */
export function buildCoxDesignOf<Row extends { time: number; event: boolean; weight?: number }>(
  rows: readonly Row[],
  names: string[],
  fill: (row: Row, out: Float64Array, offset: number) => void,
): CoxDesign {
  const count = rows.length;
  const times = new Float64Array(count);
  const events = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    times[i] = rows[i]?.time ?? 0;
    events[i] = rows[i]?.event ? 1 : 0;
  }
  const weighted = rows.some((row) => row.weight !== undefined && row.weight !== 1);
  const weights = weighted ? Float64Array.from(rows, (row) => row.weight ?? 1) : null;
  return buildCoxDesignOfColumns({ times, events, weights }, names, (index, out, offset) => {
    const row = rows[index];
    if (row) fill(row, out, offset);
  });
}

/**
 * The same from rows held in columns (validated as checkCoxRow checks a row): `fill` writes row
 * `index`'s covariates. The regimen comparison's adjusted models come as columns of counted
 * cells (up to 47,000 at a million patients): no object per cell is made for them.
 */
export function buildCoxDesignOfColumns(
  rows: { times: Float64Array; events: Uint8Array; weights: Float64Array | null },
  names: string[],
  fill: (index: number, out: Float64Array, offset: number) => void,
): CoxDesign {
  const count = rows.times.length;
  const size = names.length;
  // Stable sort by time, as R's order(time): the distinct times sorted natively (no comparator),
  // then the rows placed by a counting sort on their time's rank, in their own order within a
  // time: the order a comparator on (time, position) gives, in O(rows + times log times). The
  // comparator sort of the positions was half of building the cohort forest's 49-column design.
  const rowTimes = rows.times;
  // Rows already in time order (the comparison's cells come so) keep it: a stable sort would not move them.
  let sorted = true;
  for (let i = 1; i < count && sorted; i++) sorted = (rowTimes[i - 1] ?? 0) <= (rowTimes[i] ?? 0);
  let order: Int32Array;
  if (sorted) {
    order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
  } else {
    order = stableOrderByTime(rowTimes);
  }
  const times = new Float64Array(count);
  const events = new Uint8Array(count);
  const weights = rows.weights ? new Float64Array(count) : null;
  // Each row is written into one row of scratch, whose non-zero values are moved (ascending by
  // column) into the sparse arrays, leaving the scratch zero for the next row.
  const scratch = new Float64Array(size);
  let rowStarts: Int32Array = new Int32Array(count + 1);
  let nonZero: Int32Array = new Int32Array(Math.max(16, count * 2));
  let values: Float64Array = new Float64Array(nonZero.length);
  let next = 0;
  let eventCount = 0;
  let patients = 0;
  for (let position = 0; position < count; position++) {
    const index = order[position] ?? 0;
    const weight = rows.weights ? (rows.weights[index] ?? 1) : 1;
    const died = rows.events[index] === 1;
    times[position] = rowTimes[index] ?? 0;
    events[position] = died ? 1 : 0;
    if (weights) weights[position] = weight;
    patients += weight;
    eventCount += died ? weight : 0;
    fill(index, scratch, 0);
    for (let j = 0; j < size; j++) {
      const value = scratch[j] ?? 0;
      if (value === 0) continue;
      scratch[j] = 0;
      if (next === nonZero.length) [nonZero, values] = grow(nonZero, values);
      nonZero[next] = j;
      values[next++] = value;
    }
    rowStarts[position + 1] = next;
  }
  const scales = new Float64Array(size).fill(1);
  // Weighted as coxfit6 does (the mean and the absolute deviation over the patients, Σ weights).
  // The columns not all −1/0/1 are centred (zeros are among those values: only the non-zero ones need a look).
  const centred = new Uint8Array(size);
  for (let a = 0; a < next; a++) {
    const value = values[a] ?? 0;
    if (value !== 1 && value !== -1) centred[nonZero[a] ?? 0] = 1;
  }
  if (centred.some((flag) => flag === 1)) {
    // Every row's value of each centred column (0 where it has none), row by row, as a dense matrix would give it.
    const valueOf = (row: number, column: number): number => {
      for (let a = rowStarts[row] ?? 0; a < (rowStarts[row + 1] ?? 0); a++) if (nonZero[a] === column) return values[a] ?? 0;
      return 0;
    };
    const centredValues: Float64Array[] = [];
    for (let j = 0; j < size; j++) {
      if (centred[j] === 0) continue;
      const column = new Float64Array(count);
      let sum = 0;
      for (let i = 0; i < count; i++) {
        const value = valueOf(i, j);
        column[i] = value;
        sum += weights ? (weights[i] ?? 1) * value : value;
      }
      const mean = sum / patients;
      let absoluteDeviation = 0;
      for (let i = 0; i < count; i++) {
        const deviation = (column[i] ?? 0) - mean;
        column[i] = deviation;
        absoluteDeviation += weights ? (weights[i] ?? 1) * Math.abs(deviation) : Math.abs(deviation);
      }
      const scale = absoluteDeviation > 0 ? patients / absoluteDeviation : 1;
      scales[j] = scale;
      for (let i = 0; i < count; i++) column[i] = (column[i] ?? 0) * scale;
      centredValues[j] = column;
    }
    // The rows again, each centred column's value in place of the row's own (kept when non-zero).
    const starts = new Int32Array(count + 1);
    let columns: Int32Array = new Int32Array(Math.max(16, next + count * centredValues.filter(Boolean).length));
    let entries: Float64Array = new Float64Array(columns.length);
    let written = 0;
    for (let i = 0; i < count; i++) {
      let a = rowStarts[i] ?? 0;
      const last = rowStarts[i + 1] ?? 0;
      for (let j = 0; j < size; j++) {
        const own = a < last && nonZero[a] === j ? (values[a++] ?? 0) : 0;
        const value = centred[j] === 1 ? (centredValues[j]?.[i] ?? 0) : own;
        if (value === 0) continue;
        if (written === columns.length) [columns, entries] = grow(columns, entries);
        columns[written] = j;
        entries[written++] = value;
      }
      starts[i + 1] = written;
    }
    rowStarts = starts;
    nonZero = columns;
    values = entries;
    next = written;
  }
  return { names, count, size, times, events, scales, weights, rowStarts, nonZero: nonZero.slice(0, next), values: values.slice(0, next), patients, eventCount };
}

/**
 * The design with only the columns whose `keep` flag is 1 (in their order): the same rows, times,
 * events and weights (shared, not copied), and each kept column's values and scale as a design
 * built with those columns alone would have them (centring and scaling are per column). The
 * interaction test's model without the interaction is its model with it minus those columns: one
 * build (a sort and a pass over the rows) instead of two.
 */
export function selectCoxDesignColumns(design: CoxDesign, keep: Uint8Array): CoxDesign {
  const { count, size, rowStarts, nonZero, values } = design;
  const newIndex = new Int32Array(size).fill(-1);
  const names: string[] = [];
  const kept: number[] = [];
  for (let j = 0; j < size; j++) {
    if (keep[j] !== 1) continue;
    newIndex[j] = names.length;
    names.push(design.names[j] ?? "");
    kept.push(j);
  }
  const starts = new Int32Array(count + 1);
  const columns = new Int32Array(nonZero.length);
  const entries = new Float64Array(nonZero.length);
  let written = 0;
  for (let i = 0; i < count; i++) {
    for (let a = rowStarts[i] ?? 0; a < (rowStarts[i + 1] ?? 0); a++) {
      const j = newIndex[nonZero[a] ?? 0] ?? -1;
      if (j < 0) continue;
      columns[written] = j;
      entries[written++] = values[a] ?? 0;
    }
    starts[i + 1] = written;
  }
  return {
    ...design,
    names,
    size: names.length,
    scales: Float64Array.from(kept, (j) => design.scales[j] ?? 1),
    rowStarts: starts,
    nonZero: columns.slice(0, written),
    values: entries.slice(0, written),
  };
}

function grow(columns: Int32Array, values: Float64Array): [Int32Array, Float64Array] {
  const moreColumns = new Int32Array(columns.length * 2);
  moreColumns.set(columns);
  const moreValues = new Float64Array(values.length * 2);
  moreValues.set(values);
  return [moreColumns, moreValues];
}

/** The positions 0..n-1 ordered by time, ties in position order (a stable sort by time). */
function stableOrderByTime(times: Float64Array): Int32Array {
  const count = times.length;
  // Whole days in a range not much wider than the rows (the dashboards' follow-up times): the
  // counting sort on the day itself, without the Set and Map of ranks (a third of building the
  // forest's 48,000-cell site design at a million patients). The same order: stable, by time.
  let low = Infinity;
  let high = -Infinity;
  let whole = true;
  for (let i = 0; i < count && whole; i++) {
    const time = times[i] ?? 0;
    whole = Number.isInteger(time);
    if (time < low) low = time;
    if (time > high) high = time;
  }
  if (whole && count > 0 && high - low <= Math.max(4096, 4 * count)) return countingOrderOfDays(times, low, high - low + 1);
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

/** stableOrderByTime for whole-number times low … low + span − 1: a counting sort on the time. */
function countingOrderOfDays(times: Float64Array, low: number, span: number): Int32Array {
  const count = times.length;
  const starts = new Int32Array(span + 1);
  for (let i = 0; i < count; i++) {
    const day = (times[i] ?? 0) - low;
    starts[day + 1] = (starts[day + 1] ?? 0) + 1;
  }
  for (let day = 0; day < span; day++) starts[day + 1] = (starts[day + 1] ?? 0) + (starts[day] ?? 0);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const day = (times[i] ?? 0) - low;
    order[starts[day] ?? 0] = i;
    starts[day] = (starts[day] ?? 0) + 1;
  }
  return order;
}
