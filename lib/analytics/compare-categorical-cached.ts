import "server-only";
import { setTimeout as pause } from "node:timers/promises";
import { compareCategorical } from "../stats/tests";

type CategoricalComparison = ReturnType<typeof compareCategorical>;

// Fisher's exact test on an r x 4 table of a few hundred patients can take a few hundred ms
// (the exact enumeration, or its refusal followed by the simulated p-value: docs/statistics.md,
// "Limits"), and it runs on the event loop. The result depends on the table alone (the
// simulation is seeded from it), so it is remembered: the same filters on any tab or by any user
// cost nothing the second time. Bounded, least recently used first out.
const CACHE_LIMIT = 500;
const YIELD_MS = 15;
const cache = new Map<string, CategoricalComparison>();

/**
 * compareCategorical (gtsummary's chi-square / Fisher choice) with memoisation. Before computing
 * it pauses briefly (a timer, not a microtask), so that pending network writes (the page shell
 * being streamed, other requests) go out between the rows of a Table 1.
 */
export async function compareCategoricalCached(table: number[][]): Promise<CategoricalComparison> {
  const key = JSON.stringify(table);
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  await pause(YIELD_MS);
  const result = compareCategorical(table);
  cache.set(key, result);
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return result;
}
