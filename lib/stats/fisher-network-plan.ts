import { buildLogFactorialTable } from "./distributions";

/**
 * How the network of fisher-network.ts walks a table: which margin becomes the "rows" (the
 * node is the sorted vector of what is left of them) and in which order the columns are filled.
 * As FEXACT: rows are the shorter margin, and columns are filled from the smallest total up, so
 * the largest column is the last one, fixed by difference.
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
  const rowTotals = table.map((row) => row.reduce((sum, cell) => sum + cell, 0));
  const columnTotals = (table[0] ?? []).map((_, j) => table.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const logFactorial = buildLogFactorialTable(rowTotals.reduce((sum, value) => sum + value, 0));
  let observedT = 0;
  for (const row of table) for (const cell of row) observedT += logFactorial[cell] ?? 0;
  const [rows, columns] = rowTotals.length <= columnTotals.length ? [rowTotals, columnTotals] : [columnTotals, rowTotals];
  return { rows, columns: [...columns].sort((a, b) => a - b), observedT, logFactorial };
}
