// Every account and site change commits with its audit event or not at all (house style:
// "writes with their audit"). The audit writer is made to fail; the change must not remain.
import { beforeAll, describe, expect, it, vi } from "vitest";
import type * as AuditWriter from "../../lib/audit/record-audit-event";
import { getDb } from "../../lib/db/client";
import { createSite } from "../../lib/sites/create-site";
import { updateSite } from "../../lib/sites/update-site";
import { createUser } from "../../lib/users/create-user";
import { resetPassword } from "../../lib/users/reset-password";
import { updateUser } from "../../lib/users/update-user";
import { createFixture, type Fixture } from "../support/fixtures";

const auditFailure = vi.hoisted(() => ({ on: false }));

vi.mock("../../lib/audit/record-audit-event", async (importOriginal) => {
  const actual = await importOriginal<typeof AuditWriter>();
  return {
    ...actual,
    recordAuditEvent: async (...args: Parameters<typeof actual.recordAuditEvent>) => {
      if (auditFailure.on) throw new Error("the audit trail could not be written");
      return actual.recordAuditEvent(...args);
    },
  };
});

let fixture: Fixture;

beforeAll(async () => {
  fixture = await createFixture("atomic");
});

async function withAuditFailing(work: () => Promise<unknown>): Promise<void> {
  auditFailure.on = true;
  try {
    await expect(work()).rejects.toThrow("the audit trail could not be written");
  } finally {
    auditFailure.on = false;
  }
}

describe("account and site changes without their audit event", () => {
  it("a new account is not kept", async () => {
    await withAuditFailing(() => createUser(fixture.admin, { email: "unaudited@test.example", name: "Unaudited", role: "INVESTIGATOR", siteCode: null }));
    const db = await getDb();
    expect(await db.user.findUnique({ where: { email: "unaudited@test.example" } })).toBeNull();
  });

  it("a role change, a deactivation and a password reset are not kept", async () => {
    const db = await getDb();
    const before = await db.user.findUniqueOrThrow({ where: { id: fixture.investigator.id } });
    await withAuditFailing(() => updateUser(fixture.admin, fixture.investigator.id, { role: "ADMIN" }));
    await withAuditFailing(() => updateUser(fixture.admin, fixture.investigator.id, { active: false }));
    await withAuditFailing(() => resetPassword(fixture.admin, fixture.investigator.id));
    expect(await db.user.findUniqueOrThrow({ where: { id: fixture.investigator.id } })).toEqual(before);
  });

  it("a new site and a site's rename are not kept", async () => {
    const db = await getDb();
    await withAuditFailing(() => createSite(fixture.admin, { code: "41", name: "Unaudited Site" }));
    expect(await db.site.findUnique({ where: { code: "41" } })).toBeNull();
    const before = await db.site.findUniqueOrThrow({ where: { id: fixture.siteA.id } });
    await withAuditFailing(() => updateSite(fixture.admin, fixture.siteA.id, { name: "Unaudited Rename", active: false }));
    expect(await db.site.findUniqueOrThrow({ where: { id: fixture.siteA.id } })).toEqual(before);
  });

  it("with the audit trail working, the same change is kept with its event", async () => {
    const { user } = await createUser(fixture.admin, { email: "audited@test.example", name: "Audited", role: "INVESTIGATOR", siteCode: null });
    const db = await getDb();
    expect(await db.auditEvent.count({ where: { entity: "USER", entityId: user.id, action: "CREATE" } })).toBe(1);
  });
});
