import "server-only";
import { getDb } from "../db/client";
import { repeatLostRead } from "../db/retry-lost-reads";
import { POOL_WAIT_MS } from "../db/target";
import type { SqlParameters } from "./filter-sql";

export type AggregateQueryOptions = {
  /**
   * Plan with `random_page_cost` 1.1 (SET LOCAL: this query only), for the queries whose patient
   * columns are all in the narrow covering index `patients_outcome_join_idx` (the line-based
   * outcomes, OS, the Overview counts). PostgreSQL's default of 4 prices every index page as a
   * disk seek; the dashboards' indexes are read from memory, and at the default price the planner
   * scans every patient row (about 230 bytes wide) instead of that index, and hash-joins the first
   * lines of each patient to the scan instead of merging them with it: a third to half slower at
   * a million patients (docs/dashboards.md §9). 1.1 is the value commonly set for SSDs. Not for
   * queries that need other columns: there it can only choose bitmap scans, which were slower.
   */
  indexesInMemory?: boolean;
};

/** Longest run of one aggregate query in a transaction (the slowest takes well under a second at a million patients). */
const QUERY_TIMEOUT_MS = 60_000;

/** Runs one parameterised aggregate query; the SQL text holds placeholders only. */
export async function runAggregateQuery<Row>(sql: string, parameters: SqlParameters, options: AggregateQueryOptions = {}): Promise<Row[]> {
  const db = await getDb();
  if (!options.indexesInMemory) return db.$queryRawUnsafe<Row[]>(sql, ...parameters.values);
  // The same treatment as a read outside a transaction: repeated whole when its connection is cut
  // (the fault suite's pages failed mid-render without it), and as long a wait for a pooled
  // connection (with Prisma's default of 2 s, dashboards failed under the load test).
  return repeatLostRead(() =>
    db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL random_page_cost = 1.1");
        return tx.$queryRawUnsafe<Row[]>(sql, ...parameters.values);
      },
      { maxWait: POOL_WAIT_MS, timeout: QUERY_TIMEOUT_MS },
    ),
  );
}
