// Totals of both runners from their JSON reports, so that a run that executed nothing shows.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

export const VITEST_REPORT = "test-results/vitest-results.json";
export const PLAYWRIGHT_REPORT = "test-results/e2e-results.json";

type Counts = { passed: number; failed: number; skipped: number };

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as unknown;
  } catch {
    return null;
  }
}

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function vitestCounts(report: unknown): Counts | null {
  if (!report || typeof report !== "object") return null;
  const data = report as Record<string, unknown>;
  return {
    passed: num(data.numPassedTests),
    failed: num(data.numFailedTests) + (data.success === false && num(data.numFailedTests) === 0 ? 1 : 0),
    skipped: num(data.numPendingTests) + num(data.numTodoTests),
  };
}

function playwrightCounts(report: unknown): Counts | null {
  if (!report || typeof report !== "object") return null;
  const stats = (report as { stats?: Record<string, unknown> }).stats;
  if (!stats) return null;
  const errors = (report as { errors?: unknown[] }).errors ?? [];
  return {
    passed: num(stats.expected),
    failed: num(stats.unexpected) + num(stats.flaky) + (errors.length > 0 && num(stats.unexpected) === 0 ? 1 : 0),
    skipped: num(stats.skipped),
  };
}

function describe(name: string, counts: Counts | null): string {
  return counts
    ? `${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`
    : `${name}: no report (the runner did not run or crashed)`;
}

export async function summarizeReports(): Promise<{ vitest: string; playwright: string; line: string; ok: boolean }> {
  const vitest = vitestCounts(await readJson(VITEST_REPORT));
  const playwright = playwrightCounts(await readJson(PLAYWRIGHT_REPORT));
  const total = [vitest, playwright].reduce<Counts>(
    (sum, counts) => ({
      passed: sum.passed + (counts?.passed ?? 0),
      failed: sum.failed + (counts?.failed ?? 0),
      skipped: sum.skipped + (counts?.skipped ?? 0),
    }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  const line = `${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ""}`;
  const ok = vitest !== null && playwright !== null && total.failed === 0 && total.passed > 0;
  return { vitest: describe("Vitest", vitest), playwright: describe("Playwright", playwright), line, ok };
}

// `node --import tsx scripts/test/summarize.ts` prints the totals line (used by .ci/run).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const summary = await summarizeReports();
  console.log(summary.line);
  process.exit(summary.ok ? 0 : 1);
}
