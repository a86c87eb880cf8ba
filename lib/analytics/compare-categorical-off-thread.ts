import "server-only";
import type { CategoricalComparison, compareCategorical } from "../stats/compare-categorical";
import { env } from "../env";
import { defineWorkerTask } from "../workers/worker-task";
import { statisticsPool } from "../workers/pools";
import { notComputedInTime, type NotComputedInTime } from "./not-computed-in-time";

// Fisher's exact test on an r x 4 table of a few hundred patients can take from milliseconds to
// seconds (the network algorithm, or its refusal followed by 100,000 simulated tables:
// docs/statistics.md, "Limits"). On the event loop, ten fresh filter combinations delayed every
// other page by 8 s (issue 15 §6), so the test runs in the statistics worker pool, within
// STATS_TIME_BUDGET_MS. Identical tables in flight share one computation (the pool's key); a
// result, which depends on the table alone (the simulation is seeded from it), is remembered,
// least recently used first out. "Not computed in time" is not remembered: the next request
// tries again.
const COMPARE_CATEGORICAL = defineWorkerTask<typeof compareCategorical>("lib/stats/compare-categorical.ts", "compareCategorical");
const CACHE_LIMIT = 500;
const cache = new Map<string, CategoricalComparison>();

/**
 * compareCategorical (gtsummary's chi-square / Fisher choice) in the statistics pool, remembered.
 * `budgetMs` (default STATS_TIME_BUDGET_MS) lets a caller that needs the value whatever it costs
 * (a script, a test comparing results) wait longer.
 */
export async function compareCategoricalOffThread(table: number[][], options: { budgetMs?: number } = {}): Promise<CategoricalComparison | NotComputedInTime> {
  const key = JSON.stringify(table);
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const budgetMs = options.budgetMs ?? env.STATS_TIME_BUDGET_MS;
  const outcome = await statisticsPool().run(COMPARE_CATEGORICAL, table, { key, budgetMs });
  if (outcome.status === "not-computed-in-time") return notComputedInTime(outcome.budgetMs, outcome.phase);
  cache.set(key, outcome.value);
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return outcome.value;
}
