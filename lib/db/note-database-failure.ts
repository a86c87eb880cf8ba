import "server-only";
import { markDatabaseUnavailable } from "./availability";
import { getDb } from "./client";
import { isDatabaseUnavailableError, isLostConnectionError } from "./errors";

/**
 * When `error` says the database is unreachable, marks it so and probes until it is back. A
 * connection cut under a query (pg_terminate_backend, a fail-over) says nothing about new
 * connections, which usually succeed at once: that alone does not mark the database down.
 */
export function noteDatabaseFailure(error: unknown): void {
  if (!isDatabaseUnavailableError(error) || isLostConnectionError(error)) return;
  markDatabaseUnavailable(async () => {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
  });
}
