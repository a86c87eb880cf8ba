import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { verifyPassword } from "./password";
import type { SessionUser } from "./roles";
import { SignInSchema } from "./schemas";
import { completeSignInAttempt, describeRetryAfter, reserveSignInAttempt, throttleKeys } from "./throttle";

// A real argon2id hash of a random password: checking it when the account does not exist makes
// a wrong e-mail take as long as a wrong password, so timing does not reveal accounts.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$Vwu46OnB9aE6G0pY2wEWAw$Xe/dBM6vH2eyzhbUIw7oga3omvm1PuXuIWvaCGM+5Zk";

export const INVALID_CREDENTIALS_MESSAGE = "The e-mail address or password is not correct.";

/**
 * Checks e-mail and password for a sign-in. Throws AppError RATE_LIMITED (429) after too many
 * failures and UNAUTHENTICATED with one message for every other refusal (unknown account, wrong
 * password, deactivated account), so that the answer never says whether an account exists.
 */
export async function authenticateWithPassword(raw: unknown, clientAddress: string): Promise<SessionUser> {
  const parsed = SignInSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("UNAUTHENTICATED", INVALID_CREDENTIALS_MESSAGE);
  const { email, password } = parsed.data;
  const db = await getDb();
  const keys = throttleKeys(email, clientAddress);

  // Checked and recorded (as a failure until the password matches) atomically: parallel
  // attempts cannot all pass the check before any of them is counted.
  const decision = await reserveSignInAttempt(db, keys);
  if (!decision.allowed) {
    throw new AppError("RATE_LIMITED", `Too many failed sign-ins. Try again ${describeRetryAfter(decision.retryAfterSeconds)}.`, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }

  const user = await db.user.findUnique({ where: { email } });
  const passwordMatches = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  const succeeded = Boolean(user && user.active && passwordMatches);
  await completeSignInAttempt(db, decision.attemptId, succeeded);

  if (!user || !succeeded) {
    await recordAuditEvent(db, {
      actor: user ? { id: user.id, email: user.email, siteId: user.siteId } : null,
      entity: "SESSION",
      entityId: user?.id ?? null,
      action: "SIGN_IN_FAILED",
      // Only whether an account matched: the typed e-mail of an unknown account is not kept.
      changes: { reason: !user ? "unknown account" : !user.active ? "account deactivated" : "wrong password" },
    });
    throw new AppError("UNAUTHENTICATED", INVALID_CREDENTIALS_MESSAGE);
  }

  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  await recordAuditEvent(db, { actor: { id: user.id, email: user.email, siteId: user.siteId }, entity: "SESSION", entityId: user.id, action: "SIGN_IN" });
  return { id: user.id, email: user.email, name: user.name, role: user.role, siteId: user.siteId };
}
