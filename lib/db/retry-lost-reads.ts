// A read whose connection is cut under it (a server restart or fail-over, pg_terminate_backend)
// is run again (at most twice more) on a new connection, so the page that needed it still renders instead of
// failing. Done in the driver adapter, for every query Prisma sends outside a transaction:
// queries inside a transaction go through the transaction's own object and are never repeated
// there (the transaction died with its connection; the caller gets the error and nothing
// committed). A caller whose transaction only reads repeats all of it with `repeatLostRead`.
// Only reads are repeated (SELECT, or WITH … SELECT without INSERT, UPDATE, DELETE or locks): a write whose connection died may or may
// not have committed, and must not run twice. A server that refuses connections is not retried:
// that fails fast as a 503.
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { isLostConnectionError } from "./errors";

const MAX_ATTEMPTS = 3;
const RETRY_PAUSE_MS = 50;

const READ_ONLY = /^\s*(\/\*[\s\S]*?\*\/\s*)*(SELECT|WITH)\b/i;
// A WITH query may hold a data-modifying statement; SELECT … FOR UPDATE takes locks.
const WRITES_OR_LOCKS = /\b(INSERT|UPDATE|DELETE|MERGE)\b|\bFOR\s+(SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\b/i;

export function isRepeatableRead(sql: string): boolean {
  return READ_ONLY.test(sql) && !WRITES_OR_LOCKS.test(sql);
}

/** Runs `read`, and again (at most twice more) when its connection was cut. It must only read. */
export async function repeatLostRead<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isLostConnectionError(error)) throw error;
      // Other pooled connections were usually cut at the same moment: a short pause lets the
      // pool notice and drop them before the read is sent again.
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
  }
}

function retryingAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === "queryRaw") {
        const queryRaw: SqlDriverAdapter["queryRaw"] = async (query) =>
          isRepeatableRead(query.sql) ? repeatLostRead(() => target.queryRaw(query)) : target.queryRaw(query);
        return queryRaw;
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The factory, with every adapter it connects repeating reads whose connection was cut. */
export function retryLostReads(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return new Proxy(factory, {
    get(target, property, receiver) {
      if (property === "connect") return async () => retryingAdapter(await target.connect());
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
