// Timing helpers: a warm-up run, then the median of several runs (one at a time, so runs do
// not compete with each other for the two cores of the reference machine).
import os from "node:os";

export type Timing = { medianMs: number; minMs: number; maxMs: number; firstMs: number; runs: number };

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * How many timed runs fit in `budgetMs` after a warm-up of `firstMs` (at 10M patients a query
 * of minutes would otherwise take most of an hour): `runs` when they fit, fewer when not, and
 * none when the warm-up alone took longer than the budget (its time is then the only sample).
 */
export function runsWithinBudget(runs: number, firstMs: number, budgetMs: number): number {
  if (!Number.isFinite(budgetMs) || firstMs * runs <= budgetMs) return runs;
  return Math.max(0, Math.min(runs, Math.floor(budgetMs / firstMs)));
}

function timingOf(times: readonly number[], firstMs: number): Timing {
  // No timed run (over budget): the warm-up is the sample.
  const samples = times.length > 0 ? times : [firstMs];
  return { medianMs: median(samples), minMs: Math.min(...samples), maxMs: Math.max(...samples), firstMs, runs: times.length };
}

/** Runs `run` once to warm up (its time is kept as `firstMs`), then `runs` times (fewer past `budgetMs`). */
export async function measure(runs: number, run: () => Promise<unknown>, budgetMs = Number.POSITIVE_INFINITY): Promise<Timing> {
  let started = performance.now();
  await run();
  const firstMs = performance.now() - started;
  const times: number[] = [];
  const timed = runsWithinBudget(runs, firstMs, budgetMs);
  for (let i = 0; i < timed; i++) {
    started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return timingOf(times, firstMs);
}

/**
 * Like `measure`, with a baseline (the floor) timed just before each run, so that both see the
 * same load on a shared machine; returns the run's timing and the baseline's samples.
 */
export async function measureWithBaseline(
  runs: number,
  run: () => Promise<unknown>,
  baseline: () => Promise<number>,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<{ timing: Timing; baselineMs: number[] }> {
  let started = performance.now();
  await run();
  const firstMs = performance.now() - started;
  const times: number[] = [];
  const baselineMs: number[] = [];
  const timed = runsWithinBudget(runs, firstMs, budgetMs);
  for (let i = 0; i < timed; i++) {
    baselineMs.push(await baseline());
    started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  // The warm-up alone was the sample: the floor is still timed once, after it.
  if (timed === 0) baselineMs.push(await baseline());
  return { timing: timingOf(times, firstMs), baselineMs };
}

/** The 1-minute load average, read before and after each phase: the machine may be shared. */
export function loadAverage(): number {
  return os.loadavg()[0] ?? Number.NaN;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

export function formatCount(n: number): string {
  return n.toLocaleString("en");
}
