// Task functions for the worker pool's own test (lib/workers/worker-pool.test.ts): loaded by path
// in a worker thread, as the application's task modules are.
import { threadId } from "node:worker_threads";
import { AppError } from "../../lib/errors";
import type { TaskContext } from "../../lib/workers/worker-task";

/** Emits each number as an event, then answers their sum and the thread it ran on. */
export function sumWithEvents(input: number[], context: TaskContext): { sum: number; threadId: number } {
  for (const value of input) context.emit(value);
  return { sum: input.reduce((total, value) => total + value, 0), threadId };
}

/** Busy for `ms` milliseconds (a synchronous loop: only stopping the thread interrupts it). */
export function spin(input: { ms: number; value: string }): string {
  const until = Date.now() + input.ms;
  while (Date.now() < until) {
    // busy on purpose
  }
  return input.value;
}

export function refuse(input: string): never {
  throw new AppError("VALIDATION", input, { fields: [{ path: "x", message: input }] });
}
