// Password sign-in against a real database: one message for every refusal, throttling, and the
// audit trail of sign-ins (product.md §8).
import { beforeAll, describe, expect, it, vi } from "vitest";
import { INVALID_CREDENTIALS_MESSAGE, authenticateWithPassword } from "../../lib/auth/authenticate";
import { getDb } from "../../lib/db/client";
import { expectAppError } from "../support/app-error";
import { FIXTURE_PASSWORD, createFixture, type Fixture } from "../support/fixtures";

let fixture: Fixture;
let clientCounter = 0;
/** A fresh client address per test, so that the per-client limit of one test does not leak into another. */
const freshClient = () => `192.0.2.${(clientCounter += 1)}`;

beforeAll(async () => {
  fixture = await createFixture("auth");
});

async function auditRowsFor(userId: string | null, action: "SIGN_IN" | "SIGN_IN_FAILED") {
  const db = await getDb();
  return db.auditEvent.findMany({ where: { userId, action, entity: "SESSION" }, orderBy: { id: "asc" } });
}

describe("authenticateWithPassword", () => {
  it("returns the session user for the right password, whatever the e-mail's case, and records SIGN_IN", async () => {
    const user = await authenticateWithPassword({ email: `  ${fixture.coordinatorA.email.toUpperCase()} `, password: FIXTURE_PASSWORD }, freshClient());
    expect(user).toEqual(fixture.coordinatorA);
    const db = await getDb();
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lastSignInAt).toBeInstanceOf(Date);
    const events = await auditRowsFor(user.id, "SIGN_IN");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ userEmail: fixture.coordinatorA.email, entityId: user.id, siteId: fixture.siteA.id });
  });

  it("gives the same message for an unknown account and a wrong password", async () => {
    const unknown = await expectAppError(
      authenticateWithPassword({ email: "nobody-here@test.example", password: FIXTURE_PASSWORD }, freshClient()),
      "UNAUTHENTICATED",
    );
    const wrong = await expectAppError(
      authenticateWithPassword({ email: fixture.investigator.email, password: "not-the-password-1" }, freshClient()),
      "UNAUTHENTICATED",
    );
    expect(unknown.message).toBe(INVALID_CREDENTIALS_MESSAGE);
    expect(wrong.message).toBe(unknown.message);
    expect(wrong.fields).toEqual(unknown.fields);
    expect(unknown.message).not.toMatch(/exist|unknown|no account|not found/i);
  });

  it("refuses input that is not an e-mail and a password with the same message", async () => {
    for (const raw of [null, {}, { email: "not-an-email", password: "x" }, { email: fixture.admin.email }, { email: fixture.admin.email, password: "" }]) {
      const error = await expectAppError(authenticateWithPassword(raw, freshClient()), "UNAUTHENTICATED");
      expect(error.message).toBe(INVALID_CREDENTIALS_MESSAGE);
    }
  });

  it("refuses a deactivated account, with the right password, with the same message", async () => {
    const db = await getDb();
    const account = await db.user.create({
      data: { email: `gone-${Date.now()}@test.example`, name: "Gone", role: "INVESTIGATOR", passwordHash: (await db.user.findUniqueOrThrow({ where: { id: fixture.investigator.id } })).passwordHash, active: false },
    });
    const error = await expectAppError(authenticateWithPassword({ email: account.email, password: FIXTURE_PASSWORD }, freshClient()), "UNAUTHENTICATED");
    expect(error.message).toBe(INVALID_CREDENTIALS_MESSAGE);
    const failures = await auditRowsFor(account.id, "SIGN_IN_FAILED");
    expect(failures).toHaveLength(1);
    expect(failures[0]?.changes).toEqual({ reason: "account deactivated" });
  });

  it("records failures in the audit trail without the password or the typed e-mail of an unknown account", async () => {
    const typedEmail = `someone-unknown-${Date.now()}@test.example`;
    const wrongPassword = `Guess-${Math.random().toString(36).slice(2)}`;
    await expectAppError(authenticateWithPassword({ email: typedEmail, password: wrongPassword }, freshClient()), "UNAUTHENTICATED");
    await expectAppError(authenticateWithPassword({ email: fixture.admin.email, password: wrongPassword }, freshClient()), "UNAUTHENTICATED");

    const db = await getDb();
    const failed = await db.auditEvent.findMany({ where: { action: "SIGN_IN_FAILED" } });
    const unknownRow = failed.find((row) => row.userId === null && JSON.stringify(row.changes) === JSON.stringify({ reason: "unknown account" }));
    expect(unknownRow).toBeDefined();
    expect(unknownRow?.userEmail).toBeNull();
    const adminRows = failed.filter((row) => row.userId === fixture.admin.id);
    expect(adminRows.at(-1)?.changes).toEqual({ reason: "wrong password" });

    const everything = JSON.stringify(
      await db.auditEvent.findMany(),
      (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
    );
    expect(everything).not.toContain(wrongPassword);
    expect(everything).not.toContain(FIXTURE_PASSWORD);
    expect(everything).not.toContain(typedEmail);
    expect(everything).not.toContain("$argon2");
  });

  it("answers RATE_LIMITED with a retry time after five failures, even for the right password", async () => {
    const db = await getDb();
    const account = await db.user.create({
      data: { email: `target-${Date.now()}@test.example`, name: "Target", role: "INVESTIGATOR", passwordHash: (await db.user.findUniqueOrThrow({ where: { id: fixture.investigator.id } })).passwordHash },
    });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expectAppError(authenticateWithPassword({ email: account.email, password: `wrong-${attempt}-password` }, freshClient()), "UNAUTHENTICATED");
    }
    const refused = await expectAppError(authenticateWithPassword({ email: account.email, password: FIXTURE_PASSWORD }, freshClient()), "RATE_LIMITED");
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(900);
    expect(refused.message).toMatch(/Too many failed sign-ins\. Try again in (a minute|\d+ minutes)\./);
    // A refused attempt is not checked, so it is not recorded as a sign-in either way.
    expect(await auditRowsFor(account.id, "SIGN_IN")).toHaveLength(0);
  });

  it("writes nothing identifying to the logs: no e-mail address, no password", async () => {
    const written: string[] = [];
    const capture = (...args: unknown[]) => void written.push(args.map((arg) => (arg instanceof Error ? `${arg.name} ${arg.message}` : String(arg))).join(" "));
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) => vi.spyOn(console, level).mockImplementation(capture));
    const secret = `Secret-${Math.random().toString(36).slice(2)}`;
    const typed = `private.person.${Date.now()}@hospital.example`;
    try {
      await authenticateWithPassword({ email: fixture.admin.email, password: FIXTURE_PASSWORD }, freshClient());
      await authenticateWithPassword({ email: fixture.admin.email, password: secret }, freshClient()).catch(() => undefined);
      for (let attempt = 0; attempt < 6; attempt += 1) await authenticateWithPassword({ email: typed, password: secret }, freshClient()).catch(() => undefined);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const output = written.join("\n");
    for (const value of [secret, FIXTURE_PASSWORD, typed, fixture.admin.email]) expect(output).not.toContain(value);
  });
});
