// Fast multi-row inserts: one statement per batch that unnests one array per column, so the
// number of bind parameters is the number of columns, not rows × columns (PostgreSQL allows
// 65,535). Works the same on PostgreSQL and PGlite.
export type ColumnSpec = {
  /** Column name in the table. */
  column: string;
  /** PostgreSQL type of one value, e.g. `int4`, `text`, `float8`, `"Her2Category"`. */
  type: string;
  /** The column holds an array (e.g. `"Agent"[]`): values are passed as array literals. */
  array?: boolean;
};

export type RawExecutor = { $executeRawUnsafe: (query: string, ...values: unknown[]) => Promise<number> };

function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unexpected identifier ${name}`);
  return `"${name}"`;
}

/** `{A,B}` for an array column: unnest cannot produce nested arrays, so each row's array travels as text. */
export function toArrayLiteral(values: readonly string[]): string {
  for (const value of values) {
    if (!/^[A-Z0-9_]+$/.test(value)) throw new Error(`Unexpected array element ${value}`);
  }
  return `{${values.join(",")}}`;
}

export async function insertRows(
  db: RawExecutor,
  table: string,
  columns: readonly ColumnSpec[],
  rows: readonly (readonly unknown[])[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const names = columns.map((spec) => quoteIdentifier(spec.column)).join(", ");
  const aliases = columns.map((_, index) => `c${index}`);
  const unnest = columns.map((spec, index) => `$${index + 1}::${spec.array ? "text" : spec.type}[]`).join(", ");
  const select = columns.map((spec, index) => (spec.array ? `${aliases[index]}::${spec.type}[]` : aliases[index])).join(", ");
  const values = columns.map((_, index) => rows.map((row) => row[index] ?? null));
  return db.$executeRawUnsafe(
    `INSERT INTO ${quoteIdentifier(table)} (${names}) SELECT ${select} FROM unnest(${unnest}) AS t(${aliases.join(", ")})`,
    ...values,
  );
}

/** Moves a table's id sequence past the ids inserted explicitly. */
export async function syncIdSequence(db: RawExecutor, table: string): Promise<void> {
  const name = quoteIdentifier(table);
  await db.$executeRawUnsafe(
    `SELECT setval(pg_get_serial_sequence('${name}', 'id'), COALESCE((SELECT MAX(id) FROM ${name}), 0) + 1, false)`,
  );
}
