import "server-only";
// A small pool of worker threads for CPU-bound work that must not run on the request thread
// (issue 15 §5, §6): one event loop serves every request of this server, so a Fisher exact test
// or the validation of a 265,000-row import running on it delays every other page.
//
// - At most `size` workers, started on demand, stopped after `idleMs` without work.
// - Every run has a time budget, counted from its submission: when it runs out, a queued task is
//   dropped and a running one is stopped with its worker (a worker thread cannot be interrupted
//   otherwise; a new one replaces it on demand). The caller gets "not computed in time", typed.
// - Runs with the same key while one is in flight share it: identical work is done once.
// - A claimable run can be taken back by its caller while it still waits for a worker, to be
//   computed on the caller's thread when that thread has nothing else to do (runClaimable).
import type * as WorkerThreads from "node:worker_threads";
import type { ResourceLimits, Worker as WorkerThread } from "node:worker_threads";
import path from "node:path";
import { AppError, type AppErrorCode, type FieldError } from "../errors";
import type { RunMessage, SerializedError, TaskFunction, TaskInput, TaskOutcome, TaskResult, WorkerMessage, WorkerTask } from "./worker-task";

export type WorkerPoolOptions = {
  /** Names the threads (seen in diagnostics) and the pool in messages. */
  name: string;
  size: number;
  /** A worker without work for this long is stopped (0: at once), releasing its memory. */
  idleMs: number;
  /** Caps each worker's heap: a task that needs more fails instead of growing the server. */
  resourceLimits?: ResourceLimits;
};

export type RunOptions = {
  budgetMs: number;
  /** Runs with the same key while one is in flight share its outcome (and its budget). */
  key?: string;
  /** Events the task emits (progress, partial results), in order, before its outcome. */
  onEvent?: (event: unknown) => void;
  /** ArrayBuffers of the input moved to the worker instead of copied. */
  transfer?: ArrayBuffer[];
};

/** A claimable run's outcome once its caller took it back: the pool never ran it. */
export type Claimed = { status: "claimed" };

/** A run its caller may take back while it waits for a worker (runClaimable). */
export type ClaimableRun<T> = {
  outcome: Promise<TaskOutcome<T> | Claimed>;
  /**
   * Takes the job back if no worker has started it: true, and `outcome` answers "claimed" (the
   * input, never posted, stays the caller's, transferable buffers included); false once a worker
   * has it, or it is over.
   */
  claim(): boolean;
};

type JobOutcome = TaskOutcome<unknown> | Claimed;

type Job = {
  id: number;
  message: RunMessage;
  transfer: ArrayBuffer[];
  budgetMs: number;
  onEvent: ((event: unknown) => void) | undefined;
  settle: (outcome: { ok: true; value: JobOutcome } | { ok: false; error: Error }) => void;
  timer: NodeJS.Timeout | null;
  slot: Slot | null;
};

type Slot = { worker: WorkerThread; job: Job | null; idleTimer: NodeJS.Timeout | null; stopped: boolean };

/**
 * The app's root, where package.json and the TypeScript sources are: the working directory of
 * `next start`, `next dev`, the scripts and the test runners. The worker files are read from
 * there, not from the bundle (Turbopack does not bundle a worker's own module graph).
 */
function appRoot(): string {
  return process.cwd();
}

/**
 * node:worker_threads through process.getBuiltinModule: a static import of Worker with a file
 * path makes Turbopack try to bundle the worker's entry, which is a plain file on disk here.
 */
function workerThreads(): typeof WorkerThreads {
  return process.getBuiltinModule("node:worker_threads");
}

function rebuildError(serialized: SerializedError, poolName: string): Error {
  if (serialized.name === "AppError" && typeof serialized.code === "string") {
    return new AppError(serialized.code as AppErrorCode, serialized.message, {
      fields: Array.isArray(serialized.fields) ? (serialized.fields as FieldError[]) : undefined,
      details: serialized.details,
      retryAfterSeconds: typeof serialized.retryAfterSeconds === "number" ? serialized.retryAfterSeconds : undefined,
    });
  }
  const error = new Error(serialized.message);
  error.name = serialized.name;
  error.cause = `a task of the ${poolName} worker pool`;
  return error;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly inFlight = new Map<string, Promise<TaskOutcome<unknown>>>();
  private nextId = 1;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** Runs `task` on `input` in a worker thread within `budgetMs`; rejects with the task's own error. */
  run<F extends TaskFunction>(task: WorkerTask<F>, input: TaskInput<F>, options: RunOptions): Promise<TaskOutcome<TaskResult<F>>> {
    const key = options.key === undefined ? undefined : `${task.module}#${task.exportName}#${options.key}`;
    const shared = key === undefined ? undefined : this.inFlight.get(key);
    if (shared) return shared as Promise<TaskOutcome<TaskResult<F>>>;
    const outcome = this.enqueue(task, input, options).outcome.then((result) => {
      // Only runClaimable hands out the job, so nothing can claim this one.
      if (result.status === "claimed") throw new Error(`A run of the ${this.options.name} worker pool was claimed without a claim.`);
      return result;
    });
    if (key !== undefined) {
      this.inFlight.set(key, outcome);
      const forget = () => this.inFlight.delete(key);
      outcome.then(forget, forget);
    }
    return outcome as Promise<TaskOutcome<TaskResult<F>>>;
  }

  /**
   * As run, but the caller may claim the job back while it waits for a worker. For work split in
   * parts: the caller queues them all, does its own share, then computes the parts still waiting
   * (the smallest, queued last) on its own thread instead of leaving that thread idle while one
   * worker goes through them. Never shared by key: a claimed run would leave the others waiting.
   */
  runClaimable<F extends TaskFunction>(task: WorkerTask<F>, input: TaskInput<F>, options: Omit<RunOptions, "key">): ClaimableRun<TaskResult<F>> {
    const { job, outcome } = this.enqueue(task, input, options);
    return {
      outcome: outcome as Promise<TaskOutcome<TaskResult<F>> | Claimed>,
      claim: () => {
        const queued = this.queue.indexOf(job);
        if (queued < 0) return false;
        this.queue.splice(queued, 1);
        job.settle({ ok: true, value: { status: "claimed" } });
        return true;
      },
    };
  }

  private enqueue<F extends TaskFunction>(task: WorkerTask<F>, input: TaskInput<F>, options: Omit<RunOptions, "key">): { job: Job; outcome: Promise<JobOutcome> } {
    // The job is built outside the Promise's executor so that the caller gets it back with the outcome.
    let resolve: (value: JobOutcome) => void = () => undefined;
    let reject: (error: Error) => void = () => undefined;
    const outcome = new Promise<JobOutcome>((onDone, onFailed) => {
      resolve = onDone;
      reject = onFailed;
    });
    const id = this.nextId++;
    const job: Job = {
      id,
      message: { type: "run", id, module: task.module, exportName: task.exportName, input },
      transfer: options.transfer ?? [],
      budgetMs: options.budgetMs,
      onEvent: options.onEvent,
      timer: null,
      slot: null,
      settle: (result) => {
        if (job.timer) clearTimeout(job.timer);
        job.timer = null;
        if (result.ok) resolve(result.value);
        else reject(result.error);
      },
    };
    // No time at all: answered at once, never queued. A budget of 1 ms raced its timer against a
    // worker that finished a small task first (and a test of "not computed in time" failed on a
    // busy machine); none left is the one budget whose answer does not depend on the clock.
    if (!(options.budgetMs > 0)) {
      job.settle({ ok: true, value: { status: "not-computed-in-time", budgetMs: options.budgetMs, phase: "queued" } });
      return { job, outcome };
    }
    job.timer = setTimeout(() => this.expire(job), options.budgetMs);
    this.queue.push(job);
    this.dispatch();
    return { job, outcome };
  }

  /** Workers running now (for tests and diagnostics). */
  get workerCount(): number {
    return this.slots.length;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((candidate) => candidate.job === null && !candidate.stopped);
      if (!slot) {
        if (this.slots.length >= this.options.size) return;
        slot = this.startWorker();
      }
      const job = this.queue.shift();
      if (!job) return;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      slot.job = job;
      job.slot = slot;
      slot.worker.ref();
      slot.worker.postMessage(job.message, job.transfer);
    }
  }

  private startWorker(): Slot {
    const root = appRoot();
    const { Worker } = workerThreads();
    const worker = new Worker(path.join(root, "lib/workers/ts-worker-bootstrap.mjs"), {
      name: `${this.options.name} worker`,
      workerData: { root, workerMain: new URL(`file://${path.join(root, "lib/workers/worker-main.ts")}`).href },
      resourceLimits: this.options.resourceLimits,
      // The worker's own output goes to the server's, as a request's would.
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, job: null, idleTimer: null, stopped: false };
    worker.on("message", (message: WorkerMessage) => this.receive(slot, message));
    worker.on("error", (error) => this.lose(slot, error));
    worker.on("exit", (code) => this.lose(slot, new Error(`The ${this.options.name} worker stopped (exit code ${code}).`)));
    this.slots.push(slot);
    return slot;
  }

  private receive(slot: Slot, message: WorkerMessage): void {
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    switch (message.type) {
      case "event":
        job.onEvent?.(message.event);
        return;
      case "done":
        this.release(slot);
        job.settle({ ok: true, value: { status: "done", value: message.value } });
        return;
      case "failed":
        this.release(slot);
        job.settle({ ok: false, error: rebuildError(message.error, this.options.name) });
        return;
    }
  }

  /** The slot's job is over: the worker takes the next one, or waits idle (not keeping the process alive). */
  private release(slot: Slot): void {
    slot.job = null;
    this.dispatch();
    if (slot.job !== null || slot.stopped) return;
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => this.stop(slot), this.options.idleMs);
    slot.idleTimer.unref();
  }

  /** The budget ran out: drop the job from the queue, or stop the worker running it. */
  private expire(job: Job): void {
    job.timer = null;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      job.settle({ ok: true, value: { status: "not-computed-in-time", budgetMs: job.budgetMs, phase: "queued" } });
      return;
    }
    const slot = job.slot;
    if (slot && slot.job === job) {
      slot.job = null;
      this.stop(slot);
      job.settle({ ok: true, value: { status: "not-computed-in-time", budgetMs: job.budgetMs, phase: "running" } });
      this.dispatch();
    }
  }

  /**
   * Stops a worker; its place is given to a new one only once its thread has ended. Starting a
   * thread while another tears down a large heap blocked the request thread in `new Worker` for
   * up to 2 s (seen in a CPU profile of the §6 test), which is what this pool is here to prevent.
   */
  private stop(slot: Slot): void {
    if (slot.stopped) return;
    slot.stopped = true;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    const remove = () => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      this.dispatch();
    };
    slot.worker.terminate().then(remove, remove);
  }

  /** The worker failed or exited on its own (out of memory, a crash): its job fails, a new worker takes the queue. */
  private lose(slot: Slot, error: Error): void {
    if (slot.stopped) return;
    const job = slot.job;
    slot.job = null;
    this.stop(slot);
    if (job) job.settle({ ok: false, error: new Error(`The ${this.options.name} worker stopped while running a task: ${error.message}`, { cause: error }) });
    this.dispatch();
  }
}
