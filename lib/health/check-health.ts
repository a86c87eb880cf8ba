import "server-only";
import { markDatabaseAvailable } from "../db/availability";
import { getDatabaseKind, getDb } from "../db/client";
import { noteDatabaseFailure } from "../db/note-database-failure";
import { readMigrationStatus, type MigrationStatus } from "../db/migration-status";
import { checkReplicaRouting, type ReplicaRoutingHealth } from "../db/replica-routing";
import { withTimeout } from "../db/with-timeout";

export type HealthReport = {
  status: "ok" | "degraded" | "unavailable";
  database: {
    kind: "postgresql" | "pglite";
    reachable: boolean;
    latencyMs: number | null;
    migrations: MigrationStatus | null;
    error?: string;
  };
  /**
   * The read replicas (DATABASE_REPLICA_URL) and where this server's dashboard reads went; absent
   * without replicas. A replica down or lagging does not change the status: reads fall back to
   * the primary, and the app works.
   */
  replicas?: ReplicaRoutingHealth;
};

const CHECK_TIMEOUT_MS = 4_000;

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
    const latencyMs = Math.round(performance.now() - started);
    const replicas = await checkReplicaRouting();
    return {
      status: migrations.current ? "ok" : "degraded",
      database: { kind, reachable: true, latencyMs, migrations },
      ...(replicas ? { replicas } : {}),
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
