// Test support: Fisher's two-sided p-value by a plain recursion over column fillings, slow but
// simple enough to trust, to check the network algorithm on Table 1 shaped tables with hundreds
// or thousands of patients. No bounds, no cut-offs, no merging of paths, no complement: every
// table with the observed margins is counted. Only the last two columns are shared: for each
// multiset of remaining row totals (sorted, since the order of rows does not matter) the sorted
// list of their completions' sum log x! is built once, and every path reaching it is joined by
// binary search. The largest row is filled by difference, so the work is the product of
// (small row total + 1) over the other rows, per column: keep the other rows small.
import gammaln from "@stdlib/math-base-special-gammaln";

const logFactorial = (n: number): number => gammaln(n + 1);

export class RecursionBudgetError extends Error {
  override name = "RecursionBudgetError";
}

export function computeFisherPValueByRecursion(table: number[][], budget = 50_000_000): number {
  const rowTotals = table.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = (table[0] ?? []).map((_, j) => table.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const constant =
    rowTotals.reduce((s, r) => s + logFactorial(r), 0) + columnTotals.reduce((s, c) => s + logFactorial(c), 0) - logFactorial(total);
  const observedT = table.flat().reduce((s, x) => s + logFactorial(x), 0);
  // The tables that count: P <= P(observed) * (1 + 1e-7), i.e. T >= observedT - log(1 + 1e-7).
  const threshold = observedT - Math.log1p(1e-7);
  let work = 0;
  const charge = (steps: number): void => {
    work += steps;
    if (work > budget) throw new RecursionBudgetError(`more than ${budget} steps`);
  };

  // Every split of `amount` over rows with the given capacities (the last row takes the rest).
  const forEachSplit = (capacities: number[], amount: number, visit: (split: number[]) => void): void => {
    const split = new Array<number>(capacities.length).fill(0);
    const place = (i: number, left: number, othersCapacity: number): void => {
      if (i === capacities.length - 1) {
        if (left <= (capacities[i] ?? 0)) {
          split[i] = left;
          visit(split);
        }
        return;
      }
      const rest = othersCapacity - (capacities[i] ?? 0);
      for (let x = Math.max(0, left - rest); x <= Math.min(capacities[i] ?? 0, left); x++) {
        split[i] = x;
        place(i + 1, left - x, rest);
      }
    };
    place(0, amount, capacities.reduce((a, b) => a + b, 0));
  };

  type Completions = { values: Float64Array; tail: Float64Array; smallest: number };
  const memo = new Map<string, Completions>();
  const completionsOf = (rowsLeft: number[]): Completions => {
    const sorted = [...rowsLeft].sort((a, b) => a - b);
    const key = sorted.join(",");
    const known = memo.get(key);
    if (known) return known;
    const values: number[] = [];
    forEachSplit(sorted, columnTotals[columnTotals.length - 2] ?? 0, (split) => {
      charge(1);
      values.push(split.reduce((s, x, i) => s + logFactorial(x) + logFactorial((sorted[i] ?? 0) - x), 0));
    });
    const sortedValues = Float64Array.from(values).sort();
    const smallest = sortedValues[0] ?? 0;
    const tail = new Float64Array(sortedValues.length + 1);
    for (let i = sortedValues.length - 1; i >= 0; i--) tail[i] = (tail[i + 1] ?? 0) + Math.exp(smallest - (sortedValues[i] ?? 0));
    const result = { values: sortedValues, tail, smallest };
    memo.set(key, result);
    return result;
  };

  let pValue = 0;
  const fillColumn = (column: number, rowsLeft: number[], pastT: number): void => {
    if (column === columnTotals.length - 2) {
      const { values, tail, smallest } = completionsOf(rowsLeft);
      let low = 0;
      let high = values.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((values[middle] ?? 0) < threshold - pastT) low = middle + 1;
        else high = middle;
      }
      pValue += Math.exp(constant - pastT - smallest) * (tail[low] ?? 0);
      return;
    }
    // The largest remaining row goes last, so it is the one filled by difference.
    const order = rowsLeft.map((_, i) => i).sort((a, b) => (rowsLeft[a] ?? 0) - (rowsLeft[b] ?? 0));
    const capacities = order.map((i) => rowsLeft[i] ?? 0);
    forEachSplit(capacities, columnTotals[column] ?? 0, (split) => {
      charge(1);
      const next = [...rowsLeft];
      let step = 0;
      split.forEach((x, k) => {
        const i = order[k] ?? 0;
        next[i] = (next[i] ?? 0) - x;
        step += logFactorial(x);
      });
      fillColumn(column + 1, next, pastT + step);
    });
  };
  if (columnTotals.length < 2 || rowTotals.length < 2) return 1;
  fillColumn(0, rowTotals, 0);
  return pValue;
}
