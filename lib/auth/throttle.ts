import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "../db/client";

// Sign-in throttling kept in PostgreSQL so that every app server sees the same counts.
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** Failures allowed per account in the window (product.md §8: "5 failures in 15 min → 429"). */
export const ACCOUNT_FAILURE_LIMIT = 5;
/** Failures allowed per client address in the window: higher, as a site's staff share one NAT. */
export const CLIENT_FAILURE_LIMIT = 20;

export type ThrottleKeys = { accountKey: string; clientKey: string };

function digest(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function throttleKeys(email: string, clientAddress: string): ThrottleKeys {
  return { accountKey: digest(`account:${email.trim().toLowerCase()}`), clientKey: digest(`client:${clientAddress}`) };
}

/**
 * The address of the nearest hop in X-Forwarded-For, as the reverse proxy in front of the app
 * appends it; earlier entries are the client's own claims. Next.js fills the header with the
 * socket address only when a request has none, so without a proxy a client can choose its
 * per-client key (the per-account limit still holds): deployments put a proxy in front.
 */
export function clientAddressOf(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
  return last ?? headers.get("x-real-ip") ?? "unknown";
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Successful sign-ins are kept this long: they mark the addresses an account's owner uses. */
export const KNOWN_CLIENT_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

type Window = { failures: number; oldest: Date | null };
type Queryable = Pick<Db, "$queryRawUnsafe">;

async function windowState(db: Queryable, where: string, keys: string[], now: Date, resetBySuccess: boolean): Promise<Window> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  // An account's failures count from the later of the window start and its last success (the
  // owner got in, so earlier typos no longer matter). A client's failures all count: otherwise
  // anyone holding one valid account could sign into it between guesses at other accounts and
  // never meet the per-client limit (password spraying).
  const reset = resetBySuccess ? `AND at > COALESCE((SELECT max(at) FROM sign_in_attempts WHERE ${where} AND succeeded), $${keys.length + 1}::timestamp)` : "";
  const rows = await db.$queryRawUnsafe<Window[]>(
    `SELECT count(*)::int AS failures, min(at) AS oldest
       FROM sign_in_attempts
      WHERE ${where} AND NOT succeeded AND at > $${keys.length + 1}::timestamp ${reset}`,
    ...keys,
    since,
  );
  return rows[0] ?? { failures: 0, oldest: null };
}

function blockedUntil(window: Window, limit: number): number {
  return window.failures >= limit && window.oldest ? window.oldest.getTime() + THROTTLE_WINDOW_MS : 0;
}

/**
 * Whether a sign-in may be checked now. Per client: 20 failures in 15 minutes. Per account: 5
 * failures since its last success in 15 minutes, which anyone can cause; so an address from
 * which the account signed in successfully in the last KNOWN_CLIENT_DAYS days (its owner's
 * desk) is held to its own failures on the account instead, with the same limit (issue 15 §7,
 * docs/operations.md "Security").
 */
export async function checkSignInAllowed(db: Queryable, keys: ThrottleKeys, now = new Date()): Promise<ThrottleDecision> {
  const [account, client, known] = await Promise.all([
    windowState(db, "account_key = $1", [keys.accountKey], now, true),
    windowState(db, "client_key = $1", [keys.clientKey], now, false),
    db.$queryRawUnsafe<{ known: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM sign_in_attempts WHERE account_key = $1 AND client_key = $2 AND succeeded AND at > $3::timestamp) AS known`,
      keys.accountKey,
      keys.clientKey,
      new Date(now.getTime() - KNOWN_CLIENT_DAYS * DAY_MS),
    ),
  ]);
  const accountWindow = known[0]?.known ? await windowState(db, "account_key = $1 AND client_key = $2", [keys.accountKey, keys.clientKey], now, true) : account;
  const until = Math.max(blockedUntil(accountWindow, ACCOUNT_FAILURE_LIMIT), blockedUntil(client, CLIENT_FAILURE_LIMIT));
  if (until <= now.getTime()) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}

/** Per-key advisory locks of one transaction: the account's first, then the client's (never the other way, so no deadlock). */
async function lockKeys(tx: Queryable, keys: ThrottleKeys): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text AS locked`, keys.accountKey);
  await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text AS locked`, keys.clientKey);
}

export type ReservedAttempt = { allowed: true; attemptId: bigint } | { allowed: false; retryAfterSeconds: number };

/**
 * Checks the throttle and records the attempt as a failure in one transaction holding advisory
 * locks on the account and the client, so that parallel attempts are decided one after the
 * other and at most the limit is ever checked. The caller verifies the password after the
 * commit (the locks are not held during the slow hash) and marks the attempt succeeded.
 */
export async function reserveSignInAttempt(db: Db, keys: ThrottleKeys, now = new Date()): Promise<ReservedAttempt> {
  return db.$transaction(async (tx) => {
    await lockKeys(tx, keys);
    const decision = await checkSignInAllowed(tx, keys, now);
    if (!decision.allowed) return decision;
    const attempt = await tx.signInAttempt.create({ data: { ...keys, succeeded: false, at: now }, select: { id: true } });
    return { allowed: true, attemptId: attempt.id };
    // Parallel attempts on one key queue on its lock, each for a few milliseconds; Prisma's
    // default 2 s wait for a pooled connection would fail some of them under load.
  }, RESERVE_TRANSACTION_OPTIONS);
}

const RESERVE_TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 10_000 } as const;

/** Marks a reserved attempt succeeded, and drops attempts that no longer serve a decision. */
export async function completeSignInAttempt(db: Db, attemptId: bigint, succeeded: boolean, now = new Date()): Promise<void> {
  if (succeeded) await db.signInAttempt.update({ where: { id: attemptId }, data: { succeeded: true } });
  await pruneAttempts(db, now);
}

export async function recordSignInAttempt(db: Db, keys: ThrottleKeys, succeeded: boolean, now = new Date()): Promise<void> {
  await db.signInAttempt.create({ data: { ...keys, succeeded, at: now } });
  await pruneAttempts(db, now);
}

/** Failures older than a day serve no decision; successes mark known addresses for KNOWN_CLIENT_DAYS. */
async function pruneAttempts(db: Db, now: Date): Promise<void> {
  await db.signInAttempt.deleteMany({
    where: { OR: [{ succeeded: false, at: { lt: new Date(now.getTime() - DAY_MS) } }, { at: { lt: new Date(now.getTime() - KNOWN_CLIENT_DAYS * DAY_MS) } }] },
  });
}

export function describeRetryAfter(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "in a minute" : `in ${minutes} minutes`;
}
