// The audit trail for administrators (issue 4 §3): everything, newest first, filtered and paginated.
import { beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "../../lib/audit/list-audit-events";
import { AUDIT_PAGE_SIZE, AuditQuerySchema } from "../../lib/audit/schemas";
import { getDb } from "../../lib/db/client";
import { expectAppError } from "../support/app-error";
import { createFixture, type Fixture } from "../support/fixtures";

let fixture: Fixture;

beforeAll(async () => {
  fixture = await createFixture("audit");
  const db = await getDb();
  // 60 sign-ins by the coordinator through March 2026, one a day apart, then other kinds of event.
  const start = Date.parse("2026-03-01T08:00:00.000Z");
  await db.auditEvent.createMany({
    data: Array.from({ length: 60 }, (_, index) => ({
      at: new Date(start + index * 12 * 60 * 60 * 1000),
      userId: fixture.coordinatorA.id,
      userEmail: fixture.coordinatorA.email,
      siteId: fixture.siteA.id,
      entity: "SESSION" as const,
      entityId: fixture.coordinatorA.id,
      action: "SIGN_IN" as const,
    })),
  });
  await db.auditEvent.create({
    data: { at: new Date("2026-04-02T10:00:00.000Z"), userId: fixture.admin.id, userEmail: fixture.admin.email, entity: "USER", entityId: fixture.investigator.id, action: "UPDATE", changes: { role: { before: "COORDINATOR", after: "INVESTIGATOR" } } },
  });
  await db.auditEvent.create({
    data: { at: new Date("2026-04-03T10:00:00.000Z"), userId: fixture.admin.id, userEmail: fixture.admin.email, entity: "SITE", entityId: String(fixture.siteB.id), siteId: fixture.siteB.id, action: "CREATE" },
  });
});

const query = (raw: Record<string, string>) => AuditQuerySchema.parse(raw);

describe("listAuditEvents", () => {
  it("pages through every event, newest first", async () => {
    const first = await listAuditEvents(fixture.admin, query({}));
    expect(first.total).toBe(62);
    expect(first.pageSize).toBe(AUDIT_PAGE_SIZE);
    expect(first.pageCount).toBe(2);
    expect(first.events).toHaveLength(50);
    expect(first.events[0]).toMatchObject({ entity: "SITE", action: "CREATE", site: { id: fixture.siteB.id, code: fixture.siteB.code } });
    const times = first.events.map((event) => event.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const second = await listAuditEvents(fixture.admin, query({ page: "2" }));
    expect(second.events).toHaveLength(12);
    expect(second.events.at(-1)?.at.toISOString()).toBe("2026-03-01T08:00:00.000Z");
    expect(new Set([...first.events, ...second.events].map((event) => event.id)).size).toBe(62);
    expect(typeof second.events[0]?.id).toBe("string");
  });

  it("filters by kind of record, action, user and days (UTC, both ends included)", async () => {
    expect((await listAuditEvents(fixture.admin, query({ entity: "USER" }))).events.map((event) => event.entityId)).toEqual([fixture.investigator.id]);
    expect((await listAuditEvents(fixture.admin, query({ action: "SIGN_IN" }))).total).toBe(60);
    expect((await listAuditEvents(fixture.admin, query({ user: fixture.admin.email.slice(0, 10).toUpperCase() }))).total).toBe(2);
    // 1 to 3 March: the events at 08:00 and 20:00 of each day.
    const march = await listAuditEvents(fixture.admin, query({ from: "2026-03-01", to: "2026-03-03" }));
    expect(march.total).toBe(6);
    expect((await listAuditEvents(fixture.admin, query({ from: "2026-04-01" }))).total).toBe(2);
    expect((await listAuditEvents(fixture.admin, query({ entity: "USER", entityId: fixture.investigator.id }))).total).toBe(1);
    expect((await listAuditEvents(fixture.admin, query({ entity: "SESSION", to: "2026-02-28" }))).total).toBe(0);
  });

  it("keeps the changes as recorded", async () => {
    const [event] = (await listAuditEvents(fixture.admin, query({ entity: "USER" }))).events;
    expect(event?.changes).toEqual({ role: { before: "COORDINATOR", after: "INVESTIGATOR" } });
    expect(event?.userEmail).toBe(fixture.admin.email);
  });

  it("is refused to coordinators and investigators", async () => {
    await expectAppError(listAuditEvents(fixture.coordinatorA, query({})), "FORBIDDEN");
    await expectAppError(listAuditEvents(fixture.investigator, query({})), "FORBIDDEN");
  });
});

describe("the audit filter schema", () => {
  it("refuses unknown kinds, actions, malformed days and an end before the start, on their fields", () => {
    const paths = (raw: Record<string, string>) => AuditQuerySchema.safeParse(raw).error?.issues.map((issue) => issue.path.join("."));
    expect(paths({ entity: "PASSWORD" })).toEqual(["entity"]);
    expect(paths({ action: "DROP" })).toEqual(["action"]);
    expect(paths({ from: "1 March" })).toEqual(["from"]);
    expect(paths({ from: "2026-02-30" })).toEqual(["from"]);
    expect(paths({ from: "2026-03-05", to: "2026-03-01" })).toEqual(["to"]);
  });

  it("treats empty fields as no filter and a bad page number as the first page", () => {
    expect(AuditQuerySchema.parse({ entity: "", action: "", user: "", from: "", to: "", page: "x" })).toEqual({ page: 1 });
  });
});
