// The entry file of every worker thread of lib/workers/worker-pool.ts. Worker threads start
// without the TypeScript loader the app runs under (Next's bundle, tsx or Vitest), so this
// plain module registers tsx's loader in the thread, then imports the TypeScript worker loop
// (worker-main.ts), which imports the task modules by path.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.workerMain);
