// Input checks shared by the statistics. They throw a TypeError (not a number, not an array) or
// a RangeError (a negative or fractional count, a ragged or empty table, …) whose message the
// dashboard can show as is: the callers are pure functions with no notion of HTTP or AppError.

export function assertFiniteNumber(value: number, what: string): void {
  if (typeof value !== "number") throw new TypeError(`${what} must be a finite number (got ${String(value)}).`);
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number (got ${String(value)}).`);
}

export function assertCount(value: number, what: string): void {
  if (typeof value !== "number") {
    throw new TypeError(`${what} must be a non-negative integer count (got ${String(value)}).`);
  }
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer count (got ${String(value)}).`);
  }
}

export function assertConfLevel(confLevel: number): void {
  if (typeof confLevel !== "number" || !(confLevel > 0 && confLevel < 1)) {
    throw new RangeError(`confLevel must be strictly between 0 and 1 (got ${String(confLevel)}).`);
  }
}

/** Checks a contingency table is a non-empty rectangle of counts and returns its shape. */
export function assertCountTable(table: number[][]): { rows: number; columns: number } {
  if (!Array.isArray(table)) throw new TypeError("The table must be an array of rows.");
  if (table.length === 0) throw new RangeError("The table must have at least one row.");
  const first = table[0];
  if (!Array.isArray(first)) throw new TypeError("Row 1 of the table is not an array.");
  const columns = first.length;
  if (columns === 0) throw new RangeError("The table must have at least one column.");
  table.forEach((row, i) => {
    if (!Array.isArray(row)) throw new TypeError(`Row ${i + 1} of the table is not an array.`);
    if (row.length !== columns) {
      throw new RangeError(`The table is ragged: row ${i + 1} has ${row.length} cells, row 1 has ${columns}.`);
    }
    row.forEach((cell, j) => assertCount(cell, `Cell [${i + 1}, ${j + 1}] of the table`));
  });
  return { rows: table.length, columns };
}

/**
 * Checks an agreement table: square (rows: one reader or assay, columns: the other, the same
 * categories in the same order), counts only, at least one rated specimen. Returns k and the total.
 */
export function assertSquareCountTable(table: number[][]): { size: number; total: number } {
  const { rows, columns } = assertCountTable(table);
  if (rows !== columns) {
    throw new RangeError(
      `An agreement table must be square, the same categories for both readers (got ${rows} rows × ${columns} columns).`,
    );
  }
  let total = 0;
  for (const row of table) for (const cell of row) total += cell;
  if (total === 0) throw new RangeError("The agreement table has no rated specimens (every cell is 0).");
  return { size: rows, total };
}
