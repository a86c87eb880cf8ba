/**
 * Bounds on T = sum log x! over every way to complete a partly filled table: `rows` holds what is
 * left of the row totals (the first `size` entries), `columns` the totals of the columns still to
 * fill. The smallest T is the most probable completion (FEXACT's "longest path", f3xact), the
 * largest the least probable one ("shortest path", f4xact). Both bounds are rigorous, then widened
 * by a rounding margin:
 * - upper: log x! is convex and superadditive, so within one row (or column) the sum is largest
 *   when the total is packed into the largest cells first (that vector majorises every other);
 *   the sum over rows and the sum over columns are both upper bounds, the smaller is kept;
 * - lower, two columns left: exact. T = sum_i h_i(x_i) with h_i(x) = log x! + log (r_i - x)!
 *   convex and sum x_i fixed; a separable convex sum under one linear constraint is minimal when
 *   no unit can move from one row to another and lower it (greedy exchange reaches that point);
 * - lower, more columns: the best of the even split of each row over its cells, of each column
 *   over the rows, and a Lagrangian bound. For any u_i, v_j, sum (u_i + v_j) x_ij is the same for
 *   every completion, so T >= sum u_i r_i + sum v_j c_j + sum_ij min_x (log x! - (u_i + v_j) x).
 *   With u_i = log r_i - log N' / 2 and v_j = log c_j - log N' / 2 the minimiser sits near
 *   r_i c_j / N', the most probable table, so the bound is close to the true minimum.
 */
export type RemainingColumns = {
  /** Column totals still to fill, largest first. */
  descending: Int32Array;
  total: number;
  /** log c_j - log N' / 2 for the Lagrangian bound (0 for an empty column). */
  halfLogShares: Float64Array;
  /** Sum over columns of (log c_j - log N' / 2) c_j. */
  columnTerm: number;
};

export function describeRemainingColumns(columns: ArrayLike<number>): RemainingColumns {
  const descending = Int32Array.from(columns).sort().reverse();
  const total = descending.reduce((sum, value) => sum + value, 0);
  const halfLogTotal = total > 0 ? Math.log(total) / 2 : 0;
  const halfLogShares = Float64Array.from(descending, (value) => (value > 0 ? Math.log(value) - halfLogTotal : 0));
  let columnTerm = 0;
  descending.forEach((value, j) => (columnTerm += (halfLogShares[j] ?? 0) * value));
  return { descending, total, halfLogShares, columnTerm };
}

export function computeRoundingMargin(logFactorial: Float64Array, total: number): number {
  return 1e-9 * (1 + (logFactorial[total] ?? 0));
}

export function boundRemainingUpper(logFactorial: Float64Array, rows: Int32Array, size: number, columns: RemainingColumns, scratch: Int32Array): number {
  for (let i = 0; i < size; i++) scratch[i] = rows[i] ?? 0;
  const descendingRows = scratch.subarray(0, size).sort().reverse();
  let packedRows = 0;
  for (let i = 0; i < size; i++) packedRows += packIntoLargest(logFactorial, rows[i] ?? 0, columns.descending);
  let packedColumns = 0;
  for (const columnTotal of columns.descending) packedColumns += packIntoLargest(logFactorial, columnTotal, descendingRows);
  return Math.min(packedRows, packedColumns) + computeRoundingMargin(logFactorial, columns.total);
}

export function boundRemainingLower(logFactorial: Float64Array, rows: Int32Array, size: number, columns: RemainingColumns): number {
  const margin = computeRoundingMargin(logFactorial, columns.total);
  if (columns.total === 0) return -margin;
  const columnCount = columns.descending.length;
  let nonEmptyRows = 0;
  let evenRows = 0;
  for (let i = 0; i < size; i++) {
    const rowTotal = rows[i] ?? 0;
    if (rowTotal > 0) nonEmptyRows++;
    evenRows += splitEvenly(logFactorial, rowTotal, columnCount);
  }
  let evenColumns = 0;
  for (const columnTotal of columns.descending) evenColumns += splitEvenly(logFactorial, columnTotal, nonEmptyRows);
  const halfLogTotal = Math.log(columns.total) / 2;
  let lagrangian = columns.columnTerm;
  for (let i = 0; i < size; i++) {
    const rowTotal = rows[i] ?? 0;
    if (rowTotal === 0) continue;
    const u = Math.log(rowTotal) - halfLogTotal;
    lagrangian += u * rowTotal;
    for (let j = 0; j < columnCount; j++) {
      const columnTotal = columns.descending[j] ?? 0;
      if (columnTotal === 0) continue;
      lagrangian += minimiseShiftedLogFactorial(logFactorial, u + (columns.halfLogShares[j] ?? 0), Math.min(rowTotal, columnTotal));
    }
  }
  return Math.max(evenRows, evenColumns, lagrangian) - margin;
}

/**
 * The smallest T over the completions of two columns (totals `first` and the rest of each row),
 * found by greedy exchange from the proportional split. `work` receives the split (length >= size).
 */
export function minimiseTwoColumnRemainder(logFactorial: Float64Array, rows: Int32Array, size: number, first: number, work: Int32Array): number {
  const lf = (value: number): number => logFactorial[value] ?? 0;
  let total = 0;
  for (let i = 0; i < size; i++) total += rows[i] ?? 0;
  let placed = 0;
  for (let i = 0; i < size; i++) {
    const share = total === 0 ? 0 : Math.floor(((rows[i] ?? 0) * first) / total);
    work[i] = share;
    placed += share;
  }
  // Cost of one more unit in row i: h_i(x + 1) - h_i(x) = log(x + 1) - log(r_i - x), increasing in x.
  const gainUp = (i: number): number => {
    const x = work[i] ?? 0;
    const rowTotal = rows[i] ?? 0;
    return x >= rowTotal ? Number.POSITIVE_INFINITY : lf(x + 1) - lf(x) - (lf(rowTotal - x) - lf(rowTotal - x - 1));
  };
  const gainDown = (i: number): number => {
    const x = work[i] ?? 0;
    const rowTotal = rows[i] ?? 0;
    return x <= 0 ? Number.NEGATIVE_INFINITY : lf(x) - lf(x - 1) - (lf(rowTotal - x + 1) - lf(rowTotal - x));
  };
  while (placed < first) {
    let best = -1;
    let bestGain = Number.POSITIVE_INFINITY;
    for (let i = 0; i < size; i++) {
      const gain = gainUp(i);
      if (gain < bestGain) {
        bestGain = gain;
        best = i;
      }
    }
    work[best] = (work[best] ?? 0) + 1;
    placed++;
  }
  // Move single units while that lowers T (convexity: a local optimum is the global one).
  for (let guard = 0; guard < 4 * (first + size); guard++) {
    let up = -1;
    let down = -1;
    let upGain = Number.POSITIVE_INFINITY;
    let downGain = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < size; i++) {
      const gain = gainUp(i);
      if (gain < upGain) {
        upGain = gain;
        up = i;
      }
      const loss = gainDown(i);
      if (loss > downGain) {
        downGain = loss;
        down = i;
      }
    }
    if (up === down || !(upGain < downGain - 1e-12)) break;
    work[up] = (work[up] ?? 0) + 1;
    work[down] = (work[down] ?? 0) - 1;
  }
  let value = 0;
  for (let i = 0; i < size; i++) {
    const x = work[i] ?? 0;
    value += lf(x) + lf((rows[i] ?? 0) - x);
  }
  return value;
}

/**
 * The Lagrangian bound above, split by cell so that a column being filled can be pruned row by
 * row: T >= base + sum over the column's cells of (g_i(x_i) - minimum_i), with
 * g_i(x) = log x! - lambda_i x and lambda_i = u_i + v_column, because T minus base is a sum over
 * all cells of g(x) - min g >= 0 (the row and column constraints make the linear parts constant).
 * Fills `lambdas` and `minima` (rows with nothing left get lambda = 0, minimum = 0) and returns base.
 */
export function splitLagrangianBound(
  logFactorial: Float64Array,
  rows: Int32Array,
  size: number,
  columns: RemainingColumns,
  columnTotal: number,
  lambdas: Float64Array,
  minima: Float64Array,
): number {
  if (columns.total === 0) return 0;
  const halfLogTotal = Math.log(columns.total) / 2;
  const columnShare = columnTotal > 0 ? Math.log(columnTotal) - halfLogTotal : 0;
  let base = columns.columnTerm;
  for (let i = 0; i < size; i++) {
    const rowTotal = rows[i] ?? 0;
    lambdas[i] = 0;
    minima[i] = 0;
    if (rowTotal === 0) continue;
    const u = Math.log(rowTotal) - halfLogTotal;
    base += u * rowTotal;
    for (let j = 0; j < columns.descending.length; j++) {
      const total = columns.descending[j] ?? 0;
      if (total === 0) continue;
      base += minimiseShiftedLogFactorial(logFactorial, u + (columns.halfLogShares[j] ?? 0), Math.min(rowTotal, total));
    }
    if (columnTotal > 0) {
      lambdas[i] = u + columnShare;
      minima[i] = minimiseShiftedLogFactorial(logFactorial, u + columnShare, Math.min(rowTotal, columnTotal));
    }
  }
  return base;
}

function packIntoLargest(logFactorial: Float64Array, amount: number, descendingCaps: Int32Array): number {
  let left = amount;
  let sum = 0;
  for (let j = 0; j < descendingCaps.length && left > 0; j++) {
    const cell = Math.min(descendingCaps[j] ?? 0, left);
    sum += logFactorial[cell] ?? 0;
    left -= cell;
  }
  return sum;
}

function splitEvenly(logFactorial: Float64Array, amount: number, parts: number): number {
  if (parts <= 0) return 0;
  const base = Math.floor(amount / parts);
  const extra = amount - base * parts;
  return (parts - extra) * (logFactorial[base] ?? 0) + extra * (logFactorial[base + 1] ?? 0);
}

/** min over integers 0 <= x <= cap of log x! - lambda x (convex in x: the minimum is near e^lambda). */
function minimiseShiftedLogFactorial(logFactorial: Float64Array, lambda: number, cap: number): number {
  const guess = Math.min(cap, Math.max(0, Math.floor(Math.exp(Math.min(lambda, 700)))));
  let best = Number.POSITIVE_INFINITY;
  const from = Math.max(0, guess - 1);
  const to = Math.min(cap, guess + 1);
  for (let x = from; x <= to; x++) best = Math.min(best, (logFactorial[x] ?? 0) - lambda * x);
  return best;
}
