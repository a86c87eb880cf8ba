import "server-only";
// The checks the replica routing makes (lib/db/replica-routing.ts), through the Prisma clients
// the app already holds: where the primary's write-ahead log is, and, on a replica, whether it is
// a hot standby, how far it has replayed, and how far behind that is. Two small queries, each
// answered from shared memory, run at most once a second per replica.

type Executor = { $queryRawUnsafe: <T>(query: string, ...values: unknown[]) => Promise<T> };

export type ReplicaState = {
  /** pg_is_in_recovery(): a hot standby. A promoted or ordinary server is never read as a replica. */
  inRecovery: boolean;
  /** pg_last_wal_replay_lsn(): every change up to here is visible on the replica; null when not in recovery. */
  replayLsn: string | null;
  /**
   * Seconds since the last transaction it replayed committed on the primary, or 0 when it has
   * replayed everything it received (an idle primary sends nothing, and the standby is current).
   * The usual replay-lag measure (PostgreSQL wiki, "Streaming replication monitoring").
   */
  lagSeconds: number | null;
};

export async function readReplicaState(db: Executor): Promise<ReplicaState> {
  const rows = await db.$queryRawUnsafe<{ in_recovery: boolean; replay_lsn: string | null; lag_seconds: number | null }[]>(
    `SELECT pg_is_in_recovery() AS in_recovery,
            pg_last_wal_replay_lsn()::text AS replay_lsn,
            CASE WHEN NOT pg_is_in_recovery() THEN NULL
                 WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
                 ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8 AS lag_seconds`,
  );
  const row = rows[0];
  if (!row) throw new Error("The replica check returned no row");
  return { inRecovery: row.in_recovery, replayLsn: row.replay_lsn, lagSeconds: row.lag_seconds };
}

/** The primary's current write position: at or past the commit of every write it has acknowledged. */
export async function readPrimaryLsn(db: Executor): Promise<string> {
  const rows = await db.$queryRawUnsafe<{ lsn: string }[]>(`SELECT pg_current_wal_lsn()::text AS lsn`);
  const lsn = rows[0]?.lsn;
  if (!lsn) throw new Error("pg_current_wal_lsn() returned nothing");
  return lsn;
}
