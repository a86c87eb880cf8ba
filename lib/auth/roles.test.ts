import { describe, expect, it } from "vitest";
import { ROLES, can, isRole, type Permission, type Role } from "./roles";

// product.md §1, written out: a Record over every permission, so that adding a permission
// without deciding who holds it does not compile.
const EXPECTED: Record<Permission, readonly Role[]> = {
  "cases:read": ["ADMIN", "COORDINATOR", "INVESTIGATOR"],
  "dashboards:read": ["ADMIN", "COORDINATOR", "INVESTIGATOR"],
  "exports:download": ["ADMIN", "COORDINATOR", "INVESTIGATOR"],
  "cases:write": ["ADMIN", "COORDINATOR"],
  "cases:import": ["ADMIN", "COORDINATOR"],
  "audit:read-site": ["ADMIN", "COORDINATOR"],
  "audit:read-all": ["ADMIN"],
  "admin:manage": ["ADMIN"],
};

describe("can", () => {
  const cells = (Object.keys(EXPECTED) as Permission[]).flatMap((permission) => ROLES.map((role) => [role, permission] as const));

  it.each(cells)("%s / %s", (role, permission) => {
    expect(can({ role }, permission)).toBe(EXPECTED[permission].includes(role));
  });

  it("gives investigators nothing that changes data", () => {
    const writes: Permission[] = ["cases:write", "cases:import", "admin:manage"];
    for (const permission of writes) expect(can({ role: "INVESTIGATOR" }, permission)).toBe(false);
  });
});

describe("isRole", () => {
  it("accepts the three roles only, in capitals", () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const value of ["admin", "SUPERUSER", "", null, undefined, 1, { role: "ADMIN" }]) expect(isRole(value)).toBe(false);
  });
});
