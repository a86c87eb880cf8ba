// Which database serves one dashboard read, decided from what the app last learnt of each
// replica and of the user's own writes. Pure: lib/db/replica-routing.ts feeds it and acts on it.
import { hasReplayedPast } from "./lsn";
import type { ReplicaState } from "./replica-health";

export type ReplicaStatus =
  | { kind: "usable"; replayLsn: string; lagSeconds: number }
  | { kind: "lagging"; lagSeconds: number }
  | { kind: "not-standby" }
  | { kind: "down"; error: string }
  | { kind: "unchecked" };

/** What a replica's check says about reading from it. */
export function classifyReplica(state: ReplicaState, maxLagSeconds: number): ReplicaStatus {
  if (!state.inRecovery || state.replayLsn === null) return { kind: "not-standby" };
  const lagSeconds = state.lagSeconds ?? 0;
  if (lagSeconds > maxLagSeconds) return { kind: "lagging", lagSeconds };
  return { kind: "usable", replayLsn: state.replayLsn, lagSeconds };
}

/**
 * A user's own write: the primary's WAL position after it committed (null when that could not be
 * read), and the moment after which it no longer matters (a replica within the lag bound has
 * replayed it by then).
 */
export type OwnWrite = { lsn: string | null; until: number };

export type ReadChoice =
  | { target: "replica"; index: number }
  | { target: "primary"; reason: "no usable replica" | "own write not replayed yet" };

/**
 * The replica to read from, or the primary: only replicas that are hot standbys within the lag
 * bound, and, while the user's own write is recent, only those that have replayed past it.
 * `turn` spreads reads over the usable replicas.
 */
export function chooseReader(replicas: readonly ReplicaStatus[], ownWrite: OwnWrite | undefined, now: number, turn: number): ReadChoice {
  const usable = replicas.flatMap((status, index) => (status.kind === "usable" ? [{ index, replayLsn: status.replayLsn }] : []));
  if (usable.length === 0) return { target: "primary", reason: "no usable replica" };
  const pending = ownWrite !== undefined && now < ownWrite.until ? ownWrite : undefined;
  const caughtUp = pending ? usable.filter((replica) => pending.lsn !== null && hasReplayedPast(replica.replayLsn, pending.lsn)) : usable;
  const chosen = caughtUp[turn % Math.max(1, caughtUp.length)];
  return chosen ? { target: "replica", index: chosen.index } : { target: "primary", reason: "own write not replayed yet" };
}
