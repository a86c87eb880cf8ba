// Databases created for a test run and dropped after it: never a user's data, and never shared
// between two runs (names carry the process id, so databases of dead runs can be swept).
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyPendingMigrations } from "../db/migrations";

export const DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export function serverUrl(): string {
  return process.env.TEST_DATABASE_URL ?? DEFAULT_SERVER_URL;
}

export function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function isServerReachable(url = serverUrl()): Promise<boolean> {
  try {
    await withClient(url, (client) => client.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const OWNED = /^her2_(test|e2e)_(\d+)_[a-z0-9_]+$/;

/** Drops databases left behind by test runs whose process is gone (a killed run cannot clean up). */
export async function sweepStaleDatabases(server = serverUrl()): Promise<void> {
  await withClient(server, async (client) => {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'her2\\_%'");
    for (const { datname } of rows) {
      const match = OWNED.exec(datname);
      if (match && !isProcessAlive(Number(match[2]))) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    }
  });
}

export function uniqueDatabaseName(kind: "test" | "e2e", label: string): string {
  const suffix = Math.random().toString(36).slice(2, 8);
  return `her2_${kind}_${process.pid}_${label}_${suffix}`.toLowerCase();
}

export async function createDatabase(server: string, name: string, template?: string): Promise<string> {
  await withClient(server, (client) => client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`));
  return databaseUrl(server, name);
}

export async function dropDatabase(server: string, name: string): Promise<void> {
  await withClient(server, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function createMigratedDatabase(server: string, name: string): Promise<string> {
  const url = await createDatabase(server, name);
  await applyPendingMigrations({ kind: "postgresql", url });
  return url;
}

export async function createMigratedPglite(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `her2-${label}-`));
  await applyPendingMigrations({ kind: "pglite", dataDir: dir });
  return dir;
}

export async function copyPglite(templateDir: string, label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `her2-${label}-`));
  await cp(templateDir, dir, { recursive: true });
  return dir;
}

export async function removeDirectory(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
