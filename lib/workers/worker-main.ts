// The loop of a worker thread of the pool (loaded by ts-worker-bootstrap.mjs): runs one task at a
// time, as the pool sends them, and answers with its result or its error. Task modules are
// imported by path once and kept; the paths come from the code (WorkerTask), never from input.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import type { RunMessage, SerializedError, TaskContext, WorkerMessage } from "./worker-task";

type TaskModule = Record<string, unknown>;

const root: string = (workerData as { root: string }).root;
const modules = new Map<string, Promise<TaskModule>>();

function loadModule(module: string): Promise<TaskModule> {
  let loaded = modules.get(module);
  if (!loaded) {
    loaded = import(pathToFileURL(path.resolve(root, module)).href) as Promise<TaskModule>;
    modules.set(module, loaded);
  }
  return loaded;
}

/** An error as plain data: structured clone keeps only an Error's name and message, not an AppError's code and fields. */
function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { code, fields, details, retryAfterSeconds } = error as Error & Partial<Record<"code" | "fields" | "details" | "retryAfterSeconds", unknown>>;
  return { name: error.name, message: error.message, code, fields, details, retryAfterSeconds };
}

function post(message: WorkerMessage, transfer?: ArrayBuffer[]): void {
  parentPort?.postMessage(message, transfer);
}

async function run(message: RunMessage): Promise<void> {
  const context: TaskContext = { emit: (event, transfer) => post({ type: "event", id: message.id, event }, transfer) };
  try {
    const task = (await loadModule(message.module))[message.exportName];
    if (typeof task !== "function") throw new Error(`${message.module} has no function ${message.exportName}`);
    const value: unknown = await (task as (input: unknown, context: TaskContext) => unknown)(message.input, context);
    post({ type: "done", id: message.id, value });
  } catch (error) {
    post({ type: "failed", id: message.id, error: serializeError(error) });
  }
}

parentPort?.on("message", (message: RunMessage) => {
  void run(message);
});
