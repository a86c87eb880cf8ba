import { describe, expect, it } from "vitest";
import { authSecretProblem } from "./auth-secret";

describe("the start-up check of AUTH_SECRET", () => {
  it("refuses a missing or empty secret with a message that says what to set", () => {
    for (const secret of [undefined, "", "   "]) {
      expect(authSecretProblem(secret)).toMatch(/AUTH_SECRET is not set[\s\S]*32 or more characters[\s\S]*npm run demo/);
    }
  });

  it("accepts a secret", () => {
    expect(authSecretProblem("x".repeat(43))).toBeNull();
  });
});
