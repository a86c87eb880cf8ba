/**
 * Bounds on T = sum log x! over every way to complete a partly filled table (rows: what is left
 * of the row totals; columnTotals: the columns still to fill). Both are rigorous, then widened by
 * a rounding margin:
 * - upper: log x! is convex and superadditive, so within one row (or column) the sum is largest
 *   when the total is packed into the largest cells first (that vector majorises every other);
 *   the sum over rows and the sum over columns are both upper bounds, the smaller is kept;
 * - lower: a Lagrangian bound. For any u_i, v_j, sum (u_i + v_j) x_ij is the same for every
 *   completion, so T >= sum u_i r_i + sum v_j c_j + sum_ij min_x (log x! - (u_i + v_j) x). With
 *   u_i = log r_i - log N' / 2 and v_j = log c_j - log N' / 2 the minimiser sits near
 *   r_i c_j / N', the most probable table, so the bound is close to the true minimum. The even
 *   split of each row (and of each column) over its cells is also a bound; the best is kept.
 */
export function boundRemainingLogFactorialSum(
  logFactorial: Float64Array,
  rows: number[],
  columnTotals: number[],
): { lower: number; upper: number } {
  const remainingTotal = columnTotals.reduce((sum, value) => sum + value, 0);
  const margin = 1e-9 * (1 + (logFactorial[remainingTotal] ?? 0));
  if (remainingTotal === 0) return { lower: -margin, upper: margin };

  const descendingColumns = [...columnTotals].sort((a, b) => b - a);
  const descendingRows = [...rows].sort((a, b) => b - a);
  const packedRows = rows.reduce((sum, value) => sum + packIntoLargest(logFactorial, value, descendingColumns), 0);
  const packedColumns = columnTotals.reduce((sum, value) => sum + packIntoLargest(logFactorial, value, descendingRows), 0);
  const upper = Math.min(packedRows, packedColumns);

  const evenRows = rows.reduce((sum, value) => sum + splitEvenly(logFactorial, value, columnTotals.length), 0);
  const evenColumns = columnTotals.reduce((sum, value) => sum + splitEvenly(logFactorial, value, rows.length), 0);
  const halfLogTotal = Math.log(remainingTotal) / 2;
  let lagrangian = 0;
  for (const rowTotal of rows) {
    if (rowTotal === 0) continue;
    const u = Math.log(rowTotal) - halfLogTotal;
    lagrangian += u * rowTotal;
    for (const columnTotal of columnTotals) {
      if (columnTotal === 0) continue;
      const lambda = u + Math.log(columnTotal) - halfLogTotal;
      lagrangian += minimiseShiftedLogFactorial(logFactorial, lambda, Math.min(rowTotal, columnTotal));
    }
  }
  for (const columnTotal of columnTotals) {
    if (columnTotal > 0) lagrangian += (Math.log(columnTotal) - halfLogTotal) * columnTotal;
  }
  const lower = Math.max(evenRows, evenColumns, lagrangian);
  return { lower: lower - margin, upper: upper + margin };
}

function packIntoLargest(logFactorial: Float64Array, amount: number, descendingCaps: number[]): number {
  let left = amount;
  let sum = 0;
  for (const cap of descendingCaps) {
    if (left === 0) break;
    const cell = Math.min(cap, left);
    sum += logFactorial[cell] ?? 0;
    left -= cell;
  }
  return sum;
}

function splitEvenly(logFactorial: Float64Array, amount: number, parts: number): number {
  const base = Math.floor(amount / parts);
  const extra = amount - base * parts;
  return (parts - extra) * (logFactorial[base] ?? 0) + extra * (logFactorial[base + 1] ?? 0);
}

/** min over integers 0 <= x <= cap of log x! - lambda x (convex in x: the minimum is near e^lambda). */
function minimiseShiftedLogFactorial(logFactorial: Float64Array, lambda: number, cap: number): number {
  const guess = Math.min(cap, Math.max(0, Math.floor(Math.exp(Math.min(lambda, 700)))));
  let best = Number.POSITIVE_INFINITY;
  for (let x = Math.max(0, guess - 1); x <= Math.min(cap, guess + 1); x++) {
    best = Math.min(best, (logFactorial[x] ?? 0) - lambda * x);
  }
  return best;
}
