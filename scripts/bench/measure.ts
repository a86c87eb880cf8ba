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

/** Runs `run` once to warm up (its time is kept as `firstMs`), then `runs` times. */
export async function measure(runs: number, run: () => Promise<unknown>): Promise<Timing> {
  let started = performance.now();
  await run();
  const firstMs = performance.now() - started;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return { medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), firstMs, runs };
}

/**
 * Like `measure`, with a baseline (the floor) timed just before each run, so that both see the
 * same load on a shared machine; returns the run's timing and the baseline's samples.
 */
export async function measureWithBaseline(runs: number, run: () => Promise<unknown>, baseline: () => Promise<number>): Promise<{ timing: Timing; baselineMs: number[] }> {
  let started = performance.now();
  await run();
  const firstMs = performance.now() - started;
  const times: number[] = [];
  const baselineMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    baselineMs.push(await baseline());
    started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return { timing: { medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), firstMs, runs }, baselineMs };
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
