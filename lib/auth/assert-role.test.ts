import { describe, expect, it } from "vitest";
import { AppError, httpStatusOf } from "../errors";
import { assertRole } from "./assert-role";
import { ROLES, type Role, type SessionUser } from "./roles";

const userWith = (role: Role): SessionUser => ({ id: `u-${role}`, email: `${role}@test.example`, name: role, role, siteId: role === "COORDINATOR" ? 1 : null });

// Every subset of the roles, as `requireRole(...)` may be called with any of them.
const SUBSETS: Role[][] = [[], ["ADMIN"], ["COORDINATOR"], ["INVESTIGATOR"], ["ADMIN", "COORDINATOR"], ["ADMIN", "INVESTIGATOR"], ["COORDINATOR", "INVESTIGATOR"], [...ROLES]];

describe("assertRole", () => {
  const cases = ROLES.flatMap((role) => SUBSETS.map((allowed) => [role, allowed] as const));

  it.each(cases)("a %s user against %j", (role, allowed) => {
    const user = userWith(role);
    if (allowed.includes(role)) {
      expect(assertRole(user, allowed)).toBe(user);
      return;
    }
    try {
      assertRole(user, allowed);
      expect.unreachable("assertRole should have refused");
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("FORBIDDEN");
      expect(httpStatusOf((error as AppError).code)).toBe(403);
    }
  });
});
