// The benchmark's own databases, her2_bench_<size>, on TEST_DATABASE_URL's server (never a
// user's data): dropped and created again for each run, dropped at the end unless --keep.
import pg from "pg";
import { applyPendingMigrations } from "../db/migrations";
import { createDatabase, databaseUrl, dropDatabase, serverUrl } from "../test/test-databases";

export function benchDatabaseName(size: number): string {
  return `her2_bench_${size}`;
}

/** Drops any previous her2_bench_<size>, creates it and applies every migration; returns its URL. */
export async function createBenchDatabase(size: number): Promise<string> {
  const server = serverUrl();
  const name = benchDatabaseName(size);
  await dropDatabase(server, name);
  const url = await createDatabase(server, name);
  await applyPendingMigrations({ kind: "postgresql", url });
  return url;
}

export async function dropBenchDatabase(size: number): Promise<void> {
  await dropDatabase(serverUrl(), benchDatabaseName(size));
}

export function benchDatabaseUrl(size: number): string {
  return databaseUrl(serverUrl(), benchDatabaseName(size));
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
