import "server-only";
// Where the dashboards read (issue 17 §1). With DATABASE_REPLICA_URL set, dashboard aggregates,
// filter options and the analysis export read from a hot standby; everything else (writes, the
// case form and list, the audit trail, sign-in and the user check, /api/health) stays on the
// primary through getDb(). Without replicas every call here is getDb() and nothing changes.
//
// A replica is read only while its last check (at most a second old) says it is a hot standby
// (pg_is_in_recovery(): a promoted server has left the cluster it replicated, and nothing that
// writes can run on a standby) replaying within DATABASE_REPLICA_MAX_LAG_SECONDS. One that is
// down, lagging or promoted is skipped with one log line when its state changes, shown to
// administrators in /api/health, checked again every few seconds, and reads go to the primary.
// A read that fails on a replica because it went away is run again on the primary.
//
// Read-your-writes: after a user's own write (a case saved, deleted or imported), the primary's
// WAL position is remembered for that user in this app server; their dashboard reads go to the
// primary until a replica has replayed past it, or for at most the lag bound (by then any replica
// within the bound has replayed it). Other users see the change within the replica's lag. The
// memory is per app server: behind a round-robin balancer, another server may send the user's
// next dashboard to a replica that is up to the replica's lag behind (docs/operations.md §3).
import type { SessionUser } from "../auth/roles";
import { env } from "../env";
import { getDb, type Db } from "./client";
import { isDatabaseUnavailableError } from "./errors";
import { chooseReader, classifyReplica, type OwnWrite, type ReplicaStatus } from "./replica-choice";
import { readPrimaryLsn, readReplicaState } from "./replica-health";
import { getReplicaDb, listReplicas, type Replica } from "./replicas";
import { withTimeout } from "./with-timeout";

/** A usable replica's state (its replayed position) is checked again when older than this. */
const USABLE_CHECK_MS = 1_000;
/** A replica that is down, lagging or promoted is checked again after this. */
const SKIPPED_CHECK_MS = 5_000;
/** A check that takes longer than this counts as the replica being down. */
const CHECK_TIMEOUT_MS = 1_500;

type TrackedReplica = {
  replica: Replica;
  status: ReplicaStatus;
  checkedAt: number;
  checking: Promise<void> | null;
  reads: number;
};

type Routing = { replicas: TrackedReplica[]; ownWrites: Map<string, OwnWrite>; turn: number; primaryReads: number };

const KEY = Symbol.for("her2.replica-routing");

function routing(): Routing {
  const holder = globalThis as typeof globalThis & { [KEY]?: Routing };
  holder[KEY] ??= {
    replicas: listReplicas().map((replica) => ({ replica, status: { kind: "unchecked" }, checkedAt: 0, checking: null, reads: 0 })),
    ownWrites: new Map(),
    turn: 0,
    primaryReads: 0,
  };
  return holder[KEY];
}

function describeStatus(status: ReplicaStatus): string {
  switch (status.kind) {
    case "usable":
      return `in use (${status.lagSeconds.toFixed(1)} s behind)`;
    case "lagging":
      return `lagging ${status.lagSeconds.toFixed(1)} s (bound ${env.DATABASE_REPLICA_MAX_LAG_SECONDS} s)`;
    case "not-standby":
      return "not a hot standby (promoted, or not a replica)";
    case "down":
      return `unreachable (${status.error})`;
    case "unchecked":
      return "not checked yet";
  }
}

function setStatus(tracked: TrackedReplica, status: ReplicaStatus): void {
  const wasUsable = tracked.status.kind === "usable";
  const changed = tracked.status.kind !== status.kind;
  tracked.status = status;
  tracked.checkedAt = Date.now();
  if (!changed) return;
  if (status.kind === "usable") {
    console.info(`Replica ${tracked.replica.name} ${describeStatus(status)}: dashboard reads go to it.`);
  } else if (wasUsable || status.kind !== "unchecked") {
    console.warn(`Replica ${tracked.replica.name} skipped: ${describeStatus(status)}; its dashboard reads go to the primary.`);
  }
}

/** The error's class and the reason's code only: connection strings never reach a log line or a response. */
function summarizeError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const texts: string[] = [];
  for (let link: unknown = error, depth = 0; link && depth < 6; depth += 1, link = (link as { cause?: unknown }).cause) {
    if (typeof link !== "object") break;
    const { message, code, originalCode, kind, meta } = link as { message?: unknown; code?: unknown; originalCode?: unknown; kind?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };
    texts.push(...[message, originalCode, code, kind, meta?.driverAdapterError?.cause?.kind].filter((text): text is string => typeof text === "string"));
  }
  const reason = /DatabaseNotReachable|ConnectionClosed|SocketTimeout|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|no answer within \d+ ms|timeout|terminating connection|Connection terminated|cannot connect to server|query_wait_timeout|\b(08\w{3}|57P0\d|53300)\b/i.exec(texts.join(" "))?.[0];
  return reason ? `${error.name}: ${reason}` : error.name;
}

function checkReplica(tracked: TrackedReplica): Promise<void> {
  tracked.checking ??= (async () => {
    try {
      const db = await getReplicaDb(tracked.replica);
      setStatus(tracked, classifyReplica(await withTimeout(readReplicaState(db), CHECK_TIMEOUT_MS), env.DATABASE_REPLICA_MAX_LAG_SECONDS));
    } catch (error) {
      setStatus(tracked, { kind: "down", error: summarizeError(error) });
    } finally {
      tracked.checking = null;
    }
  })();
  return tracked.checking;
}

/**
 * Brings the replicas' states up to date for a read: a usable (or never checked) replica whose
 * state is over a second old is checked before the read, bounded by CHECK_TIMEOUT_MS, so that its
 * replayed position is current; a skipped one is checked in the background, and meanwhile its
 * reads go to the primary at no extra wait.
 */
async function refreshReplicas(now: number): Promise<void> {
  const waits: Promise<void>[] = [];
  for (const tracked of routing().replicas) {
    const usable = tracked.status.kind === "usable" || tracked.status.kind === "unchecked";
    if (now - tracked.checkedAt < (usable ? USABLE_CHECK_MS : SKIPPED_CHECK_MS)) continue;
    const check = checkReplica(tracked);
    if (usable) waits.push(check);
  }
  await Promise.all(waits);
}

type Reader = { db: Db; replica: TrackedReplica | null };

async function chooseAnalyticsReader(user: Pick<SessionUser, "id">): Promise<Reader> {
  const state = routing();
  if (state.replicas.length === 0) return { db: await getDb(), replica: null };
  const now = Date.now();
  await refreshReplicas(now);
  const ownWrite = state.ownWrites.get(user.id);
  if (ownWrite && now >= ownWrite.until) state.ownWrites.delete(user.id);
  state.turn = (state.turn + 1) % 1_000_000;
  const choice = chooseReader(
    state.replicas.map((tracked) => tracked.status),
    ownWrite,
    now,
    state.turn,
  );
  const replica = choice.target === "replica" ? state.replicas[choice.index] : undefined;
  if (!replica) {
    state.primaryReads += 1;
    return { db: await getDb(), replica: null };
  }
  replica.reads += 1;
  return { db: await getReplicaDb(replica.replica), replica };
}

/** A hot standby cancels a query that conflicts with replaying the primary's changes: the primary can answer it. */
function isRecoveryConflict(error: unknown): boolean {
  return error instanceof Error && /conflict with recovery/i.test(error.message);
}

/**
 * Runs a read of the dashboards or the analysis export on a replica when one may serve `user`,
 * else on the primary; on a replica that goes away during the read, runs it again on the primary.
 * `read` must only read: it may run twice, and on a server that refuses writes.
 */
export async function readForAnalysis<T>(user: Pick<SessionUser, "id">, read: (db: Db) => Promise<T>): Promise<T> {
  const reader = await chooseAnalyticsReader(user);
  if (!reader.replica) return read(reader.db);
  try {
    return await read(reader.db);
  } catch (error) {
    if (!isDatabaseUnavailableError(error) && !isRecoveryConflict(error)) throw error;
    if (isDatabaseUnavailableError(error)) setStatus(reader.replica, { kind: "down", error: summarizeError(error) });
    routing().primaryReads += 1;
    return read(await getDb());
  }
}

/**
 * Remembers the user's write that has just committed on the primary, so that their own dashboards
 * read it (see the top of this file). Never fails the write: without the position, the user's
 * reads stay on the primary for the whole lag bound.
 */
export async function rememberOwnWrite(user: Pick<SessionUser, "id">): Promise<void> {
  const state = routing();
  if (state.replicas.length === 0) return;
  const until = Date.now() + env.DATABASE_REPLICA_MAX_LAG_SECONDS * 1_000;
  let lsn: string | null = null;
  try {
    lsn = await readPrimaryLsn(await getDb());
  } catch {
    // The write committed; only its position is unknown.
  }
  state.ownWrites.set(user.id, { lsn, until });
  if (state.ownWrites.size > 10_000) {
    const now = Date.now();
    for (const [id, write] of state.ownWrites) if (write.until <= now) state.ownWrites.delete(id);
  }
}

export type ReplicaHealth = {
  name: string;
  status: "in use" | "lagging" | "down" | "not a standby" | "not checked";
  lagSeconds: number | null;
  detail: string;
  /** Dashboard and export reads this app server sent to it since it started. */
  reads: number;
};

export type ReplicaRoutingHealth = { maxLagSeconds: number; primaryReads: number; replicas: ReplicaHealth[] } | null;

const STATUS_NAMES: Record<ReplicaStatus["kind"], ReplicaHealth["status"]> = {
  usable: "in use",
  lagging: "lagging",
  down: "down",
  "not-standby": "not a standby",
  unchecked: "not checked",
};

/** Every replica checked now (for /api/health's administrator details); null without replicas. */
export async function checkReplicaRouting(): Promise<ReplicaRoutingHealth> {
  const state = routing();
  if (state.replicas.length === 0) return null;
  await Promise.all(state.replicas.map((tracked) => checkReplica(tracked)));
  return {
    maxLagSeconds: env.DATABASE_REPLICA_MAX_LAG_SECONDS,
    primaryReads: state.primaryReads,
    replicas: state.replicas.map(({ replica, status, reads }) => ({
      name: replica.name,
      status: STATUS_NAMES[status.kind],
      lagSeconds: status.kind === "usable" || status.kind === "lagging" ? Math.round(status.lagSeconds * 1_000) / 1_000 : null,
      detail: describeStatus(status),
      reads,
    })),
  };
}
