// Replica routing against a real PostgreSQL server (issue 17 §1). The full picture, with a real
// hot standby, PgBouncer and a fail-over, is `npm run test:replica` (scripts/test/replica.ts);
// here the parts that need no second server: the WAL positions read-your-writes compares, and
// two configured "replicas" that must both be skipped, with reads on the primary: the test's own
// database (a primary, not in recovery: never read as a replica, since it would accept writes)
// and a port where nothing listens (down).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Fixture } from "../support/fixtures";

const isPostgres = Boolean(process.env.DATABASE_URL);
// Before lib/env is first imported (below): the routing reads its replicas from there.
if (isPostgres) process.env.DATABASE_REPLICA_URL = `${process.env.DATABASE_URL}, postgresql://postgres@127.0.0.1:1/nowhere`;

const [{ getDb }, { readPrimaryLsn, readReplicaState }, { hasReplayedPast }, routing, { runAggregateQuery }, { SqlParameters }, { createCase }, { createFixture }, { rawCase, parseCase }, { disconnectReplicas }, { checkHealth }] = await Promise.all([
  import("../../lib/db/client"),
  import("../../lib/db/replica-health"),
  import("../../lib/db/lsn"),
  import("../../lib/db/replica-routing"),
  import("../../lib/analytics/run-query"),
  import("../../lib/analytics/filter-sql"),
  import("../../lib/cases/create-case"),
  import("../support/fixtures"),
  import("../support/case-inputs"),
  import("../../lib/db/replicas"),
  import("../../lib/health/check-health"),
]);

let fx: Fixture;
beforeAll(async () => {
  fx = await createFixture("replica");
});
afterAll(async () => {
  await disconnectReplicas();
});

describe.runIf(isPostgres)("read-your-writes positions on PostgreSQL", () => {
  it("moves the primary's WAL position past a user's write, and compares positions as PostgreSQL does", async () => {
    const db = await getDb();
    const before = await readPrimaryLsn(db);
    await createCase(fx.coordinatorA, parseCase(rawCase()));
    const after = await readPrimaryLsn(db);
    expect(hasReplayedPast(after, before)).toBe(true);
    expect(hasReplayedPast(before, after)).toBe(false);
    const pairs = [[before, after], [after, before], [after, after], ["1/0", "0/FFFFFFFF"], ["0/A0", "0/9F"], ["A/1", "9/FFFFFFFF"]] as const;
    for (const [replayed, target] of pairs) {
      const [row] = await db.$queryRawUnsafe<{ past: boolean }[]>("SELECT $1::pg_lsn >= $2::pg_lsn AS past", replayed, target);
      expect(hasReplayedPast(replayed, target), `${replayed} >= ${target}`).toBe(row?.past);
    }
  });

  it("sees a primary as no standby", async () => {
    const state = await readReplicaState(await getDb());
    expect(state).toEqual({ inRecovery: false, replayLsn: null, lagSeconds: null });
  });
});

describe.runIf(isPostgres)("replicas that may not be read", () => {
  it("are skipped: dashboard reads and a user's reads after their write run on the primary, and administrators see why", async () => {
    const started = performance.now();
    const rows = await runAggregateQuery<{ recovery: boolean; n: number }>(fx.investigator, "SELECT pg_is_in_recovery() AS recovery, count(*)::int AS n FROM sites", new SqlParameters());
    expect(rows).toEqual([{ recovery: false, n: expect.any(Number) }]);
    // The unreachable one refuses at once; the check is bounded at 1.5 s in any case.
    expect(performance.now() - started).toBeLessThan(5_000);
    await createCase(fx.coordinatorA, parseCase(rawCase()));
    await routing.readForAnalysis(fx.coordinatorA, async (db) => expect(await readReplicaState(db)).toMatchObject({ inRecovery: false }));

    const report = await routing.checkReplicaRouting();
    expect(report?.replicas.map((replica) => replica.status)).toEqual(["not a standby", "down"]);
    expect(report?.replicas.every((replica) => replica.reads === 0)).toBe(true);
    expect(report?.primaryReads).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(report)).not.toContain("postgresql://");
    const health = await checkHealth();
    expect(health.status).toBe("ok");
    expect(health.replicas?.replicas[1]).toMatchObject({ name: "127.0.0.1:1/nowhere", status: "down" });
  });

  it("never turn a failed read into a replica fallback when the query itself is wrong", async () => {
    await expect(runAggregateQuery(fx.investigator, "SELECT no_such_column FROM sites", new SqlParameters())).rejects.toThrow(/no_such_column/);
  });
});
