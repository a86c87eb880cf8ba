import { buildLogFactorialTable } from "./distributions";

/**
 * How the network of fisher-network.ts walks a table: which margin becomes the "rows" (the node
 * is the sorted vector of what is left of them) and in which order the columns are filled.
 * As FEXACT: rows are the shorter margin, and columns are filled from the smallest total up, so
 * the largest column is the last one, fixed by difference. For a square table the rows are the
 * more unequal margin (the smaller product of p (1 - p) over all its totals but the largest, p
 * being a total's share of N): the number of ways to fill a column grows with the spread of the
 * rows it is split over, and the largest row is fixed by difference. Ties go to the margin whose
 * sorted totals come first, so the plan, and the p-value to the last bit, depend only on the
 * sorted margins and T of the observed table: permuting rows or columns or transposing changes
 * nothing.
 */
export type FisherNetworkPlan = {
  rows: number[];
  columns: number[];
  /** T = sum log x! of the observed table. */
  observedT: number;
  /** log k! for k = 0..N. */
  logFactorial: Float64Array;
};

export function planFisherNetwork(table: number[][]): FisherNetworkPlan {
  const rowTotals = table.map((row) => row.reduce((sum, cell) => sum + cell, 0)).sort((a, b) => a - b);
  const columnTotals = (table[0] ?? []).map((_, j) => table.reduce((sum, row) => sum + (row[j] ?? 0), 0)).sort((a, b) => a - b);
  const total = rowTotals.reduce((sum, value) => sum + value, 0);
  const logFactorial = buildLogFactorialTable(total);
  let observedT = 0;
  for (const row of table) for (const cell of row) observedT += logFactorial[cell] ?? 0;
  const rowsFirst =
    rowTotals.length !== columnTotals.length
      ? rowTotals.length < columnTotals.length
      : compareSpread(rowTotals, columnTotals, total) < 0 || (compareSpread(rowTotals, columnTotals, total) === 0 && compareVectors(rowTotals, columnTotals) <= 0);
  const [rows, columns] = rowsFirst ? [rowTotals, columnTotals] : [columnTotals, rowTotals];
  return { rows, columns, observedT, logFactorial };
}

/** Compares sum log(p (1 - p)) over all totals but the largest (the vectors are ascending). */
function compareSpread(first: number[], second: number[], total: number): number {
  const spread = (totals: number[]): number =>
    totals.slice(0, -1).reduce((sum, value) => sum + Math.log((value / total) * (1 - value / total)), 0);
  return Math.sign(spread(first) - spread(second));
}

function compareVectors(first: number[], second: number[]): number {
  for (let i = 0; i < first.length; i++) if ((first[i] ?? 0) !== (second[i] ?? 0)) return (first[i] ?? 0) - (second[i] ?? 0);
  return 0;
}
