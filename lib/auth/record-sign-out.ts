import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db } from "../db/client";

export type SignedOutToken = { uid: string; email: string; siteId: number | null };

/**
 * Ends a user's sessions on the server as well as in the browser, and records the sign-out.
 * Deleting the cookie is not enough with stateless JWT sessions: a copied token stays valid,
 * and a request still in flight when the user signs out (a prefetch) comes back with a
 * refreshed session cookie that puts the session back. Moving `sessionsValidFrom` makes every
 * token issued before now worthless at its next request (lib/auth/load-active-user.ts); the
 * price is that signing out on one device signs that person out on every device.
 */
export async function recordSignOut(db: Db, token: SignedOutToken): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.user.updateMany({ where: { id: token.uid }, data: { sessionsValidFrom: new Date() } });
    await recordAuditEvent(tx, {
      actor: { id: token.uid, email: token.email, siteId: token.siteId },
      entity: "SESSION",
      entityId: token.uid,
      action: "SIGN_OUT",
    });
  });
}
