// The parts of the Auth.js configuration that decide how long a session lives, what it
// carries, and what reaches the logs.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JWT } from "@auth/core/jwt";
import { SESSION_MAX_AGE_SECONDS, authBaseConfig } from "./auth-base-config";

type JwtParams = Parameters<typeof authBaseConfig.callbacks.jwt>[0];
const jwt = (params: Partial<JwtParams>) => authBaseConfig.callbacks.jwt({ token: {}, account: null, ...params } as JwtParams);

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("session lifetime", () => {
  it("is 8 hours unless SESSION_MAX_AGE_HOURS says otherwise", () => {
    expect(SESSION_MAX_AGE_SECONDS).toBe(8 * 3600);
    expect(authBaseConfig.session.maxAge).toBe(SESSION_MAX_AGE_SECONDS);
    expect(authBaseConfig.session.strategy).toBe("jwt");
  });

  it("puts the user's id, role, site and sign-in time in the token at sign-in", async () => {
    vi.useFakeTimers({ now: Date.parse("2026-11-27T08:00:00Z") });
    const token = (await jwt({ token: { email: "c@test.example" }, user: { id: "cuser", role: "COORDINATOR", siteId: 4 } as JwtParams["user"] })) as JWT;
    expect(token).toMatchObject({ uid: "cuser", role: "COORDINATOR", siteId: 4, signedInAt: Date.parse("2026-11-27T08:00:00Z") });
    const unknownRole = (await jwt({ token: {}, user: { id: "x", role: "ROOT" } as unknown as JwtParams["user"] })) as JWT;
    expect(unknownRole.role).toBeUndefined();
    expect(unknownRole.siteId).toBeNull();
  });

  it("ends a session at its maximum age however much it is used: an absolute, not a sliding, expiry", async () => {
    const signedInAt = Date.parse("2026-11-27T08:00:00Z");
    const token: JWT = { uid: "cuser", role: "INVESTIGATOR", siteId: null, signedInAt };
    vi.useFakeTimers({ now: signedInAt + SESSION_MAX_AGE_SECONDS * 1000 - 1 });
    expect(await jwt({ token })).toEqual(token);
    vi.setSystemTime(signedInAt + SESSION_MAX_AGE_SECONDS * 1000 + 1);
    expect(await jwt({ token })).toBeNull();
    expect(await jwt({ token: { uid: "cuser", role: "ADMIN" } })).toBeNull();
  });
});

describe("the Auth.js logger", () => {
  it("logs the kind of an error only, never its message or cause (which may hold credentials)", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    const error = Object.assign(new Error("authorize failed for ada@hospital.example with password hunter2-secret"), {
      type: "CredentialsSignin",
      cause: { credentials: { email: "ada@hospital.example", password: "hunter2-secret" } },
    });
    authBaseConfig.logger.error(error);
    expect(lines).toEqual(["[auth] CredentialsSignin"]);
    authBaseConfig.logger.error(new TypeError("token eyJhbGciOi... is bad"));
    expect(lines.at(-1)).toBe("[auth] TypeError");
  });
});
