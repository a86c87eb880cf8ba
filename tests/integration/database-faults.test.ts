// The fast part of the fault suite (product.md §8), safe on the shared PostgreSQL server: only
// this test file's own connections are cut (found by the application_name the app's pool sets
// from DATABASE_APPLICATION_NAME), never anyone else's. A cut connection, between requests or in
// the middle of a write, gives a clear 503 (or a transparent reconnect), writes nothing half, and
// the app recovers without a restart. The full suite (a private server stopped and restarted,
// SIGKILLed app servers) is `npm run test:faults` (scripts/test/faults.ts).
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PATCH as patchCase } from "../../app/api/cases/[id]/route";
import { POST as postCase } from "../../app/api/cases/route";
import type { SessionUser } from "../../lib/auth/roles";
import { createCase } from "../../lib/cases/create-case";
import { deleteCase } from "../../lib/cases/delete-case";
import { getCase } from "../../lib/cases/get-case";
import { importCases } from "../../lib/cases/import-cases";
import { SqlParameters } from "../../lib/analytics/filter-sql";
import { runAggregateQuery } from "../../lib/analytics/run-query";
import { getDb } from "../../lib/db/client";
import { isDatabaseUnavailableError } from "../../lib/db/errors";
import { openAdapter } from "../../lib/db/target";
import { PrismaClient } from "../../lib/generated/prisma/client";
import { checkHealth } from "../../lib/health/check-health";
import { errorResponse } from "../../lib/http/error-response";
import { parseCase, rawCase, updateFrom } from "../support/case-inputs";
import { checksumTables } from "../support/database-checksum";
import { createFixture, type Fixture } from "../support/fixtures";
import { syntheticImportFiles } from "../support/synthetic-import";

const state = vi.hoisted(() => {
  const applicationName = `her2-faults-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  process.env.DATABASE_APPLICATION_NAME = applicationName;
  return { applicationName, session: null as { user: SessionUser & { signedInAt: number } } | null };
});

vi.mock("../../lib/auth/auth", () => ({ auth: async () => state.session }));

let fx: Fixture;
let admin: pg.Client;
// Holds the locks that stop the app inside its transaction. Apart from `admin`, which watches and
// cuts the app's connections: a session reads pg_stat_activity once per transaction (a snapshot
// kept until it ends), so polled from inside the locking transaction it would never see the app
// start to wait, nor a connection opened after its first look.
let locker: pg.Client;

const ORIGIN = "http://localhost:3000";
// Embedded PGlite runs in this process: it has no connections to cut, so these scenarios run
// only when the integration tests have a PostgreSQL server (as CI does).
const isPostgres = () => Boolean(process.env.DATABASE_URL);

beforeAll(async () => {
  fx = await createFixture("faults");
  state.session = { user: { ...fx.coordinatorA, signedInAt: Date.now() } };
  if (!isPostgres()) return;
  admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await locker.connect();
});

// A test that failed while holding a lock must not leave the next ones waiting on it (outside a
// transaction ROLLBACK only warns).
afterEach(async () => {
  if (locker) await locker.query("ROLLBACK");
});

afterAll(async () => {
  await admin?.end();
  await locker?.end();
});

// The app's connections: Prisma's pool carries the application name, and postgres.js's pool (the
// import's COPY transaction, lib/db/postgres-client.ts) the same name with a suffix.
const APP_CONNECTION = "(application_name = $1 OR application_name LIKE $1 || '-%')";

/** Ends every connection this file's app pools hold; returns how many. */
async function cutAppConnections(): Promise<number> {
  const { rows } = await admin.query<{ ended: boolean }>(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE ${APP_CONNECTION} AND datname = current_database() AND pid <> pg_backend_pid()`,
    [state.applicationName],
  );
  return rows.filter((row) => row.ended).length;
}

function jsonRequest(method: string, path: string, body: unknown): Request {
  return new Request(`${ORIGIN}${path}`, { method, headers: { origin: ORIGIN, "content-type": "application/json" }, body: JSON.stringify(body) });
}

async function patch(id: number, body: unknown): Promise<Response> {
  return patchCase(jsonRequest("PATCH", `/api/cases/${id}`, body), { params: Promise.resolve({ id: String(id) }) });
}

describe.runIf(isPostgres())("a cut database connection", () => {
  it("between requests: the next request reconnects (or answers 503) and the one after succeeds", async () => {
    const post = (body: unknown) => postCase(jsonRequest("POST", "/api/cases", body), undefined as never);
    expect((await post(rawCase({ patient: { studyId: `FAULT-${fx.siteA.code}-0001` } }))).status).toBe(201);
    expect(await cutAppConnections()).toBeGreaterThan(0);
    const next = await post(rawCase({ patient: { studyId: `FAULT-${fx.siteA.code}-0002` } }));
    expect([201, 503]).toContain(next.status);
    const after = await post(rawCase({ patient: { studyId: `FAULT-${fx.siteA.code}-0003` } }));
    expect(after.status).toBe(201);
    expect((await checkHealth()).status).toBe("ok");
  });

  it("in the middle of a case save: 503 with a reason and Retry-After, nothing written, and the retry saves", async () => {
    const created = await createCase(fx.coordinatorA, parseCase(rawCase({ patient: { studyId: `FAULT-${fx.siteA.code}-0100` } })));
    const detail = await getCase(fx.coordinatorA, created.id);
    const edit = updateFrom(detail, "Fault test", (raw) => Object.assign(raw.patient, { grade: 3 }));

    // Another session holds the patient's row lock, so the app's save waits inside its transaction.
    await locker.query("BEGIN");
    await locker.query("SELECT id FROM patients WHERE id = $1 FOR UPDATE", [created.id]);
    const before = await checksumTables();
    const started = performance.now();
    const saving = patch(created.id, edit);
    await waitFor(async () => {
      const { rows } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE ${APP_CONNECTION} AND wait_event_type = 'Lock'`, [state.applicationName]);
      return rows.length > 0;
    });
    expect(await cutAppConnections()).toBeGreaterThan(0);
    const response = await saving;
    const elapsed = performance.now() - started;
    await locker.query("ROLLBACK");

    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/database is not reachable/i) });
    expect(elapsed).toBeLessThan(5_000);
    expect(await checksumTables()).toEqual(before);

    const retried = await patch(created.id, edit);
    expect(retried.status).toBe(200);
    expect(await getCase(fx.coordinatorA, created.id)).toMatchObject({ grade: 3, version: 2 });
    const db = await getDb();
    expect(await db.auditEvent.count({ where: { entity: "PATIENT", entityId: String(created.id), action: "UPDATE", reason: "Fault test" } })).toBe(1);
  });

  it("during an import's transaction: nothing of the import remains, and the error is a 503", async () => {
    const db = await getDb();
    const files = syntheticImportFiles({ patients: 500, seed: 5, siteCode: fx.siteA.code, prefix: "FIMP" });
    const before = await checksumTables();
    // Another session blocks inserts into the audit trail, so the import stops inside its
    // transaction after writing its patients, tests and lines: the connection is cut there.
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE audit_events IN SHARE MODE");
    const importing = importCases(fx.coordinatorA, files, { mode: "create", dryRun: false }).then(() => null, (caught: unknown) => caught);
    await waitFor(async () => {
      const { rows } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE ${APP_CONNECTION} AND wait_event_type = 'Lock'`, [state.applicationName]);
      return rows.length > 0;
    }, 30_000);
    const cut = await cutAppConnections();
    const error = await importing;
    await locker.query("ROLLBACK");
    expect(cut).toBeGreaterThan(0);
    expect(error, "the import must fail when its connection is cut").not.toBeNull();
    expect(errorResponse(error).status).toBe(503);
    expect(await db.patient.count({ where: { studyId: { startsWith: "FIMP-" } } })).toBe(0);
    expect(await checksumTables()).toEqual(before);
  });
});

describe.runIf(isPostgres())("a dashboard read cut in the middle", () => {
  it("is run again on a new connection, also when it runs in a transaction for a planner setting", async () => {
    for (const indexesInMemory of [false, true]) {
      // A read slow enough to be cut while PostgreSQL works on it.
      const read = runAggregateQuery<{ n: number }>({ id: "fault-test" }, "SELECT 1 AS n FROM pg_sleep(0.6)", new SqlParameters(), { indexesInMemory });
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await cutAppConnections(), `connections cut (indexesInMemory ${indexesInMemory})`).toBeGreaterThan(0);
      await expect(read).resolves.toEqual([{ n: 1 }]);
    }
  });
});

describe("an unreachable database server", () => {
  it("is recognised as unavailable (503) within the connection timeout, not as a 500", async () => {
    const adapter = await openAdapter({ kind: "postgresql", url: "postgresql://postgres@127.0.0.1:1/nowhere" }, { applicationName: state.applicationName });
    const prisma = new PrismaClient({ adapter: adapter.factory });
    const started = performance.now();
    const error = await prisma.$queryRaw`SELECT 1`.then(() => null, (caught: unknown) => caught);
    const elapsed = performance.now() - started;
    await prisma.$disconnect();
    await adapter.close();
    expect(isDatabaseUnavailableError(error)).toBe(true);
    const response = errorResponse(error);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(elapsed).toBeLessThan(6_000);
  });
});

describe("a write and its audit event are one transaction", () => {
  // A trigger on this file's own database refuses every audit insert, as a full disk or a broken
  // audit trail would: no clinical write may survive without its event.
  async function withAuditRefused(work: () => Promise<unknown>): Promise<void> {
    const db = await getDb();
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_all_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused for the test'; END; $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_all_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_all_audit()`);
    try {
      const before = await checksumTables();
      await expect(work()).rejects.toThrow();
      expect(await checksumTables()).toEqual(before);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_all_audit ON audit_events`);
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_all_audit()`);
    }
  }

  it("a new case is not kept without its events", async () => {
    await withAuditRefused(() => createCase(fx.coordinatorA, parseCase(rawCase({ patient: { studyId: `FAULT-${fx.siteA.code}-0200` } }))));
  });

  it("a deletion is not kept without its event", async () => {
    const created = await createCase(fx.coordinatorA, parseCase(rawCase({ patient: { studyId: `FAULT-${fx.siteA.code}-0201` } })));
    await withAuditRefused(() => deleteCase(fx.coordinatorA, created.id, { version: 1, reason: "No audit" }));
  });

  it("an import is not kept without its events", async () => {
    const files = syntheticImportFiles({ patients: 20, seed: 9, siteCode: fx.siteA.code, prefix: "FAUD" });
    await withAuditRefused(() => importCases(fx.coordinatorA, files, { mode: "create", dryRun: false }));
  });

  it("and with the audit trail working, every row written has its event", async () => {
    const db = await getDb();
    const created = await createCase(fx.coordinatorA, parseCase(rawCase({ patient: { studyId: `FAULT-${fx.siteA.code}-0202` } })));
    const tests = await db.her2Test.findMany({ where: { patientId: created.id }, select: { id: true } });
    const lines = await db.treatmentLine.findMany({ where: { patientId: created.id }, select: { id: true } });
    expect(await db.auditEvent.count({ where: { entity: "PATIENT", entityId: String(created.id), action: "CREATE" } })).toBe(1);
    for (const test of tests) expect(await db.auditEvent.count({ where: { entity: "HER2_TEST", entityId: String(test.id), action: "CREATE" } })).toBe(1);
    for (const line of lines) expect(await db.auditEvent.count({ where: { entity: "TREATMENT_LINE", entityId: String(line.id), action: "CREATE" } })).toBe(1);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("condition not met in time");
}
