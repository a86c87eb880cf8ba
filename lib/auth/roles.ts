// Roles of product.md §1 and what each may do. Pure, so that UI and data layer share it.
export type Role = "ADMIN" | "COORDINATOR" | "INVESTIGATOR";

export const ROLES = ["ADMIN", "COORDINATOR", "INVESTIGATOR"] as const satisfies readonly Role[];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  ADMIN: "Administrator (data manager)",
  COORDINATOR: "Study coordinator",
  INVESTIGATOR: "Investigator",
};

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** A coordinator's site; null for investigators and administrators, who see every site. */
  siteId: number | null;
};

export type Permission =
  | "cases:read"
  | "cases:write"
  | "cases:import"
  | "audit:read-site"
  | "audit:read-all"
  | "dashboards:read"
  | "exports:download"
  | "admin:manage";

export function can(user: Pick<SessionUser, "role">, permission: Permission): boolean {
  switch (permission) {
    case "cases:read":
    case "dashboards:read":
    case "exports:download":
      return true;
    case "cases:write":
    case "cases:import":
    case "audit:read-site":
      return user.role === "COORDINATOR" || user.role === "ADMIN";
    case "audit:read-all":
    case "admin:manage":
      return user.role === "ADMIN";
  }
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
