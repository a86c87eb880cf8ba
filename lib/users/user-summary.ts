import "server-only";
import type { Role } from "../auth/roles";

/** An account as the admin pages show it: never the password hash. */
export type UserSummary = {
  id: string;
  email: string;
  name: string;
  role: Role;
  site: { id: number; code: string; name: string } | null;
  active: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
};

/** The columns of a UserSummary, for Prisma's `select`. */
export const USER_SUMMARY_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  site: { select: { id: true, code: true, name: true } },
  active: true,
  lastSignInAt: true,
  createdAt: true,
} as const;
