import "server-only";
import { markDatabaseAvailable } from "../db/availability";
import { getDatabaseKind, getDb } from "../db/client";
import { noteDatabaseFailure } from "../db/note-database-failure";
import { readMigrationStatus, type MigrationStatus } from "../db/migration-status";

export type HealthReport = {
  status: "ok" | "degraded" | "unavailable";
  database: {
    kind: "postgresql" | "pglite";
    reachable: boolean;
    latencyMs: number | null;
    migrations: MigrationStatus | null;
    error?: string;
  };
};

const CHECK_TIMEOUT_MS = 4_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export async function checkHealth(): Promise<HealthReport> {
  const kind = getDatabaseKind();
  const started = performance.now();
  try {
    const migrations = await withTimeout(
      (async () => {
        const db = await getDb();
        await db.$queryRaw`SELECT 1`;
        return readMigrationStatus(db);
      })(),
      CHECK_TIMEOUT_MS,
    );
    markDatabaseAvailable();
    return {
      status: migrations.current ? "ok" : "degraded",
      database: { kind, reachable: true, latencyMs: Math.round(performance.now() - started), migrations },
    };
  } catch (error) {
    noteDatabaseFailure(error);
    return {
      status: "unavailable",
      database: {
        kind,
        reachable: false,
        latencyMs: null,
        migrations: null,
        // The message names the failure class only; connection strings never reach a response.
        error: error instanceof Error ? error.name : "Error",
      },
    };
  }
}
