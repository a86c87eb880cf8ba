// PostgreSQL plans queries from table statistics that autovacuum refreshes only after a delay
// (and never where autovacuum is off). Straight after a bulk load the planner still believes a
// table of 100,000 patients holds a handful of rows, chooses nested loops, and a dashboard query
// that takes 200 ms takes minutes (measured by the load test, docs/operations.md). So whoever
// loads in bulk refreshes the statistics at once. Without the table owner's rights ANALYZE only
// warns and skips: it never fails the load.
type Executor = { $executeRawUnsafe: (query: string) => Promise<number> };

export const CASE_TABLES = ["patients", "her2_tests", "treatment_lines"] as const;

/** Rows written by one load above which the statistics are refreshed straight away. */
export const BULK_LOAD_ROWS = 1_000;

/** Refreshes the statistics of `tables`. The load has committed by now: a failure here only logs. */
export async function refreshPlannerStatistics(db: Executor, tables: readonly (typeof CASE_TABLES)[number][] = CASE_TABLES): Promise<void> {
  try {
    await db.$executeRawUnsafe(`ANALYZE ${tables.map((table) => `"${table}"`).join(", ")}`);
  } catch (error) {
    console.warn(`Table statistics not refreshed after a bulk load (${error instanceof Error ? error.name : typeof error}); autovacuum will refresh them later.`);
  }
}
