// The benchmark's own databases, her2_bench_<size>[_<tag>], on TEST_DATABASE_URL's server (never a
// user's data): dropped and created again for each run unless --reuse, dropped at the end unless
// --keep. The tag lets several people bench on one server without dropping each other's databases.
import pg from "pg";
import { applyPendingMigrations } from "../db/migrations";
import { createDatabase, databaseUrl, dropDatabase, serverUrl } from "../test/test-databases";

/** A tag is a lower-case word: it ends up inside a quoted database name. */
export const BENCH_TAG = /^[a-z0-9_]{1,24}$/;

export function benchDatabaseName(size: number, tag = ""): string {
  if (tag !== "" && !BENCH_TAG.test(tag)) throw new Error(`bad bench tag ${JSON.stringify(tag)}`);
  return tag === "" ? `her2_bench_${size}` : `her2_bench_${size}_${tag}`;
}

/** Drops any previous her2_bench_<size>[_<tag>], creates it and applies every migration; returns its URL. */
export async function createBenchDatabase(size: number, tag = ""): Promise<string> {
  const server = serverUrl();
  const name = benchDatabaseName(size, tag);
  await dropDatabase(server, name);
  const url = await createDatabase(server, name);
  await applyPendingMigrations({ kind: "postgresql", url });
  return url;
}

export async function benchDatabaseExists(size: number, tag = ""): Promise<boolean> {
  return withBenchClient(serverUrl(), async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [benchDatabaseName(size, tag)]);
    return rowCount === 1;
  });
}

/**
 * --reuse: an existing bench database of a previous run (--keep), brought up to date. Migrations
 * added since it was loaded run on its full cohort (their backfills included), then ANALYZE.
 */
export async function upgradeBenchDatabase(size: number, tag = "", log?: (message: string) => void): Promise<{ url: string; applied: string[] }> {
  const url = benchDatabaseUrl(size, tag);
  const applied = await applyPendingMigrations({ kind: "postgresql", url });
  if (applied.length > 0) {
    log?.(`  applied ${applied.length} new migration(s): ${applied.join(", ")}`);
    await withBenchClient(url, (client) => client.query("VACUUM (ANALYZE)"));
  }
  return { url, applied };
}

export async function dropBenchDatabase(size: number, tag = ""): Promise<void> {
  await dropDatabase(serverUrl(), benchDatabaseName(size, tag));
}

export function benchDatabaseUrl(size: number, tag = ""): string {
  return databaseUrl(serverUrl(), benchDatabaseName(size, tag));
}

/** Server settings that decide how fast a scan or an aggregate can be, printed with the results. */
export const REPORTED_SETTINGS = [
  "server_version",
  "max_parallel_workers_per_gather",
  "max_parallel_workers",
  "max_worker_processes",
  "parallel_setup_cost",
  "parallel_tuple_cost",
  "min_parallel_table_scan_size",
  "shared_buffers",
  "work_mem",
  "effective_cache_size",
  "random_page_cost",
  "jit",
  "jit_above_cost",
] as const;

export async function readServerSettings(client: pg.Client): Promise<Record<string, string>> {
  const { rows } = await client.query<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1::text[])`,
    [[...REPORTED_SETTINGS]],
  );
  const settings: Record<string, string> = {};
  for (const name of REPORTED_SETTINGS) settings[name] = rows.find((row) => row.name === name)?.setting ?? "?";
  return settings;
}

export async function withBenchClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
