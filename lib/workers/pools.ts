import "server-only";
// The app's worker pools (worker-pool.ts), one per kind of work, so that a long import never
// holds up the dashboards' statistics: kept on globalThis so that `next dev`'s module reloads
// reuse them instead of starting more threads.
import { availableParallelism } from "node:os";
import { env } from "../env";
import { WorkerPool } from "./worker-pool";

type Pools = { statistics: WorkerPool; imports: WorkerPool };

const holder = globalThis as typeof globalThis & { __her2WorkerPools?: Pools };

/** One fewer than the cores, so that the request thread keeps one; at least one. */
export function statisticsPoolSize(): number {
  return env.WORKER_POOL_SIZE ?? Math.max(1, availableParallelism() - 1);
}

function pools(): Pools {
  holder.__her2WorkerPools ??= {
    // Warm for a minute: a worker's start (loading the TypeScript loader and the statistics) takes about a second.
    statistics: new WorkerPool({ name: "statistics", size: statisticsPoolSize(), idleMs: 60_000 }),
    // One import at a time per server (import-slot.ts); its worker's heap is released when it ends,
    // and capped, so that an import that would need more fails instead of growing the server.
    imports: new WorkerPool({ name: "import", size: 1, idleMs: 0, resourceLimits: { maxOldGenerationSizeMb: 1_536 } }),
  };
  return holder.__her2WorkerPools;
}

export function statisticsPool(): WorkerPool {
  return pools().statistics;
}

export function importPool(): WorkerPool {
  return pools().imports;
}
