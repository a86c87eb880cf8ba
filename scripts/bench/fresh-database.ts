// A PostgreSQL database made for one benchmark run and dropped after it (never a user's data).
// Call before importing anything from lib/: lib/env reads DATABASE_URL once, at import.
import { createMigratedDatabase, dropDatabase, isServerReachable, serverUrl, sweepStaleDatabases, uniqueDatabaseName } from "../test/test-databases";

export async function withFreshDatabase<T>(label: string, run: () => Promise<T>): Promise<T> {
  const server = serverUrl();
  if (!(await isServerReachable(server))) {
    throw new Error(`No PostgreSQL server at ${new URL(server).host}: the benchmark needs one (set TEST_DATABASE_URL).`);
  }
  await sweepStaleDatabases(server);
  const name = uniqueDatabaseName("test", label);
  process.env.DATABASE_URL = await createMigratedDatabase(server, name);
  try {
    return await run();
  } finally {
    const { disconnectDb } = await import("../../lib/db/client");
    await disconnectDb();
    await dropDatabase(server, name);
  }
}

export function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(2)} s`;
}
