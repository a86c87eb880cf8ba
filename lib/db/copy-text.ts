// PostgreSQL's COPY text format (tab-separated, \N for NULL, backslash escapes), written by the
// bulk loaders: the import commit (lib/cases/commit-import.ts) and the benchmark's load
// (scripts/bench/copy-cohort.ts). Pure.

/** One value in COPY text: dates as ISO-8601 UTC (as Prisma stores them), booleans as t/f. */
export function toCopyValue(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number") return String(value);
  return String(value).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

export function toCopyLine(row: readonly unknown[]): string {
  return `${row.map(toCopyValue).join("\t")}\n`;
}

function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unexpected identifier ${name}`);
  return `"${name}"`;
}

/** `COPY table (columns…) FROM STDIN` for columns given in the order the rows carry them. */
export function copyFromStatement(table: string, columns: readonly { column: string }[]): string {
  return `COPY ${quoteIdentifier(table)} (${columns.map((spec) => quoteIdentifier(spec.column)).join(", ")}) FROM STDIN`;
}
