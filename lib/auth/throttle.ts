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

async function windowState(db: Db, column: "account_key" | "client_key", key: string, now: Date) {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  // An account's failures count from the later of the window start and its last success (the
  // owner got in, so earlier typos no longer matter). A client's failures all count: otherwise
  // anyone holding one valid account could sign into it between guesses at other accounts and
  // never meet the per-client limit (password spraying).
  const resetBySuccess =
    column === "account_key"
      ? `AND at > COALESCE((SELECT max(at) FROM sign_in_attempts WHERE account_key = $1 AND succeeded), $2::timestamp)`
      : "";
  const rows = await db.$queryRawUnsafe<{ failures: number; oldest: Date | null }[]>(
    `SELECT count(*)::int AS failures, min(at) AS oldest
       FROM sign_in_attempts
      WHERE ${column} = $1 AND NOT succeeded AND at > $2::timestamp ${resetBySuccess}`,
    key,
    since,
  );
  return rows[0] ?? { failures: 0, oldest: null };
}

export async function checkSignInAllowed(db: Db, keys: ThrottleKeys, now = new Date()): Promise<ThrottleDecision> {
  const [account, client] = await Promise.all([
    windowState(db, "account_key", keys.accountKey, now),
    windowState(db, "client_key", keys.clientKey, now),
  ]);
  const blockedUntil = [
    account.failures >= ACCOUNT_FAILURE_LIMIT && account.oldest ? account.oldest.getTime() + THROTTLE_WINDOW_MS : 0,
    client.failures >= CLIENT_FAILURE_LIMIT && client.oldest ? client.oldest.getTime() + THROTTLE_WINDOW_MS : 0,
  ].reduce((a, b) => Math.max(a, b), 0);
  if (blockedUntil <= now.getTime()) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((blockedUntil - now.getTime()) / 1000)) };
}

export async function recordSignInAttempt(db: Db, keys: ThrottleKeys, succeeded: boolean, now = new Date()): Promise<void> {
  await db.signInAttempt.create({ data: { ...keys, succeeded, at: now } });
  // Attempts older than a day serve no decision: keep the table small.
  await db.signInAttempt.deleteMany({ where: { at: { lt: new Date(now.getTime() - 24 * 60 * 60 * 1000) } } });
}

export function describeRetryAfter(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "in a minute" : `in ${minutes} minutes`;
}
