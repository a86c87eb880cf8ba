// Vitest global setup for the integration project: one migrated template database per run
// (PostgreSQL when a server is reachable, PGlite otherwise); each test file then gets its own
// copy (tests/setup/file-database.ts), so files run in parallel without seeing each other's rows.
import type { TestProject } from "vitest/node";
import {
  createMigratedDatabase,
  createMigratedPglite,
  dropDatabase,
  isServerReachable,
  removeDirectory,
  serverUrl,
  sweepStaleDatabases,
  uniqueDatabaseName,
} from "../../scripts/test/test-databases";

export type TestDatabaseTemplate =
  | { kind: "postgresql"; server: string; template: string }
  | { kind: "pglite"; templateDir: string };

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabaseTemplate;
  }
}

export default async function setup(project: TestProject) {
  const server = serverUrl();
  if (await isServerReachable(server)) {
    await sweepStaleDatabases(server);
    const template = uniqueDatabaseName("test", "template");
    await createMigratedDatabase(server, template);
    project.provide("testDatabase", { kind: "postgresql", server, template });
    console.log(`Integration tests: PostgreSQL at ${new URL(server).host} (a fresh database per test file)`);
    return async () => {
      await dropDatabase(server, template);
    };
  }
  const templateDir = await createMigratedPglite("template");
  project.provide("testDatabase", { kind: "pglite", templateDir });
  console.log(`Integration tests: no PostgreSQL server at ${new URL(server).host}, running on embedded PGlite instead`);
  return async () => {
    await removeDirectory(templateDir);
  };
}
