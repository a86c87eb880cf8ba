import "server-only";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { auth } from "./auth";
import type { Role, SessionUser } from "./roles";

/**
 * The signed-in user, re-read from the database on every request: a deactivated account, a
 * reset password or a changed role takes effect at the next request, not the next sign-in.
 */
export async function getCurrentUser(): Promise<SessionUser | null> {
  const session = await auth();
  const claims = session?.user;
  if (!claims?.id) return null;
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: claims.id } });
  if (!user || !user.active) return null;
  if (user.sessionsValidFrom.getTime() > claims.signedInAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, siteId: user.siteId };
}

export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return user;
}

export function assertRole(user: SessionUser, roles: readonly Role[]): SessionUser {
  if (!roles.includes(user.role)) throw new AppError("FORBIDDEN", "Your role does not allow this.");
  return user;
}

export async function requireRole(...roles: Role[]): Promise<SessionUser> {
  return assertRole(await requireUser(), roles);
}
