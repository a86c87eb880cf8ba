// Test support: Fisher's two-sided p-value by listing every table with the observed margins,
// written as plainly as possible to check the network algorithm against.
import gammaln from "@stdlib/math-base-special-gammaln";

const logFactorial = (n: number): number => gammaln(n + 1);

export function computeFisherPValueByEnumeration(table: number[][]): number {
  const rowTotals = table.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = (table[0] ?? []).map((_, j) => table.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  const constant =
    rowTotals.reduce((s, r) => s + logFactorial(r), 0) + columnTotals.reduce((s, c) => s + logFactorial(c), 0) - logFactorial(total);
  const probabilityOf = (cells: number[]): number => Math.exp(constant - cells.reduce((s, x) => s + logFactorial(x), 0));
  const observed = probabilityOf(table.flat());
  let pValue = 0;
  // Fill column by column; the last column takes what is left of each row.
  const fillColumns = (column: number, rowsLeft: number[], cells: number[]): void => {
    if (column === columnTotals.length - 1) {
      const probability = probabilityOf([...cells, ...rowsLeft]);
      if (probability <= observed * (1 + 1e-7)) pValue += probability;
      return;
    }
    const fillRows = (row: number, left: number, chosen: number[]): void => {
      if (row === rowsLeft.length - 1) {
        if (left <= (rowsLeft[row] ?? 0)) {
          const split = [...chosen, left];
          fillColumns(column + 1, rowsLeft.map((r, i) => r - (split[i] ?? 0)), [...cells, ...split]);
        }
        return;
      }
      for (let x = 0; x <= Math.min(left, rowsLeft[row] ?? 0); x++) fillRows(row + 1, left - x, [...chosen, x]);
    };
    fillRows(0, columnTotals[column] ?? 0, []);
  };
  fillColumns(0, rowTotals, []);
  return pValue;
}

/** A 2 x c table: the first row is multivariate hypergeometric, prod C(c_j, x_j) / C(N, r_1). */
export function computeTwoRowFisherPValue(table: [number[], number[]]): number {
  const columnTotals = table[0].map((x, j) => x + (table[1][j] ?? 0));
  const firstRowTotal = table[0].reduce((a, b) => a + b, 0);
  const total = columnTotals.reduce((a, b) => a + b, 0);
  const logChoose = (n: number, k: number): number => logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  const logBase = -logChoose(total, firstRowTotal);
  const logProbability = (firstRow: number[]): number =>
    firstRow.reduce((s, x, j) => s + logChoose(columnTotals[j] ?? 0, x), logBase);
  const observed = Math.exp(logProbability(table[0]));
  let pValue = 0;
  const visit = (j: number, left: number, chosen: number[]): void => {
    if (j === columnTotals.length - 1) {
      if (left <= (columnTotals[j] ?? 0)) {
        const probability = Math.exp(logProbability([...chosen, left]));
        if (probability <= observed * (1 + 1e-7)) pValue += probability;
      }
      return;
    }
    for (let x = 0; x <= Math.min(left, columnTotals[j] ?? 0); x++) visit(j + 1, left - x, [...chosen, x]);
  };
  visit(0, firstRowTotal, []);
  return pValue;
}
