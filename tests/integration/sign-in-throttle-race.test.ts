// Security round 2 (issue 15 §7): the throttle's check and record are atomic per account and per
// client, and locking an account out does not lock its owner out of the address they sign in from.
import { beforeAll, describe, expect, it } from "vitest";
import { authenticateWithPassword } from "../../lib/auth/authenticate";
import { ACCOUNT_FAILURE_LIMIT } from "../../lib/auth/throttle";
import { getDb } from "../../lib/db/client";
import { AppError } from "../../lib/errors";
import { FIXTURE_PASSWORD, createFixture, type Fixture } from "../support/fixtures";

let fixture: Fixture;
let counter = 0;
const freshClient = () => `198.18.${Math.floor(counter / 250)}.${(counter += 1) % 250}`;

beforeAll(async () => {
  fixture = await createFixture("race");
});

async function newAccount(): Promise<string> {
  const db = await getDb();
  const hash = (await db.user.findUniqueOrThrow({ where: { id: fixture.investigator.id } })).passwordHash;
  const account = await db.user.create({ data: { email: `race-${Date.now()}-${(counter += 1)}@test.example`, name: "Race target", role: "INVESTIGATOR", passwordHash: hash } });
  return account.email;
}

async function outcomes(attempts: Promise<unknown>[]): Promise<Record<string, number>> {
  const settled = await Promise.allSettled(attempts);
  const counts: Record<string, number> = {};
  for (const result of settled) {
    const key = result.status === "fulfilled" ? "SIGNED_IN" : result.reason instanceof AppError ? result.reason.code : "OTHER";
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe("sign-in throttle under parallel attempts", () => {
  it("checks at most five of 40 parallel wrong passwords for one account from one client", async () => {
    const email = await newAccount();
    const client = freshClient();
    const counts = await outcomes(Array.from({ length: 40 }, (_, index) => authenticateWithPassword({ email, password: `wrong-password-${index}` }, client)));
    expect(counts).toEqual({ UNAUTHENTICATED: ACCOUNT_FAILURE_LIMIT, RATE_LIMITED: 40 - ACCOUNT_FAILURE_LIMIT });
  });

  it("checks at most five of 40 parallel wrong passwords for one account from 40 clients", async () => {
    const email = await newAccount();
    const counts = await outcomes(Array.from({ length: 40 }, (_, index) => authenticateWithPassword({ email, password: `wrong-password-${index}` }, freshClient())));
    expect(counts).toEqual({ UNAUTHENTICATED: ACCOUNT_FAILURE_LIMIT, RATE_LIMITED: 40 - ACCOUNT_FAILURE_LIMIT });
  });
});

describe("an account locked by someone else", () => {
  it("lets its owner in with the right password from the address they signed in from, and no one else", async () => {
    const email = await newAccount();
    const ownersDesk = freshClient();
    await authenticateWithPassword({ email, password: FIXTURE_PASSWORD }, ownersDesk);
    // An attacker locks the account from elsewhere.
    for (let attempt = 0; attempt < ACCOUNT_FAILURE_LIMIT; attempt += 1) {
      await authenticateWithPassword({ email, password: `guess-${attempt}-password` }, freshClient()).catch(() => null);
    }
    const stranger = await authenticateWithPassword({ email, password: FIXTURE_PASSWORD }, freshClient()).catch((error: unknown) => error);
    expect((stranger as AppError).code).toBe("RATE_LIMITED");
    const owner = await authenticateWithPassword({ email, password: FIXTURE_PASSWORD }, ownersDesk);
    expect(owner.email).toBe(email);
  });

  it("still limits the owner's address once it fails too", async () => {
    const email = await newAccount();
    const ownersDesk = freshClient();
    await authenticateWithPassword({ email, password: FIXTURE_PASSWORD }, ownersDesk);
    for (let attempt = 0; attempt < ACCOUNT_FAILURE_LIMIT; attempt += 1) {
      await authenticateWithPassword({ email, password: `guess-${attempt}-password` }, freshClient()).catch(() => null);
    }
    // Guesses from the owner's address count against that address, up to the same limit.
    const fromDesk = await outcomes(Array.from({ length: 10 }, (_, index) => authenticateWithPassword({ email, password: `typo-${index}-password` }, ownersDesk)));
    expect(fromDesk).toEqual({ UNAUTHENTICATED: ACCOUNT_FAILURE_LIMIT, RATE_LIMITED: 10 - ACCOUNT_FAILURE_LIMIT });
    const owner = await authenticateWithPassword({ email, password: FIXTURE_PASSWORD }, ownersDesk).catch((error: unknown) => error);
    expect((owner as AppError).code).toBe("RATE_LIMITED");
  });
});
