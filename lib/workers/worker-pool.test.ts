import { threadId } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import type { refuse, spin, sumWithEvents } from "../../tests/support/worker-tasks";
import { AppError } from "../errors";
import { WorkerPool } from "./worker-pool";
import { defineWorkerTask } from "./worker-task";

const MODULE = "tests/support/worker-tasks.ts";
const SUM = defineWorkerTask<typeof sumWithEvents>(MODULE, "sumWithEvents");
const SPIN = defineWorkerTask<typeof spin>(MODULE, "spin");
const REFUSE = defineWorkerTask<typeof refuse>(MODULE, "refuse");

// One worker, as on a two-core server: the budget and the queue are then visible.
const pool = new WorkerPool({ name: "test", size: 1, idleMs: 0 });

afterAll(async () => {
  // Idle workers stop themselves (idleMs 0); wait for the last one to go.
  for (let i = 0; i < 50 && pool.workerCount > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
});

describe("WorkerPool", { timeout: 60_000 }, () => {
  it("runs a TypeScript task in another thread, passing its events in order", async () => {
    const events: unknown[] = [];
    const outcome = await pool.run(SUM, [1, 2, 3], { budgetMs: 30_000, onEvent: (event) => events.push(event) });
    expect(outcome).toEqual({ status: "done", value: { sum: 6, threadId: expect.any(Number) } });
    expect(outcome.status === "done" && outcome.value.threadId).not.toBe(threadId);
    expect(events).toEqual([1, 2, 3]);
  });

  it("shares identical work in flight: the same key gives the same promise", async () => {
    const first = pool.run(SPIN, { ms: 200, value: "a" }, { budgetMs: 30_000, key: "same" });
    const second = pool.run(SPIN, { ms: 200, value: "a" }, { budgetMs: 30_000, key: "same" });
    const other = pool.run(SPIN, { ms: 10, value: "b" }, { budgetMs: 30_000, key: "other" });
    expect(second).toBe(first);
    expect(other).not.toBe(first);
    expect(await first).toEqual({ status: "done", value: "a" });
    expect(await other).toEqual({ status: "done", value: "b" });
  });

  it("stops a task past its budget, answers 'not computed in time', and serves the queue with a new worker", async () => {
    const long = pool.run(SPIN, { ms: 20_000, value: "never" }, { budgetMs: 1_500 });
    const queued = pool.run(SPIN, { ms: 10, value: "late" }, { budgetMs: 1_000 });
    const after = pool.run(SPIN, { ms: 10, value: "next" }, { budgetMs: 30_000 });
    const started = performance.now();
    expect(await queued).toEqual({ status: "not-computed-in-time", budgetMs: 1_000, phase: "queued" });
    expect(await long).toEqual({ status: "not-computed-in-time", budgetMs: 1_500, phase: "running" });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await after).toEqual({ status: "done", value: "next" });
  });

  it("rejects with the task's own error, an AppError keeping its code and fields", async () => {
    const error = await pool.run(REFUSE, "no such thing", { budgetMs: 30_000 }).then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "VALIDATION", message: "no such thing", fields: [{ path: "x", message: "no such thing" }] });
  });

  it("gives a claimable job back while it waits for a worker, never once a worker has it", async () => {
    const busy = pool.runClaimable(SPIN, { ms: 400, value: "busy" }, { budgetMs: 30_000 });
    const waiting = pool.runClaimable(SPIN, { ms: 10, value: "waiting" }, { budgetMs: 500 });
    const after = pool.run(SPIN, { ms: 10, value: "after" }, { budgetMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(busy.claim()).toBe(false);
    expect(waiting.claim()).toBe(true);
    expect(waiting.claim()).toBe(false);
    expect(await waiting.outcome).toEqual({ status: "claimed" });
    // The claimed job's budget no longer runs, and the queue goes on without it.
    expect(await busy.outcome).toEqual({ status: "done", value: "busy" });
    expect(await after).toEqual({ status: "done", value: "after" });
    expect(busy.claim()).toBe(false);
  });

  it("answers 'not computed in time' at once for a budget of 0, without giving the task to a worker", async () => {
    const before = pool.workerCount;
    const none = pool.runClaimable(SPIN, { ms: 10, value: "never" }, { budgetMs: 0 });
    expect(none.claim()).toBe(false);
    expect(await none.outcome).toEqual({ status: "not-computed-in-time", budgetMs: 0, phase: "queued" });
    expect(await pool.run(SPIN, { ms: 10, value: "never" }, { budgetMs: 0 })).toEqual({ status: "not-computed-in-time", budgetMs: 0, phase: "queued" });
    expect(pool.workerCount).toBeLessThanOrEqual(before);
  });
});
