import "server-only";
import type { SessionUser } from "../auth/roles";
import { readForAnalysis } from "../db/replica-routing";
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
  /**
   * work_mem for this query only (SET LOCAL): GROUPING SETS keep a hash table per set. The regimen
   * comparison's spilled to disk at the default 4 MB; the Agreement tab's reader pairs
   * (countBlockReads) needed 4.5 MB at 10M patients, and the planner, expecting 97,740 groups for
   * 6,377, sorted two of its sets on disk instead (6.0 s against 2.5 s with the hash tables).
   */
  workMemMb?: number;
  /**
   * false: no JIT compilation for this query (SET LOCAL jit = off). A query with dozens of
   * aggregates (the cohort forest's count per subgroup level) is costed above jit_above_cost at a
   * million patients, and compiling its expressions took about half a second of a 3.5 s query
   * (EXPLAIN ANALYZE: JIT emission 429 ms), more than the compiled code saved.
   */
  jit?: false;
  /**
   * false: a plan without parallel workers (SET LOCAL max_parallel_workers_per_gather = 0), for a
   * join whose inner side is a subquery that each parallel process would run again: the regimen
   * comparison's first lines (DISTINCT ON over 200,000 lines at a million patients) ran in the
   * leader and both workers, and the filtered query took 2-3 times as long in parallel as alone
   * (docs/dashboards.md §9).
   */
  parallel?: false;
};

/** Longest run of one aggregate query in a transaction (the slowest takes well under a second at a million patients). */
const QUERY_TIMEOUT_MS = 60_000;

/**
 * Runs one parameterised aggregate query for `user`; the SQL text holds placeholders only. It
 * reads from a replica when one may serve the user (lib/db/replica-routing.ts), else from the
 * primary: this is the one place the dashboards get their database.
 */
export async function runAggregateQuery<Row>(user: Pick<SessionUser, "id">, sql: string, parameters: SqlParameters, options: AggregateQueryOptions = {}): Promise<Row[]> {
  return readForAnalysis(user, async (db) => {
    if (!options.indexesInMemory && options.workMemMb === undefined && options.jit !== false && options.parallel !== false) return db.$queryRawUnsafe<Row[]>(sql, ...parameters.values);
    // The same treatment as a read outside a transaction: repeated whole when its connection is cut
    // (the fault suite's pages failed mid-render without it), and as long a wait for a pooled
    // connection (with Prisma's default of 2 s, dashboards failed under the load test). SET LOCAL
    // ends with the transaction, so it works through PgBouncer in transaction mode too.
    return repeatLostRead(() =>
      db.$transaction(
        async (tx) => {
          if (options.indexesInMemory) await tx.$executeRawUnsafe("SET LOCAL random_page_cost = 1.1");
          if (options.workMemMb !== undefined) await tx.$executeRawUnsafe(`SET LOCAL work_mem = '${Math.round(options.workMemMb)}MB'`);
          if (options.jit === false) await tx.$executeRawUnsafe("SET LOCAL jit = off");
          if (options.parallel === false) await tx.$executeRawUnsafe("SET LOCAL max_parallel_workers_per_gather = 0");
          return tx.$queryRawUnsafe<Row[]>(sql, ...parameters.values);
        },
        { maxWait: POOL_WAIT_MS, timeout: QUERY_TIMEOUT_MS },
      ),
    );
  });
}
