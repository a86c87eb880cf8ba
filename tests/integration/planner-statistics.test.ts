// A bulk load refreshes PostgreSQL's table statistics at once (lib/db/refresh-statistics.ts):
// without them the planner takes a freshly loaded table of 100,000 patients for a few rows and
// a dashboard query runs for minutes instead of milliseconds (found by `npm run test:load`).
import { beforeAll, describe, expect, it } from "vitest";
import { importCases } from "../../lib/cases/import-cases";
import { getDb } from "../../lib/db/client";
import { createFixture, type Fixture } from "../support/fixtures";
import { syntheticImportFiles } from "../support/synthetic-import";

let fx: Fixture;

beforeAll(async () => {
  fx = await createFixture("stats");
});

async function lastAnalyzed(): Promise<Record<string, Date | null>> {
  const db = await getDb();
  const rows = await db.$queryRawUnsafe<{ relname: string; analyzed: Date | null }[]>(
    `SELECT relname::text AS relname, last_analyze AS analyzed FROM pg_stat_user_tables WHERE relname IN ('patients', 'her2_tests', 'treatment_lines')`,
  );
  return Object.fromEntries(rows.map((row) => [row.relname, row.analyzed]));
}

describe("planner statistics after a bulk load", () => {
  it("an import of a thousand rows or more analyzes the case tables; a small one leaves it to autovacuum", async () => {
    const cohort = (patients: number, prefix: string) => syntheticImportFiles({ patients, seed: 3, siteCode: fx.siteA.code, prefix });
    const before = await lastAnalyzed();
    await importCases(fx.coordinatorA, cohort(5, "SMAL"), { mode: "create", dryRun: false });
    expect(await lastAnalyzed()).toEqual(before);
    const report = await importCases(fx.coordinatorA, cohort(400, "BULK"), { mode: "create", dryRun: false });
    expect(report.patientsToCreate + report.testsToCreate + report.linesToCreate).toBeGreaterThanOrEqual(1_000);
    const after = await lastAnalyzed();
    for (const table of ["patients", "her2_tests", "treatment_lines"]) expect(after[table], table).toBeInstanceOf(Date);
  });
});
