import { buildLogFactorialTable } from "./distributions";
import { drawRandomContingencyTable } from "./random-contingency-table";
import { createSeededRandom, hashIntegers } from "./seeded-random";

/**
 * Fisher's test with a simulated p-value, as R's fisher.test(table, simulate.p.value = TRUE, B):
 * B random tables with the observed margins (Patefield's algorithm, random-contingency-table.ts)
 * and p = (1 + #{simulated tables at most as probable as the observed one}) / (B + 1), "at most
 * as probable" being P <= P(observed) * (1 + 1e-7) as in the exact test (R's simulation compares
 * sum log x! with a relative tolerance of 64 machine epsilons; both only guard against rounding).
 *
 * Deterministic: the generator is seeded from the table's margins and its T = sum log x!, and the
 * margins are first put in a canonical order (shorter margin as rows, both ascending), so the same
 * table, or the same table with rows or columns permuted or transposed, always gets the same p.
 *
 * The standard error of such a p-value is sqrt(p (1 - p) / B): about 0.0016 at p = 0.5 with
 * B = 100,000 (0.0035 with 20,000).
 */
export const FISHER_SIMULATION_REPLICATES = 100_000;
export const FISHER_SMALL_SIMULATION_REPLICATES = 20_000;
/** Estimated cost (cells drawn plus search steps) beyond which B drops to 20,000: about 300 ms. */
const SIMULATION_COST_BUDGET = 25_000_000;
const LOG_RELATIVE_TOLERANCE = Math.log1p(1e-7);

export type SimulatedFisherResult = { pValue: number; replicates: number };

/** Assumes a validated table of counts with no all-zero row or column, at least 2 x 2. */
export function simulateFisherPValue(table: number[][], replicates = chooseReplicates(table)): SimulatedFisherResult {
  const rowTotals = table.map((row) => row.reduce((sum, cell) => sum + cell, 0));
  const columnTotals = (table[0] ?? []).map((_, j) => table.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const total = rowTotals.reduce((sum, value) => sum + value, 0);
  const logFactorial = buildLogFactorialTable(total);
  let observedT = 0;
  for (const row of table) for (const cell of row) observedT += logFactorial[cell] ?? 0;
  const threshold = observedT - LOG_RELATIVE_TOLERANCE;

  const { rows, columns } = orderMargins(rowTotals, columnTotals);
  const cellValues = table.flat().sort((a, b) => a - b);
  const random = createSeededRandom(hashIntegers([rows.length, ...rows, columns.length, ...columns, ...cellValues]));
  const cells = new Int32Array(rows.length * columns.length);
  const columnsLeft = new Int32Array(columns.length);
  let asExtreme = 0;
  for (let b = 0; b < replicates; b++) {
    if (drawRandomContingencyTable(rows, columns, logFactorial, random, cells, columnsLeft) >= threshold) asExtreme++;
  }
  return { pValue: (1 + asExtreme) / (replicates + 1), replicates };
}

/**
 * 100,000 replicates when their estimated cost fits about 300 ms, else 20,000. The cost of one
 * table is the cells drawn plus the inversion search, which walks about one standard deviation
 * from the mode per cell.
 */
export function chooseReplicates(table: number[][]): number {
  const rowTotals = table.map((row) => row.reduce((sum, cell) => sum + cell, 0));
  const columnTotals = (table[0] ?? []).map((_, j) => table.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const total = rowTotals.reduce((sum, value) => sum + value, 0);
  let perTable = rowTotals.length * columnTotals.length;
  for (const rowTotal of rowTotals) {
    for (const columnTotal of columnTotals) {
      const p = rowTotal / total;
      const q = columnTotal / total;
      perTable += 2 + Math.sqrt(total * p * (1 - p) * q * (1 - q));
    }
  }
  return perTable * FISHER_SIMULATION_REPLICATES <= SIMULATION_COST_BUDGET ? FISHER_SIMULATION_REPLICATES : FISHER_SMALL_SIMULATION_REPLICATES;
}

/** The shorter margin as rows (ties: the one whose sorted totals come first), both ascending. */
function orderMargins(rowTotals: number[], columnTotals: number[]): { rows: Int32Array; columns: Int32Array } {
  const rows = Int32Array.from(rowTotals).sort();
  const columns = Int32Array.from(columnTotals).sort();
  const swap = rows.length > columns.length || (rows.length === columns.length && compareVectors(rows, columns) > 0);
  return swap ? { rows: columns, columns: rows } : { rows, columns };
}

function compareVectors(a: Int32Array, b: Int32Array): number {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
