import "server-only";
// One Prisma client per replica of DATABASE_REPLICA_URL, opened as the primary's is (lib/db/client.ts:
// the same driver adapter, pool size and connection name, and lost reads repeated), so that a
// query behaves the same wherever it runs. Only lib/db/replica-routing.ts uses them.
import { PrismaClient } from "../generated/prisma/client";
import { env } from "../env";
import { describeTarget, openAdapter, type OpenedAdapter } from "./target";

export type Replica = {
  /** Host, port and database: for logs and the admins' health details; never the password. */
  name: string;
  url: string;
};

type Connection = { prisma: PrismaClient; adapter: OpenedAdapter };

// Kept on globalThis, as the primary's client, so that Next's dev-mode reloads reuse the pools.
const holder = globalThis as typeof globalThis & { __her2Replicas?: Map<string, Promise<Connection>> };

/** The configured replicas, in DATABASE_REPLICA_URL's order; empty without a PostgreSQL primary. */
export function listReplicas(): Replica[] {
  if (!env.DATABASE_URL) return [];
  return (env.DATABASE_REPLICA_URL ?? []).map((url) => ({ url, name: describeTarget({ kind: "postgresql", url }).replace(/^PostgreSQL at /, "") }));
}

async function connect(replica: Replica): Promise<Connection> {
  const adapter = await openAdapter({ kind: "postgresql", url: replica.url }, { poolSize: env.DATABASE_POOL_SIZE, applicationName: env.DATABASE_APPLICATION_NAME });
  return { prisma: new PrismaClient({ adapter: adapter.factory }), adapter };
}

export async function getReplicaDb(replica: Replica): Promise<PrismaClient> {
  const connections = (holder.__her2Replicas ??= new Map());
  let pending = connections.get(replica.url);
  if (!pending) {
    pending = connect(replica).catch((error: unknown) => {
      connections.delete(replica.url);
      throw error;
    });
    connections.set(replica.url, pending);
  }
  return (await pending).prisma;
}

/** Closes every replica pool (scripts and tests); the next read reconnects. */
export async function disconnectReplicas(): Promise<void> {
  const connections = holder.__her2Replicas;
  holder.__her2Replicas = undefined;
  if (!connections) return;
  for (const pending of connections.values()) {
    const connection = await pending.catch(() => undefined);
    if (!connection) continue;
    await connection.prisma.$disconnect();
    await connection.adapter.close();
  }
}
