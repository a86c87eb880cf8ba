import "server-only";
// The one module that creates the Prisma client. Callers use `getDb()` and never learn
// whether it runs on PostgreSQL or on the embedded PGlite database.
import { PrismaClient } from "../generated/prisma/client";
import { env } from "../env";
import { closePostgresPools } from "./postgres-client";
import { openAdapter, resolveDatabaseTarget, type DatabaseKind, type OpenedAdapter } from "./target";

type Connection = { prisma: PrismaClient; adapter: OpenedAdapter; kind: DatabaseKind };

// Kept on globalThis so that Next's dev-mode module reloads reuse one pool (and one PGlite).
const holder = globalThis as typeof globalThis & { __her2Db?: Promise<Connection> };

async function connect(): Promise<Connection> {
  const target = resolveDatabaseTarget(env);
  const adapter = await openAdapter(target, { poolSize: env.DATABASE_POOL_SIZE, applicationName: env.DATABASE_APPLICATION_NAME });
  const prisma = new PrismaClient({ adapter: adapter.factory });
  return { prisma, adapter, kind: target.kind };
}

export type Db = PrismaClient;

export async function getDb(): Promise<PrismaClient> {
  holder.__her2Db ??= connect().catch((error: unknown) => {
    holder.__her2Db = undefined;
    throw error;
  });
  return (await holder.__her2Db).prisma;
}

export function getDatabaseKind(): DatabaseKind {
  return resolveDatabaseTarget(env).kind;
}

/** Closes the pools (Prisma's, postgres.js's) and PGlite; the next `getDb()` reconnects. */
export async function disconnectDb(): Promise<void> {
  await closePostgresPools();
  const pending = holder.__her2Db;
  holder.__her2Db = undefined;
  if (!pending) return;
  const connection = await pending.catch(() => undefined);
  if (!connection) return;
  await connection.prisma.$disconnect();
  await connection.adapter.close();
}
