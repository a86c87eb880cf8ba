// Runs before each integration test file: points DATABASE_URL (or PGLITE_DIR) at a fresh copy of
// the run's migrated template, before any module reads the environment.
import { afterAll, inject } from "vitest";
import {
  copyPglite,
  createDatabase,
  dropDatabase,
  removeDirectory,
  uniqueDatabaseName,
} from "../../scripts/test/test-databases";

const template = inject("testDatabase");

if (template.kind === "postgresql") {
  const name = uniqueDatabaseName("test", "file");
  process.env.DATABASE_URL = await createDatabase(template.server, name, template.template);
  delete process.env.PGLITE_DIR;
  afterAll(async () => {
    const { disconnectDb } = await import("../../lib/db/client");
    await disconnectDb();
    await dropDatabase(template.server, name);
  });
} else {
  const dir = await copyPglite(template.templateDir, "file");
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = dir;
  afterAll(async () => {
    const { disconnectDb } = await import("../../lib/db/client");
    await disconnectDb();
    await removeDirectory(dir);
  });
}
