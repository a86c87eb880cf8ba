import "server-only";
// The postgres.js client (the `postgres` package), for what Prisma's driver adapter does not do
// well on a PostgreSQL server (issue 17 §6): bulk `COPY … FROM STDIN` (the import commit),
// server-side cursors for exports read in bounded memory, and small operational queries (a
// replica's recovery state and replay LSN). Prisma stays the ORM; this module owns the
// postgres.js pools: one per database server (the primary, and each replica URL a caller asks
// for), each of DATABASE_BULK_POOL_SIZE connections, so that a server sees at most
// DATABASE_POOL_SIZE (Prisma) + DATABASE_BULK_POOL_SIZE connections from one app server
// (docs/operations.md, "Connection budget"). The embedded PGlite has no server to connect to:
// there `getPrimarySql()` is null and callers keep their Prisma path.
import postgres from "postgres";
import { env } from "../env";
import { CONNECT_TIMEOUT_MS } from "./target";

export type Sql = postgres.Sql;

// Kept on globalThis so that Next's dev-mode module reloads reuse the pools.
const holder = globalThis as typeof globalThis & { __her2PostgresPools?: Map<string, Sql> };

function pools(): Map<string, Sql> {
  holder.__her2PostgresPools ??= new Map();
  return holder.__her2PostgresPools;
}

function openPool(url: string): Sql {
  return postgres(url, {
    max: env.DATABASE_BULK_POOL_SIZE,
    connect_timeout: CONNECT_TIMEOUT_MS / 1000,
    idle_timeout: 30,
    // Exports and imports run statements once; no prepared-statement cache, which also keeps
    // this pool usable behind PgBouncer in transaction mode.
    prepare: false,
    onnotice: () => {},
    connection: { application_name: `${env.DATABASE_APPLICATION_NAME}-bulk` },
  });
}

/** The pool of the database server at `url`, opened on first use. */
export function getSqlFor(url: string): Sql {
  const existing = pools().get(url);
  if (existing) return existing;
  const sql = openPool(url);
  pools().set(url, sql);
  return sql;
}

/** The primary's postgres.js pool, or null on the embedded PGlite (no server). */
export function getPrimarySql(): Sql | null {
  return env.DATABASE_URL ? getSqlFor(env.DATABASE_URL) : null;
}

/** Ends every pool (scripts and tests, before exit); the next call opens them again. */
export async function closePostgresPools(): Promise<void> {
  const open = [...pools().values()];
  pools().clear();
  await Promise.all(open.map((sql) => sql.end({ timeout: 5 })));
}
