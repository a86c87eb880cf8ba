// The role × action matrix of product.md §1, enforced in the data layer: each action is run as
// every role, and a role outside the matrix gets FORBIDDEN with nothing written. The UI's
// `can()` must agree with the data layer, so a hidden button never hides an allowed action or
// shows a refused one.
//
// Add new data-layer functions (cases, imports, dashboards, exports) as rows of MATRIX.
import { beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "../../lib/audit/list-audit-events";
import { AuditQuerySchema } from "../../lib/audit/schemas";
import { ROLES, can, type Permission, type Role, type SessionUser } from "../../lib/auth/roles";
import { getDb } from "../../lib/db/client";
import { createSite } from "../../lib/sites/create-site";
import { getSite } from "../../lib/sites/get-site";
import { listSites } from "../../lib/sites/list-sites";
import { updateSite } from "../../lib/sites/update-site";
import { createUser } from "../../lib/users/create-user";
import { getUser } from "../../lib/users/get-user";
import { listUsers } from "../../lib/users/list-users";
import { resetPassword } from "../../lib/users/reset-password";
import { updateUser } from "../../lib/users/update-user";
import { expectAppError } from "../support/app-error";
import { createFixture, type Fixture } from "../support/fixtures";

type MatrixRow = {
  action: string;
  /** The permission the UI checks before offering the action. */
  permission: Permission;
  /** Who may, per product.md §1. */
  allowed: readonly Role[];
  /** Whether the action writes (a refused write must leave the database as it was). */
  writes: boolean;
  run: (user: SessionUser) => Promise<unknown>;
};

let fixture: Fixture;
let target: { userId: string; siteId: number };
let counter = 0;
const next = () => (counter += 1);

beforeAll(async () => {
  fixture = await createFixture("matrix");
  const { user } = await createUser(fixture.admin, { email: "matrix-target@test.example", name: "Matrix Target", role: "INVESTIGATOR", siteCode: null });
  const site = await createSite(fixture.admin, { code: "31", name: "Matrix Site" });
  target = { userId: user.id, siteId: site.id };
});

const ADMIN_ONLY = ["ADMIN"] as const;

const MATRIX: MatrixRow[] = [
  // Users and sites (issue 4)
  { action: "list users", permission: "admin:manage", allowed: ADMIN_ONLY, writes: false, run: (user) => listUsers(user, { status: "all" }) },
  { action: "read a user", permission: "admin:manage", allowed: ADMIN_ONLY, writes: false, run: (user) => getUser(user, target.userId) },
  {
    action: "create a user",
    permission: "admin:manage",
    allowed: ADMIN_ONLY,
    writes: true,
    run: (user) => createUser(user, { email: `matrix-${next()}@test.example`, name: "Made", role: "INVESTIGATOR", siteCode: null }),
  },
  { action: "rename a user", permission: "admin:manage", allowed: ADMIN_ONLY, writes: true, run: (user) => updateUser(user, target.userId, { name: `Renamed ${next()}` }) },
  { action: "deactivate a user", permission: "admin:manage", allowed: ADMIN_ONLY, writes: true, run: (user) => updateUser(user, target.userId, { active: false }) },
  { action: "reset a password", permission: "admin:manage", allowed: ADMIN_ONLY, writes: true, run: (user) => resetPassword(user, target.userId) },
  { action: "list sites", permission: "admin:manage", allowed: ADMIN_ONLY, writes: false, run: (user) => listSites(user) },
  { action: "read a site", permission: "admin:manage", allowed: ADMIN_ONLY, writes: false, run: (user) => getSite(user, target.siteId) },
  { action: "create a site", permission: "admin:manage", allowed: ADMIN_ONLY, writes: true, run: (user) => createSite(user, { code: String(100 + next()), name: "Made Site" }) },
  { action: "rename a site", permission: "admin:manage", allowed: ADMIN_ONLY, writes: true, run: (user) => updateSite(user, target.siteId, { name: `Site ${next()}` }) },
  // The audit trail
  { action: "read the whole audit trail", permission: "audit:read-all", allowed: ADMIN_ONLY, writes: false, run: (user) => listAuditEvents(user, AuditQuerySchema.parse({})) },
  // Cases (issue 3) and dashboards (issue 5) join here, e.g.
  // { action: "create a case", permission: "cases:write", allowed: ["ADMIN", "COORDINATOR"], writes: true, run: … },
];

function userOf(role: Role): SessionUser {
  switch (role) {
    case "ADMIN":
      return fixture.admin;
    case "COORDINATOR":
      return fixture.coordinatorA;
    case "INVESTIGATOR":
      return fixture.investigator;
  }
}

async function snapshot() {
  const db = await getDb();
  const [users, sites, audit] = await Promise.all([
    db.user.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, role: true, siteId: true, active: true, passwordHash: true } }),
    db.site.findMany({ orderBy: { id: "asc" } }),
    db.auditEvent.count(),
  ]);
  return { users, sites, audit };
}

describe.each(MATRIX)("$action", (row) => {
  it.each([...ROLES])("as %s", async (role) => {
    const user = userOf(role);
    expect(can(user, row.permission), `can(${role}, ${row.permission}) disagrees with the matrix`).toBe(row.allowed.includes(role));
    if (row.allowed.includes(role)) {
      await expect(row.run(user)).resolves.toBeDefined();
      return;
    }
    const before = row.writes ? await snapshot() : null;
    await expectAppError(row.run(user), "FORBIDDEN");
    if (before) expect(await snapshot()).toEqual(before);
  });
});
