// npm test: type-check and build the app, then every test: Vitest (unit + integration against
// a real PostgreSQL, or PGlite when no server is reachable) and Playwright end-to-end in
// Chromium. Both runners always run; the totals line comes from their JSON reports.
import { mkdir, rm } from "node:fs/promises";
import { chromium } from "@playwright/test";
import { chromiumExecutablePath, describeMissingChromium } from "../../e2e/support/chromium";
import { NEXT, runStep } from "../run-step";
import { summarizeReports, VITEST_REPORT, PLAYWRIGHT_REPORT } from "./summarize";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const failures: string[] = [];

async function step(label: string, command: string, args: string[]): Promise<boolean> {
  const started = performance.now();
  console.log(`\n── ${label} ──`);
  try {
    await runStep(label, command, args, { env });
    console.log(`── ${label}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return true;
  } catch (error) {
    failures.push((error as Error).message);
    return false;
  }
}

await rm(VITEST_REPORT, { force: true });
await rm(PLAYWRIGHT_REPORT, { force: true });
await rm("test-results/screenshots", { recursive: true, force: true });
await mkdir("test-results", { recursive: true });

await step("Lint", "node_modules/.bin/eslint", [".", "--max-warnings=0"]);
const built = await step("Build (includes the TypeScript check)", NEXT, ["build"]);
await step("Vitest: unit and integration", "node_modules/.bin/vitest", [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${VITEST_REPORT}`,
]);
// Without a browser Playwright fails with a stack trace per test: say what to install instead.
const missingChromium = describeMissingChromium(chromiumExecutablePath(), chromium.executablePath());
if (missingChromium !== null) {
  console.log(`\n── Playwright: end-to-end in Chromium ──\n${missingChromium}`);
  failures.push("Playwright skipped: no Chromium (see above)");
} else if (built) {
  await step("Playwright: end-to-end in Chromium", "node_modules/.bin/playwright", ["test"]);
} else {
  failures.push("Playwright skipped: the app did not build");
}

const summary = await summarizeReports();
console.log(`\n${summary.vitest}\n${summary.playwright}${summary.failures}`);
if (failures.length > 0) console.log(`\nFailed steps:\n${failures.map((failure) => `  - ${failure}`).join("\n")}`);
console.log(`\n${summary.line}`);
process.exit(failures.length > 0 || !summary.ok ? 1 : 0);
