import "server-only";
import type { Db } from "../db/client";
import type { SessionUser } from "./roles";

/** What a session token says about its holder: who, and since when (ms since the epoch). */
export type SessionClaims = { id: string; signedInAt: number };

/**
 * The account behind a session, as it is now: null when it no longer exists, has been
 * deactivated, or had its sessions revoked (password reset, deactivation) after this session
 * began. Role and site come from the row, not the token, so a change applies at once.
 */
export async function loadActiveUser(db: Db, claims: SessionClaims): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id: claims.id } });
  if (!user || !user.active) return null;
  if (!Number.isFinite(claims.signedInAt) || user.sessionsValidFrom.getTime() > claims.signedInAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, siteId: user.siteId };
}
