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

// CI keeps only the tail of the output, so the totals name each failed test and the first line
// of its failure; otherwise a failure far up the log cannot be found afterwards.
const MAX_LISTED = 20;
// The runners colour their messages; the escape character is built, not written, in the pattern.
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

function firstLine(message: unknown): string {
  const text = typeof message === "string" ? message : "";
  const line = text.replace(ANSI_COLOUR, "").split("\n").find((part) => part.trim() !== "") ?? "";
  return line.trim().slice(0, 300);
}

function vitestFailures(report: unknown): string[] {
  if (!report || typeof report !== "object") return [];
  const files = (report as { testResults?: unknown[] }).testResults ?? [];
  const failures: string[] = [];
  for (const file of files) {
    if (!file || typeof file !== "object") continue;
    const { name, assertionResults, status, message } = file as {
      name?: string;
      assertionResults?: { status?: string; fullName?: string; failureMessages?: unknown[] }[];
      status?: string;
      message?: string;
    };
    const where = (name ?? "").replace(process.cwd() + "/", "");
    const failed = (assertionResults ?? []).filter((test) => test.status === "failed");
    for (const test of failed) failures.push(`${where} › ${test.fullName ?? ""}: ${firstLine(test.failureMessages?.[0])}`);
    if (failed.length === 0 && status === "failed") failures.push(`${where}: ${firstLine(message)}`);
  }
  return failures;
}

type PlaywrightSuite = {
  file?: string;
  suites?: PlaywrightSuite[];
  specs?: { title?: string; line?: number; tests?: { status?: string; results?: { error?: { message?: string } }[] }[] }[];
};

function playwrightFailures(report: unknown): string[] {
  if (!report || typeof report !== "object") return [];
  const failures: string[] = [];
  const walk = (suite: PlaywrightSuite, file: string) => {
    const here = suite.file ?? file;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== "unexpected" && test.status !== "flaky") continue;
        const error = test.results?.find((result) => result.error)?.error?.message;
        failures.push(`e2e/${here}:${spec.line ?? 0} › ${spec.title ?? ""} (${test.status}): ${firstLine(error)}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of (report as { suites?: PlaywrightSuite[] }).suites ?? []) walk(suite, "");
  for (const error of (report as { errors?: { message?: string }[] }).errors ?? []) {
    failures.push(`Playwright: ${firstLine(error.message)}`);
  }
  return failures;
}

function listFailures(failures: string[]): string {
  if (failures.length === 0) return "";
  const shown = failures.slice(0, MAX_LISTED).map((failure) => `  ✗ ${failure}`);
  if (failures.length > MAX_LISTED) shown.push(`  … and ${failures.length - MAX_LISTED} more`);
  return `\nFailed tests:\n${shown.join("\n")}`;
}

function describe(name: string, counts: Counts | null): string {
  return counts
    ? `${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`
    : `${name}: no report (the runner did not run or crashed)`;
}

export async function summarizeReports(): Promise<{
  vitest: string;
  playwright: string;
  failures: string;
  line: string;
  ok: boolean;
}> {
  const vitestReport = await readJson(VITEST_REPORT);
  const playwrightReport = await readJson(PLAYWRIGHT_REPORT);
  const vitest = vitestCounts(vitestReport);
  const playwright = playwrightCounts(playwrightReport);
  const failures = listFailures([...vitestFailures(vitestReport), ...playwrightFailures(playwrightReport)]);
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
  return { vitest: describe("Vitest", vitest), playwright: describe("Playwright", playwright), failures, line, ok };
}

// `node --import tsx scripts/test/summarize.ts` prints the totals line (used by .ci/run).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const summary = await summarizeReports();
  if (summary.failures) console.log(summary.failures);
  console.log(summary.line);
  process.exit(summary.ok ? 0 : 1);
}
