// What a task run by the worker pool is, as both sides of the thread boundary see it. Pure
// types and one constructor: no Node, Next or Prisma import, so task modules stay pure.

/** Given to a task function in the worker: sends events (progress, partial results) to the caller. */
export type TaskContext = {
  /** `transfer` moves ArrayBuffers instead of copying them (structured clone's transfer list). */
  emit(event: unknown, transfer?: ArrayBuffer[]): void;
};

/** A task: an exported function of a module, called in a worker thread with structured-cloneable input. */
export type TaskFunction = (input: never, context: TaskContext) => unknown;

/**
 * A task as the pool runs it: the module's path from the app's root (the folder holding
 * package.json, where `next start`, the scripts and the tests run) and the export's name. The
 * function's type travels as a phantom parameter, so callers get its input and result types
 * with `import type` only: the module itself is never bundled into the server.
 */
export type WorkerTask<F extends TaskFunction> = { readonly module: string; readonly exportName: string; readonly __function?: F };

export type TaskInput<F extends TaskFunction> = Parameters<F>[0];
export type TaskResult<F extends TaskFunction> = Awaited<ReturnType<F>>;

export function defineWorkerTask<F extends TaskFunction>(module: string, exportName: string): WorkerTask<F> {
  return { module, exportName };
}

/**
 * What the pool answers: the task's result, or that it was not computed within its time budget
 * (still waiting for a free worker, or running when the time ran out: the worker was then
 * stopped). A task that throws rejects the promise instead.
 */
export type TaskOutcome<T> =
  | { status: "done"; value: T }
  | { status: "not-computed-in-time"; budgetMs: number; phase: "queued" | "running" };

/** The messages between the pool and a worker thread. */
export type RunMessage = { type: "run"; id: number; module: string; exportName: string; input: unknown };
export type SerializedError = { name: string; message: string; code?: unknown; fields?: unknown; details?: unknown; retryAfterSeconds?: unknown };
export type WorkerMessage =
  | { type: "event"; id: number; event: unknown }
  | { type: "done"; id: number; value: unknown }
  | { type: "failed"; id: number; error: SerializedError };
