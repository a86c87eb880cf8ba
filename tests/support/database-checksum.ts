// A fingerprint of every table's rows, to prove that a refused request wrote nothing. The tables
// are listed from information_schema, so a table added later is included without editing this.
import { getDb } from "../../lib/db/client";

/** Sign-in attempts are the throttle's own bookkeeping: every attempt, refused or not, is counted. */
const ALWAYS_EXCLUDED = new Set(["sign_in_attempts"]);

export type TableChecksums = Record<string, string>;

export type ChecksumOptions = {
  /** Rows a refusal is expected to add, per table (e.g. the audit event of a failed sign-in), as a SQL condition. */
  ignoreRows?: Record<string, string>;
};

export async function listCheckedTables(): Promise<string[]> {
  const db = await getDb();
  const rows = await db.$queryRawUnsafe<{ table_name: string }[]>(
    `SELECT table_name::text AS table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name).filter((name) => !ALWAYS_EXCLUDED.has(name));
}

/**
 * Tables fingerprinted by what they mean rather than their rows: the dashboards' summary may be
 * compacted at any time (its delta rows summed into new rows), which changes no count.
 */
const CONTENT: Readonly<Record<string, string>> = {
  patient_counts: `SELECT site_id, rule, cohort, variable, value, sum(n) AS n FROM patient_counts GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0`,
};

/** md5 of each table's rows (as text, sorted), in one round trip. */
export async function checksumTables(options: ChecksumOptions = {}): Promise<TableChecksums> {
  const db = await getDb();
  const tables = await listCheckedTables();
  const parts = tables.map((table) => {
    const quoted = `"${table.replaceAll('"', '""')}"`;
    const where = options.ignoreRows?.[table] ? ` WHERE NOT (${options.ignoreRows[table]})` : "";
    const source = CONTENT[table] ? `(${CONTENT[table]})` : quoted;
    return `SELECT '${table.replaceAll("'", "''")}' AS name, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM ${source} t${where}`;
  });
  const rows = await db.$queryRawUnsafe<{ name: string; sum: string }[]>(parts.join(" UNION ALL "));
  return Object.fromEntries(rows.map((row) => [row.name, row.sum]));
}
