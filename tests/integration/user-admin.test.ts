// Managing accounts (issue 4 §3): administrators only, every change audited in the same
// transaction, no passwords or hashes in the trail, and administrators cannot lock themselves out.
import { beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../lib/auth/password";
import { getDb } from "../../lib/db/client";
import { createSite } from "../../lib/sites/create-site";
import { createUser } from "../../lib/users/create-user";
import { getUser } from "../../lib/users/get-user";
import { listUsers } from "../../lib/users/list-users";
import { resetPassword } from "../../lib/users/reset-password";
import { CreateUserSchema, UpdateUserSchema } from "../../lib/users/schemas";
import { updateUser } from "../../lib/users/update-user";
import { expectAppError } from "../support/app-error";
import { FIXTURE_PASSWORD, createFixture, type Fixture } from "../support/fixtures";

let fixture: Fixture;
let counter = 0;
const uniqueEmail = (label: string) => `${label}-${(counter += 1)}-${Math.random().toString(36).slice(2, 7)}@test.example`;

beforeAll(async () => {
  fixture = await createFixture("users");
  await createSite(fixture.admin, { code: "11", name: "Eleventh Hospital" });
  await createSite(fixture.admin, { code: "12", name: "Twelfth Hospital" });
});

const serialize = (value: unknown) => JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item));

async function auditFor(entityId: string) {
  const db = await getDb();
  return db.auditEvent.findMany({ where: { entity: "USER", entityId }, orderBy: { id: "asc" } });
}

describe("createUser", () => {
  it("creates an account with a generated password shown once, hashed with argon2id, and audited", async () => {
    const email = uniqueEmail("new.coordinator");
    const { user, generatedPassword } = await createUser(fixture.admin, CreateUserSchema.parse({ email: email.toUpperCase(), name: "  Ada Coordinator ", role: "COORDINATOR", siteCode: "11" }));
    expect(user).toMatchObject({ email, name: "Ada Coordinator", role: "COORDINATOR", active: true, site: { code: "11", name: "Eleventh Hospital" } });
    expect(generatedPassword).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);

    const db = await getDb();
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash, generatedPassword ?? "")).toBe(true);

    const events = await auditFor(user.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "CREATE", userId: fixture.admin.id, userEmail: fixture.admin.email });
    expect(events[0]?.changes).toEqual({
      email: { before: null, after: email },
      name: { before: null, after: "Ada Coordinator" },
      role: { before: null, after: "COORDINATOR" },
      site: { before: null, after: "11" },
      active: { before: null, after: true },
    });
    expect(serialize(events)).not.toContain(generatedPassword);
    expect(serialize(events)).not.toContain("$argon2");
  });

  it("uses a chosen password without returning it", async () => {
    const { user, generatedPassword } = await createUser(fixture.admin, CreateUserSchema.parse({ email: uniqueEmail("chosen"), name: "Chosen", role: "INVESTIGATOR", siteCode: "", password: "a-chosen-password-123" }));
    expect(generatedPassword).toBeNull();
    const db = await getDb();
    expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, "a-chosen-password-123")).toBe(true);
  });

  it("refuses a second account with the same e-mail, in any case, as CONFLICT on the e-mail field, writing nothing", async () => {
    const db = await getDb();
    const [users, events] = [await db.user.count(), await db.auditEvent.count()];
    const error = await expectAppError(
      createUser(fixture.admin, CreateUserSchema.parse({ email: fixture.investigator.email.toUpperCase(), name: "Twin", role: "INVESTIGATOR" })),
      "CONFLICT",
    );
    expect(error.fields).toEqual([{ path: "email", message: "An account with this e-mail address already exists" }]);
    expect(await db.user.count()).toBe(users);
    expect(await db.auditEvent.count()).toBe(events);
  });

  it("refuses an unknown or deactivated site on the site field", async () => {
    const unknown = await expectAppError(createUser(fixture.admin, CreateUserSchema.parse({ email: uniqueEmail("lost"), name: "Lost", role: "COORDINATOR", siteCode: "9999" })), "VALIDATION");
    expect(unknown.fields).toEqual([{ path: "siteCode", message: "There is no site with code 9999" }]);
    const db = await getDb();
    await db.site.create({ data: { code: "0098", name: "Closed site", active: false } });
    const closed = await expectAppError(createUser(fixture.admin, CreateUserSchema.parse({ email: uniqueEmail("closed"), name: "Closed", role: "COORDINATOR", siteCode: "0098" })), "VALIDATION");
    expect(closed.fields[0]?.path).toBe("siteCode");
    expect(closed.fields[0]?.message).toMatch(/deactivated/);
  });
});

describe("the account schemas", () => {
  const base = { email: "person@hospital.example", name: "Person" };
  it("require a site for a coordinator and none for investigators and administrators", () => {
    expect(CreateUserSchema.safeParse({ ...base, role: "COORDINATOR", siteCode: "" }).error?.issues[0]).toMatchObject({ path: ["siteCode"], message: "Choose the coordinator's site" });
    expect(CreateUserSchema.safeParse({ ...base, role: "INVESTIGATOR", siteCode: "01" }).error?.issues[0]?.path).toEqual(["siteCode"]);
    expect(CreateUserSchema.safeParse({ ...base, role: "ADMIN", siteCode: "01" }).success).toBe(false);
    expect(CreateUserSchema.safeParse({ ...base, role: "ADMIN", siteCode: "" }).success).toBe(true);
    expect(CreateUserSchema.safeParse({ ...base, role: "COORDINATOR", siteCode: "01" }).success).toBe(true);
  });

  it("check the e-mail, the role, the site code's form and the password's length", () => {
    const issuePaths = (input: object) => CreateUserSchema.safeParse({ ...base, role: "INVESTIGATOR", ...input }).error?.issues.map((issue) => issue.path.join("."));
    expect(issuePaths({ email: "not an email" })).toEqual(["email"]);
    expect(issuePaths({ role: "SUPERUSER" })).toEqual(["role"]);
    expect(issuePaths({ role: "COORDINATOR", siteCode: "A1" })).toEqual(["siteCode"]);
    expect(issuePaths({ role: "COORDINATOR", siteCode: "12345" })).toEqual(["siteCode"]);
    expect(issuePaths({ password: "short-11ch" })).toEqual(["password"]);
    expect(issuePaths({ name: "   " })).toEqual(["name"]);
    expect(UpdateUserSchema.safeParse({}).success).toBe(false);
    expect(UpdateUserSchema.parse({ active: "false" })).toEqual({ active: false });
  });
});

describe("updateUser", () => {
  it("changes role and site together, audits only what changed, and clears the site of a non-coordinator", async () => {
    const { user } = await createUser(fixture.admin, CreateUserSchema.parse({ email: uniqueEmail("mover"), name: "Mover", role: "COORDINATOR", siteCode: "11" }));
    const moved = await updateUser(fixture.admin, user.id, UpdateUserSchema.parse({ name: "Mover", role: "COORDINATOR", siteCode: "12" }));
    expect(moved.site?.code).toBe("12");
    const promoted = await updateUser(fixture.admin, user.id, { role: "INVESTIGATOR" });
    expect(promoted).toMatchObject({ role: "INVESTIGATOR", site: null });
    const events = await auditFor(user.id);
    expect(events.map((event) => event.changes)).toEqual([
      expect.objectContaining({ role: { before: null, after: "COORDINATOR" } }),
      { site: { before: "11", after: "12" } },
      { role: { before: "COORDINATOR", after: "INVESTIGATOR" }, site: { before: "12", after: null } },
    ]);
  });

  it("refuses a coordinator without a site, on the site field", async () => {
    const { user } = await createUser(fixture.admin, CreateUserSchema.parse({ email: uniqueEmail("siteless"), name: "Siteless", role: "INVESTIGATOR" }));
    const error = await expectAppError(updateUser(fixture.admin, user.id, { role: "COORDINATOR" }), "VALIDATION");
    expect(error.fields).toEqual([{ path: "siteCode", message: "Choose the coordinator's site" }]);
  });

  it("writes nothing for a change that changes nothing", async () => {
    const before = (await auditFor(fixture.investigator.id)).length;
    await updateUser(fixture.admin, fixture.investigator.id, { name: fixture.investigator.name, role: "INVESTIGATOR" });
    expect(await auditFor(fixture.investigator.id)).toHaveLength(before);
  });

  it("deactivates and reactivates an account, revoking its sessions on deactivation", async () => {
    const { user } = await createUser(fixture.admin, CreateUserSchema.parse({ email: uniqueEmail("leaver"), name: "Leaver", role: "INVESTIGATOR" }));
    const db = await getDb();
    const validFrom = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionsValidFrom.getTime();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await updateUser(fixture.admin, user.id, UpdateUserSchema.parse({ active: "false" }))).active).toBe(false);
    const revokedAt = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionsValidFrom.getTime();
    expect(revokedAt).toBeGreaterThan(validFrom);
    expect((await updateUser(fixture.admin, user.id, { active: true })).active).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionsValidFrom.getTime()).toBe(revokedAt);
    expect((await auditFor(user.id)).slice(1).map((event) => event.changes)).toEqual([{ active: { before: true, after: false } }, { active: { before: false, after: true } }]);
  });

  it("does not let administrators deactivate or demote themselves", async () => {
    const deactivate = await expectAppError(updateUser(fixture.admin, fixture.admin.id, { active: false }), "VALIDATION");
    expect(deactivate.fields).toEqual([{ path: "active", message: expect.stringMatching(/cannot deactivate your own account/) }]);
    const demote = await expectAppError(updateUser(fixture.admin, fixture.admin.id, { role: "INVESTIGATOR" }), "VALIDATION");
    expect(demote.fields).toEqual([{ path: "role", message: expect.stringMatching(/cannot remove your own administrator role/) }]);
    // Renaming oneself is fine.
    expect((await updateUser(fixture.admin, fixture.admin.id, { name: "Renamed Admin", role: "ADMIN" })).name).toBe("Renamed Admin");
    const db = await getDb();
    expect(await db.user.findUniqueOrThrow({ where: { id: fixture.admin.id } })).toMatchObject({ role: "ADMIN", active: true });
  });

  it("answers NOT_FOUND for an account that does not exist", async () => {
    await expectAppError(updateUser(fixture.admin, "cnosuchuser00000000000000", { name: "X" }), "NOT_FOUND");
    await expectAppError(getUser(fixture.admin, "cnosuchuser00000000000000"), "NOT_FOUND");
    await expectAppError(resetPassword(fixture.admin, "cnosuchuser00000000000000"), "NOT_FOUND");
  });
});

describe("resetPassword", () => {
  it("replaces the password with a new random one, revokes sessions, and audits the reset without the password", async () => {
    const db = await getDb();
    const target = fixture.coordinatorB;
    const before = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(await verifyPassword(before.passwordHash, FIXTURE_PASSWORD)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { email, password } = await resetPassword(fixture.admin, target.id);
    expect(email).toBe(target.email);
    const after = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(await verifyPassword(after.passwordHash, FIXTURE_PASSWORD)).toBe(false);
    expect(await verifyPassword(after.passwordHash, password)).toBe(true);
    expect(after.sessionsValidFrom.getTime()).toBeGreaterThan(before.sessionsValidFrom.getTime());
    const events = await auditFor(target.id);
    expect(events.at(-1)).toMatchObject({ action: "UPDATE", reason: "Password reset", userId: fixture.admin.id });
    expect(serialize(events)).not.toContain(password);
    expect(serialize(events)).not.toContain(after.passwordHash);
    expect(serialize(events)).not.toContain("$argon2");
  });

  it("gives a different password each time", async () => {
    const first = await resetPassword(fixture.admin, fixture.investigator.id);
    const second = await resetPassword(fixture.admin, fixture.investigator.id);
    expect(first.password).not.toBe(second.password);
  });

  it("does not reset the acting administrator's own password", async () => {
    const error = await expectAppError(resetPassword(fixture.admin, fixture.admin.id), "VALIDATION");
    expect(error.message).toMatch(/ask another administrator/);
  });
});

describe("listUsers and getUser", () => {
  it("lists accounts with their site, filtered by text, role and status, never with a password hash", async () => {
    const all = await listUsers(fixture.admin, { status: "all" });
    expect(all.total).toBe(all.users.length);
    expect(all.users.map((user) => user.email)).toContain(fixture.coordinatorA.email);
    expect(serialize(all)).not.toContain("$argon2");
    expect(Object.keys(all.users[0] ?? {})).not.toContain("passwordHash");

    const coordinators = await listUsers(fixture.admin, { role: "COORDINATOR", status: "all" });
    expect(coordinators.users.every((user) => user.role === "COORDINATOR")).toBe(true);
    expect(coordinators.users.find((user) => user.id === fixture.coordinatorA.id)?.site).toMatchObject({ id: fixture.siteA.id, code: fixture.siteA.code });

    const byText = await listUsers(fixture.admin, { q: fixture.coordinatorA.email.slice(0, 14).toUpperCase(), status: "all" });
    expect(byText.users.map((user) => user.id)).toEqual([fixture.coordinatorA.id]);

    const { user } = await createUser(fixture.admin, CreateUserSchema.parse({ email: uniqueEmail("inactive"), name: "Inactive", role: "INVESTIGATOR" }));
    await updateUser(fixture.admin, user.id, { active: false });
    expect((await listUsers(fixture.admin, { status: "inactive" })).users.map((row) => row.id)).toContain(user.id);
    expect((await listUsers(fixture.admin, { status: "active" })).users.map((row) => row.id)).not.toContain(user.id);
  });

  it("reads one account", async () => {
    expect(await getUser(fixture.admin, fixture.coordinatorA.id)).toMatchObject({ email: fixture.coordinatorA.email, role: "COORDINATOR" });
  });
});
