import { computeChiSquareUpperTail } from "./distributions";
import { assertCountTable } from "./input-checks";
import type { TestResult } from "./test-result";

/**
 * Pearson's chi-square test of independence, as chisq.test(table, correct = correct).
 * Expected E_ij = r_i c_j / N; statistic sum (|O - E| - Y)^2 / E on (r - 1)(c - 1) df, where
 * Yates' Y = min(0.5, min |O - E|) only for a 2 x 2 table with correct = true (R's rule).
 * A row or column that is all zero has expected counts of 0 (R returns NaN): refused here.
 */
export function chiSquareTest(
  table: number[][],
  options?: { correct?: boolean },
): TestResult & { expected: number[][] } {
  const { rows, columns } = assertCountTable(table);
  if (rows < 2 || columns < 2) {
    throw new Error(`The chi-square test needs at least a 2 x 2 table (got ${rows} x ${columns}).`);
  }
  const rowTotals = table.map((row) => row.reduce((sum, cell) => sum + cell, 0));
  const columnTotals = Array.from({ length: columns }, (_, j) => table.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const total = rowTotals.reduce((sum, value) => sum + value, 0);
  rowTotals.forEach((value, i) => {
    if (value === 0) throw new Error(`Row ${i + 1} of the table is all zero; drop it before the chi-square test.`);
  });
  columnTotals.forEach((value, j) => {
    if (value === 0) throw new Error(`Column ${j + 1} of the table is all zero; drop it before the chi-square test.`);
  });

  const expected = rowTotals.map((rowTotal) => columnTotals.map((columnTotal) => (rowTotal * columnTotal) / total));
  let yates = 0;
  if ((options?.correct ?? false) && rows === 2 && columns === 2) {
    yates = 0.5;
    table.forEach((row, i) =>
      row.forEach((cell, j) => (yates = Math.min(yates, Math.abs(cell - (expected[i]?.[j] ?? 0))))),
    );
  }
  let statistic = 0;
  table.forEach((row, i) =>
    row.forEach((cell, j) => {
      const e = expected[i]?.[j] ?? 0;
      statistic += (Math.abs(cell - e) - yates) ** 2 / e;
    }),
  );
  const df = (rows - 1) * (columns - 1);
  return { statistic, df, pValue: computeChiSquareUpperTail(statistic, df), expected };
}
