// Playwright's web server: a database of its own (PostgreSQL when reachable, else PGlite in a
// temporary folder), migrated and seeded with the e2e cohort, then the built app on E2E_PORT.
// The database is dropped when Playwright stops the server.
import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { E2E_PASSWORD, E2E_PATIENTS, E2E_PORT, E2E_SEED } from "../../e2e/support/constants";
import { NEXT, runStep } from "../run-step";
import {
  createMigratedDatabase,
  createMigratedPglite,
  dropDatabase,
  isServerReachable,
  removeDirectory,
  serverUrl,
  sweepStaleDatabases,
  uniqueDatabaseName,
} from "../test/test-databases";

if (!existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first (npm test does).");
  process.exit(1);
}

const server = serverUrl();
let cleanup: () => Promise<void>;
const databaseEnv: Record<string, string> = {};
if (await isServerReachable(server)) {
  await sweepStaleDatabases(server);
  const name = uniqueDatabaseName("e2e", "app");
  databaseEnv.DATABASE_URL = await createMigratedDatabase(server, name);
  cleanup = () => dropDatabase(server, name);
  console.log(`[e2e] PostgreSQL database ${name}`);
} else {
  const dir = await createMigratedPglite("e2e");
  databaseEnv.PGLITE_DIR = dir;
  cleanup = () => removeDirectory(dir);
  console.log(`[e2e] no PostgreSQL server reachable: embedded PGlite at ${dir}`);
}

const env: NodeJS.ProcessEnv = {
  ...process.env,
  ...databaseEnv,
  ...(databaseEnv.DATABASE_URL ? {} : { DATABASE_URL: "" }),
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  AUTH_URL: `http://localhost:${E2E_PORT}`,
  NEXT_TELEMETRY_DISABLED: "1",
  // The walks check that Table 1's tests and the comparisons are computed and shown. On a loaded
  // 2-core machine the production budget (10 s) ran out and the page rightly said "not computed in
  // time"; that path is tested in tests/integration/statistics-off-thread.test.ts and the worker
  // pool's unit tests, so here the budget only has to be long enough for a busy CI machine.
  STATS_TIME_BUDGET_MS: process.env.STATS_TIME_BUDGET_MS ?? "60000",
};

let cleaned = false;
async function cleanUpOnce(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await cleanup().catch((error: unknown) => console.error("[e2e] could not remove the test database:", error));
}

try {
  await runStep(
    "e2e seed",
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "scripts/db/seed.ts", "--patients", String(E2E_PATIENTS), "--seed", String(E2E_SEED), "--password", E2E_PASSWORD, "--sign-ins-file", "test-results/e2e-sign-ins.txt"],
    { env },
  );
} catch (error) {
  await cleanUpOnce();
  throw error;
}

const app = spawn(NEXT, ["start", "-p", String(E2E_PORT)], { stdio: "inherit", env });
const stop = (signal: NodeJS.Signals) => {
  app.kill(signal);
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
app.on("exit", (code) => {
  void cleanUpOnce().then(() => process.exit(code ?? 0));
});
