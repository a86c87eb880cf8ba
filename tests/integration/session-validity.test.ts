// Sessions are re-checked against the account on every request: deactivation, a password
// reset or a role change applies at the next request, not at the next sign-in (issue 4).
import { beforeAll, describe, expect, it } from "vitest";
import { loadActiveUser } from "../../lib/auth/load-active-user";
import { recordSignOut } from "../../lib/auth/record-sign-out";
import { getDb } from "../../lib/db/client";
import { resetPassword } from "../../lib/users/reset-password";
import { updateUser } from "../../lib/users/update-user";
import { createFixture, type Fixture } from "../support/fixtures";

let fixture: Fixture;

beforeAll(async () => {
  fixture = await createFixture("sess");
});

/** Claims of a session that began now. */
const freshClaims = (id: string) => ({ id, signedInAt: Date.now() });

describe("loadActiveUser", () => {
  it("returns the account as it is now for a current session", async () => {
    expect(await loadActiveUser(await getDb(), freshClaims(fixture.coordinatorA.id))).toEqual(fixture.coordinatorA);
  });

  it("returns null for an account that does not exist, or claims without a valid start time", async () => {
    const db = await getDb();
    expect(await loadActiveUser(db, freshClaims("cnotarealuser000000000000"))).toBeNull();
    expect(await loadActiveUser(db, { id: fixture.admin.id, signedInAt: Number.NaN })).toBeNull();
  });

  it("refuses a session that began before the account's sessions were revoked", async () => {
    const db = await getDb();
    const account = await db.user.findUniqueOrThrow({ where: { id: fixture.investigator.id } });
    const before = account.sessionsValidFrom.getTime() - 1;
    expect(await loadActiveUser(db, { id: account.id, signedInAt: before })).toBeNull();
    expect(await loadActiveUser(db, { id: account.id, signedInAt: account.sessionsValidFrom.getTime() })).not.toBeNull();
  });

  it("refuses an existing session after a password reset, and accepts one begun afterwards", async () => {
    const db = await getDb();
    const earlier = freshClaims(fixture.coordinatorB.id);
    expect(await loadActiveUser(db, earlier)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await resetPassword(fixture.admin, fixture.coordinatorB.id);
    expect(await loadActiveUser(db, earlier)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await loadActiveUser(db, freshClaims(fixture.coordinatorB.id))).toEqual(fixture.coordinatorB);
  });

  it("refuses every session of a deactivated account, even one begun afterwards", async () => {
    const db = await getDb();
    const account = await db.user.create({
      data: { email: `sess-off-${Date.now()}@test.example`, name: "Soon off", role: "INVESTIGATOR", passwordHash: "x", sessionsValidFrom: new Date(Date.now() - 120_000) },
    });
    const earlier = { id: account.id, signedInAt: Date.now() - 60_000 };
    expect(await loadActiveUser(db, earlier)).not.toBeNull();
    await updateUser(fixture.admin, account.id, { active: false });
    expect(await loadActiveUser(db, earlier)).toBeNull();
    expect(await loadActiveUser(db, freshClaims(account.id))).toBeNull();
    const row = await db.user.findUniqueOrThrow({ where: { id: account.id } });
    expect(row.sessionsValidFrom.getTime()).toBeGreaterThan(earlier.signedInAt);
  });

  it("takes role and site from the account, not the token, so a change applies at once", async () => {
    const db = await getDb();
    const account = await db.user.create({
      data: { email: `sess-move-${Date.now()}@test.example`, name: "Mover", role: "INVESTIGATOR", passwordHash: "x", sessionsValidFrom: new Date(Date.now() - 120_000) },
    });
    const session = { id: account.id, signedInAt: Date.now() - 60_000 };
    const site = await db.site.create({ data: { code: "0777", name: "Session site" } });
    await updateUser(fixture.admin, account.id, { role: "COORDINATOR", siteCode: "0777" });
    expect(await loadActiveUser(db, session)).toMatchObject({ id: account.id, role: "COORDINATOR", siteId: site.id });
  });

  it("refuses a session after its user signed out, on the server and not only in the browser, and records the sign-out", async () => {
    const db = await getDb();
    const account = await db.user.create({
      data: { email: `sess-out-${Date.now()}@test.example`, name: "Leaving", role: "INVESTIGATOR", passwordHash: "x", sessionsValidFrom: new Date(Date.now() - 120_000) },
    });
    const session = { id: account.id, signedInAt: Date.now() - 60_000 };
    expect(await loadActiveUser(db, session)).not.toBeNull();
    await recordSignOut(db, { uid: account.id, email: account.email, siteId: null });
    expect(await loadActiveUser(db, session)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await loadActiveUser(db, freshClaims(account.id))).not.toBeNull();
    const events = await db.auditEvent.findMany({ where: { entity: "SESSION", entityId: account.id, action: "SIGN_OUT" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ userId: account.id, userEmail: account.email });
  });
});
