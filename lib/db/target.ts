// Which database this process talks to. PostgreSQL when DATABASE_URL is set; otherwise an
// embedded PGlite (PostgreSQL compiled to WASM) under .data/, so the demo needs no server.
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { ClientConfig } from "pg";
import { mkdir } from "node:fs/promises";
import { retryLostReads } from "./retry-lost-reads";
import path from "node:path";

// This module reads no environment itself (lib/env does), so that test set-up can import it
// before pointing the environment at a test database.
export type DatabaseSettings = { DATABASE_URL?: string | undefined; PGLITE_DIR?: string | undefined };

export const DEFAULT_PGLITE_DIR = ".data/pglite";

export function resolvePgliteDir(settings: Pick<DatabaseSettings, "PGLITE_DIR">): string {
  // Resolved against the working directory at run time, not traced by the bundler.
  return path.resolve(/*turbopackIgnore: true*/ settings.PGLITE_DIR ?? DEFAULT_PGLITE_DIR);
}

export type DatabaseTarget =
  | { kind: "postgresql"; url: string }
  | { kind: "pglite"; dataDir: string };

export type DatabaseKind = DatabaseTarget["kind"];

export function resolveDatabaseTarget(config: DatabaseSettings): DatabaseTarget {
  return config.DATABASE_URL
    ? { kind: "postgresql", url: config.DATABASE_URL }
    : { kind: "pglite", dataDir: resolvePgliteDir(config) };
}

export type OpenedAdapter = {
  factory: SqlMigrationAwareDriverAdapterFactory;
  close: () => Promise<void>;
};

export type AdapterOptions = { poolSize?: number; applicationName?: string };

/** Opening a connection: a server that does not answer within this is unavailable (503). */
export const CONNECT_TIMEOUT_MS = 5_000;
/** Waiting for a free pooled connection while every one is busy (a 503 "busy" after this). */
export const POOL_WAIT_MS = 30_000;

/**
 * Opens a driver adapter for the target. PGlite allows one process per data folder, so the
 * caller must `close()` it before another process (the web server) opens the same folder.
 */
export async function openAdapter(target: DatabaseTarget, options: AdapterOptions = {}): Promise<OpenedAdapter> {
  if (target.kind === "postgresql") {
    const [{ PrismaPg }, { default: pg }] = await Promise.all([import("@prisma/adapter-pg"), import("pg")]);
    // Two different waits. Opening a connection fails fast (CONNECT_TIMEOUT_MS) when the server
    // is gone, so requests answer 503 at once; waiting for a free pooled connection while the
    // database is merely busy may take longer (POOL_WAIT_MS): under load a request queues
    // instead of failing. pg-pool uses one setting for both, so the connect timeout is set on
    // the client class.
    class PromptClient extends pg.Client {
      constructor(config?: string | ClientConfig) {
        super({ ...(typeof config === "string" ? { connectionString: config } : config), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
      }
    }
    // The pool is ours, not the adapter's, so that close() ends it: otherwise idle
    // connections keep a script's process alive until they time out.
    const pool = new pg.Pool({
      connectionString: target.url,
      max: options.poolSize ?? 10,
      application_name: options.applicationName,
      Client: PromptClient,
      connectionTimeoutMillis: POOL_WAIT_MS,
      idleTimeoutMillis: 30_000,
    });
    // A connection cut by the server (restart, pg_terminate_backend) surfaces here while idle;
    // the pool drops it and opens a new one on the next query.
    pool.on("error", () => {});
    // A connection in use (inside a transaction) that the server cuts emits "error" too; its
    // query fails and is answered (503), but an unheard "error" event would be an uncaught
    // exception in the server process.
    pool.on("connect", (client) => client.on("error", () => {}));
    return { factory: retryLostReads(new PrismaPg(pool)), close: () => pool.end() };
  }
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  if (!target.dataDir.startsWith("memory://")) await mkdir(target.dataDir, { recursive: true });
  const pglite = await PGlite.create(target.dataDir);
  return {
    factory: new PrismaPGlite(pglite),
    close: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return `embedded PGlite at ${target.dataDir}`;
  const url = new URL(target.url);
  return `PostgreSQL at ${url.hostname}:${url.port || "5432"}${url.pathname}`;
}
