import "server-only";
import { assertRole } from "../auth/assert-role";
import type { SessionUser } from "../auth/roles";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { USER_SUMMARY_SELECT, type UserSummary } from "./user-summary";

/** One account (administrators only); NOT_FOUND when there is none with this id. */
export async function getUser(actor: SessionUser, userId: string): Promise<UserSummary> {
  assertRole(actor, ["ADMIN"]);
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: USER_SUMMARY_SELECT });
  if (!user) throw new AppError("NOT_FOUND", "There is no such user");
  return user;
}
