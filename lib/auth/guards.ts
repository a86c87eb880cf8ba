import "server-only";
import { cache } from "react";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { assertRole } from "./assert-role";
import { auth } from "./auth";
import { loadActiveUser } from "./load-active-user";
import type { Role, SessionUser } from "./roles";

/**
 * The signed-in user, re-read from the database on every request: a deactivated account, a
 * reset password or a changed role takes effect at the next request, not the next sign-in.
 * Memoised per request (React `cache`), so a layout and its page read the user once.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const claims = session?.user;
  if (!claims?.id) return null;
  return loadActiveUser(await getDb(), claims);
});

export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return user;
}

export { assertRole };

export async function requireRole(...roles: Role[]): Promise<SessionUser> {
  return assertRole(await requireUser(), roles);
}
