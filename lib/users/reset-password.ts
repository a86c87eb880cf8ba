import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertRole } from "../auth/assert-role";
import { generatePassword, hashPassword } from "../auth/password";
import type { SessionUser } from "../auth/roles";
import { getDb } from "../db/client";
import { AppError } from "../errors";

/**
 * Gives an account a new random password (administrators only) and revokes its sessions. The
 * password is returned once, for the administrator to hand over; only its argon2id hash is
 * kept, and the audit trail records that a reset happened, never the password or its hash.
 */
export async function resetPassword(actor: SessionUser, userId: string): Promise<{ email: string; password: string }> {
  assertRole(actor, ["ADMIN"]);
  if (userId === actor.id) {
    throw new AppError("VALIDATION", "You cannot reset your own password here: ask another administrator", {
      fields: [{ path: "password", message: "You cannot reset your own password here: ask another administrator" }],
    });
  }
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
    if (!user) throw new AppError("NOT_FOUND", "There is no such user");
    await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionsValidFrom: new Date() } });
    await recordAuditEvent(tx, {
      actor,
      entity: "USER",
      entityId: userId,
      action: "UPDATE",
      changes: { password: { before: "(not recorded)", after: "(reset by an administrator)" } },
      reason: "Password reset",
    });
    return { email: user.email, password };
  });
}
