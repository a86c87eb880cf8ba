import "server-only";
import { assertRole } from "../auth/assert-role";
import type { SessionUser } from "../auth/roles";
import { getDb } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import type { ListUsersQuery } from "./schemas";
import { USER_SUMMARY_SELECT, type UserSummary } from "./user-summary";

/** A study has tens of staff accounts, not thousands: one page holds them all. */
export const USER_LIST_LIMIT = 500;

export type UserList = { users: UserSummary[]; total: number; limit: number };

/** Accounts matching the filters, by e-mail address (administrators only). */
export async function listUsers(actor: SessionUser, query: ListUsersQuery): Promise<UserList> {
  assertRole(actor, ["ADMIN"]);
  const where: Prisma.UserWhereInput = {
    ...(query.q
      ? { OR: [{ email: { contains: query.q, mode: "insensitive" } }, { name: { contains: query.q, mode: "insensitive" } }] }
      : {}),
    ...(query.role ? { role: query.role } : {}),
    ...(query.status === "active" ? { active: true } : query.status === "inactive" ? { active: false } : {}),
  };
  const db = await getDb();
  const [users, total] = await Promise.all([
    db.user.findMany({ where, select: USER_SUMMARY_SELECT, orderBy: [{ active: "desc" }, { email: "asc" }], take: USER_LIST_LIMIT }),
    db.user.count({ where }),
  ]);
  return { users, total, limit: USER_LIST_LIMIT };
}
