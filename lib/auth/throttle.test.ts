import { describe, expect, it } from "vitest";
import { clientAddressOf, describeRetryAfter, throttleKeys } from "./throttle";

describe("clientAddressOf", () => {
  it("takes the last X-Forwarded-For hop, the one our reverse proxy appended", () => {
    expect(clientAddressOf(new Headers({ "x-forwarded-for": "10.0.0.1, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddressOf(new Headers({ "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddressOf(new Headers({ "x-forwarded-for": " 198.51.100.1 ,, 2001:db8::1 , " }))).toBe("2001:db8::1");
  });

  it("falls back to X-Real-IP, then to one shared 'unknown' client", () => {
    expect(clientAddressOf(new Headers({ "x-real-ip": "198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientAddressOf(new Headers({ "x-forwarded-for": " , " , "x-real-ip": "198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientAddressOf(new Headers())).toBe("unknown");
  });
});

describe("throttleKeys", () => {
  it("are SHA-256 digests, the same for any case or spacing of the e-mail, and different per client", () => {
    const keys = throttleKeys("Ada@Hospital.example", "203.0.113.9");
    expect(keys.accountKey).toMatch(/^[0-9a-f]{64}$/);
    expect(keys).toEqual(throttleKeys(" ada@hospital.EXAMPLE ", "203.0.113.9"));
    expect(throttleKeys("ada@hospital.example", "203.0.113.10").clientKey).not.toBe(keys.clientKey);
    expect(throttleKeys("bob@hospital.example", "203.0.113.9").accountKey).not.toBe(keys.accountKey);
    // An account key never equals a client key for the same text.
    expect(throttleKeys("x", "x").accountKey).not.toBe(throttleKeys("x", "x").clientKey);
  });
});

describe("describeRetryAfter", () => {
  it("rounds up to whole minutes", () => {
    expect(describeRetryAfter(1)).toBe("in a minute");
    expect(describeRetryAfter(60)).toBe("in a minute");
    expect(describeRetryAfter(61)).toBe("in 2 minutes");
    expect(describeRetryAfter(900)).toBe("in 15 minutes");
  });
});
