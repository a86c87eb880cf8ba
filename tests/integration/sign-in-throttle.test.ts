// Sign-in throttling against a real database (product.md §8: 5 failures in 15 min → 429).
import { describe, expect, it } from "vitest";
import {
  ACCOUNT_FAILURE_LIMIT,
  CLIENT_FAILURE_LIMIT,
  THROTTLE_WINDOW_MS,
  checkSignInAllowed,
  recordSignInAttempt,
  throttleKeys,
} from "../../lib/auth/throttle";
import { getDb } from "../../lib/db/client";

const NOW = new Date("2026-11-27T12:00:00.000Z");
const minutesBefore = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
let counter = 0;
const uniqueEmail = () => `throttle-${(counter += 1)}-${Math.random().toString(36).slice(2, 8)}@test.example`;
const uniqueClient = () => `203.0.113.${Math.floor(Math.random() * 250)}-${(counter += 1)}`;

async function fail(email: string, client: string, at: Date) {
  await recordSignInAttempt(await getDb(), throttleKeys(email, client), false, at);
}

describe("sign-in throttling per account", () => {
  it("allows four failures and refuses the fifth, until the oldest leaves the 15-minute window", async () => {
    const db = await getDb();
    const email = uniqueEmail();
    const keys = throttleKeys(email, uniqueClient());
    for (const minutes of [10, 8, 6, 4]) await fail(email, uniqueClient(), minutesBefore(minutes));
    expect(await checkSignInAllowed(db, keys, NOW)).toEqual({ allowed: true });

    await fail(email, uniqueClient(), minutesBefore(2));
    const refused = await checkSignInAllowed(db, keys, NOW);
    // The oldest failure (10 min ago) leaves the window in 5 minutes.
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 300 });
    expect(ACCOUNT_FAILURE_LIMIT).toBe(5);
    expect(THROTTLE_WINDOW_MS).toBe(15 * 60_000);

    // Once it has left, one more attempt is allowed.
    expect(await checkSignInAllowed(db, keys, new Date(NOW.getTime() + 300_001))).toEqual({ allowed: true });
  });

  it("never asks to wait longer than the window", async () => {
    const db = await getDb();
    const email = uniqueEmail();
    for (let index = 0; index < 12; index += 1) await fail(email, uniqueClient(), NOW);
    const decision = await checkSignInAllowed(db, throttleKeys(email, uniqueClient()), NOW);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) {
      expect(decision.retryAfterSeconds).toBeGreaterThan(0);
      expect(decision.retryAfterSeconds).toBeLessThanOrEqual(900);
    }
  });

  it("ignores failures older than the window", async () => {
    const db = await getDb();
    const email = uniqueEmail();
    for (let index = 0; index < 6; index += 1) await fail(email, uniqueClient(), minutesBefore(16 + index));
    expect(await checkSignInAllowed(db, throttleKeys(email, uniqueClient()), NOW)).toEqual({ allowed: true });
  });

  it("counts an account's failures again from its last successful sign-in", async () => {
    const db = await getDb();
    const email = uniqueEmail();
    const client = uniqueClient();
    for (const minutes of [12, 11, 10, 9]) await fail(email, client, minutesBefore(minutes));
    await recordSignInAttempt(db, throttleKeys(email, client), true, minutesBefore(8));
    for (const minutes of [7, 6, 5, 4]) await fail(email, client, minutesBefore(minutes));
    expect(await checkSignInAllowed(db, throttleKeys(email, uniqueClient()), NOW)).toEqual({ allowed: true });
    await fail(email, client, minutesBefore(3));
    expect((await checkSignInAllowed(db, throttleKeys(email, uniqueClient()), NOW)).allowed).toBe(false);
  });

  it("treats e-mail addresses without regard to case or spaces", async () => {
    const db = await getDb();
    const email = uniqueEmail();
    for (let index = 0; index < 5; index += 1) await fail(index % 2 ? email.toUpperCase() : ` ${email} `, uniqueClient(), NOW);
    expect((await checkSignInAllowed(db, throttleKeys(email, uniqueClient()), NOW)).allowed).toBe(false);
  });
});

describe("sign-in throttling per client", () => {
  it("refuses a client after 20 failures across accounts, and not a different client", async () => {
    const db = await getDb();
    const client = uniqueClient();
    expect(CLIENT_FAILURE_LIMIT).toBe(20);
    for (let index = 0; index < CLIENT_FAILURE_LIMIT - 1; index += 1) await fail(uniqueEmail(), client, minutesBefore(5));
    expect(await checkSignInAllowed(db, throttleKeys(uniqueEmail(), client), NOW)).toEqual({ allowed: true });
    await fail(uniqueEmail(), client, minutesBefore(1));
    expect(await checkSignInAllowed(db, throttleKeys(uniqueEmail(), client), NOW)).toEqual({ allowed: false, retryAfterSeconds: 600 });
    expect(await checkSignInAllowed(db, throttleKeys(uniqueEmail(), uniqueClient()), NOW)).toEqual({ allowed: true });
  });

  it("is not reset by a successful sign-in from the same client (no password spraying between own sign-ins)", async () => {
    const db = await getDb();
    const client = uniqueClient();
    for (let index = 0; index < CLIENT_FAILURE_LIMIT - 1; index += 1) await fail(uniqueEmail(), client, minutesBefore(6));
    await recordSignInAttempt(db, throttleKeys(uniqueEmail(), client), true, minutesBefore(4));
    await fail(uniqueEmail(), client, minutesBefore(3));
    expect((await checkSignInAllowed(db, throttleKeys(uniqueEmail(), client), NOW)).allowed).toBe(false);
  });
});

describe("what the throttle stores", () => {
  it("keeps SHA-256 digests, never the e-mail address or the client address", async () => {
    const db = await getDb();
    const email = `Private.Person-${Math.random().toString(36).slice(2, 8)}@hospital.example`;
    const client = "198.51.100.77";
    const keys = throttleKeys(email, client);
    expect(keys.accountKey).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.clientKey).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.accountKey).not.toBe(keys.clientKey);
    await fail(email, client, NOW);
    const rows = await db.signInAttempt.findMany({ where: { accountKey: keys.accountKey } });
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
    expect(stored.toLowerCase()).not.toContain(email.toLowerCase());
    expect(stored.toLowerCase()).not.toContain("private.person");
    expect(stored).not.toContain(client);
  });

  it("drops attempts older than a day when recording a new one", async () => {
    const db = await getDb();
    const email = uniqueEmail();
    await fail(email, uniqueClient(), minutesBefore(25 * 60));
    await fail(uniqueEmail(), uniqueClient(), NOW);
    expect(await db.signInAttempt.count({ where: { accountKey: throttleKeys(email, "x").accountKey } })).toBe(0);
  });
});
