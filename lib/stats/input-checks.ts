// Input checks shared by the statistics. They throw plain Errors with a message the dashboard
// can show as is: the callers are pure functions with no notion of HTTP or AppError.

export function assertFiniteNumber(value: number, what: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`${what} must be a finite number (got ${String(value)}).`);
  }
}

export function assertCount(value: number, what: string): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new Error(`${what} must be a non-negative integer count (got ${String(value)}).`);
  }
}

export function assertConfLevel(confLevel: number): void {
  if (typeof confLevel !== "number" || !(confLevel > 0 && confLevel < 1)) {
    throw new Error(`confLevel must be strictly between 0 and 1 (got ${String(confLevel)}).`);
  }
}

/** Checks a contingency table is a non-empty rectangle of counts and returns its shape. */
export function assertCountTable(table: number[][]): { rows: number; columns: number } {
  if (!Array.isArray(table) || table.length === 0) {
    throw new Error("The table must have at least one row.");
  }
  const columns = table[0]?.length ?? 0;
  if (columns === 0) throw new Error("The table must have at least one column.");
  table.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== columns) {
      throw new Error(
        `The table is ragged: row ${i + 1} has ${Array.isArray(row) ? row.length : 0} cells, row 1 has ${columns}.`,
      );
    }
    row.forEach((cell, j) => assertCount(cell, `Cell [${i + 1}, ${j + 1}] of the table`));
  });
  return { rows: table.length, columns };
}
