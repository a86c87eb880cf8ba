import { describe, expect, it } from "vitest";
import { isExpensivePage, isExpensiveRequest } from "./expensive-paths";
import { EXPENSIVE_BURST, UserRateLimiter } from "./user-rate-limit";

describe("the per-user limit on expensive requests", () => {
  it("allows a burst, then refuses with a Retry-After until tokens come back", () => {
    const limiter = new UserRateLimiter(EXPENSIVE_BURST, 3);
    const now = 1_000_000;
    const decisions = Array.from({ length: 100 }, () => limiter.take("user-1", now));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(EXPENSIVE_BURST);
    expect(decisions.at(-1)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Another user is not affected.
    expect(limiter.take("user-2", now)).toEqual({ allowed: true });
    // One second later, three more.
    const later = Array.from({ length: 5 }, () => limiter.take("user-1", now + 1_000));
    expect(later.filter((decision) => decision.allowed)).toHaveLength(3);
  });

  it("counts the case list, the dashboards, the audit trail, exports and imports", () => {
    expect(isExpensiveRequest("GET", "/cases")).toBe(true);
    expect(isExpensiveRequest("GET", "/dashboard/characteristics")).toBe(true);
    expect(isExpensiveRequest("GET", "/admin/audit")).toBe(true);
    expect(isExpensiveRequest("GET", "/api/exports/cases")).toBe(true);
    expect(isExpensiveRequest("POST", "/api/import")).toBe(true);
    expect(isExpensiveRequest("GET", "/cases/12")).toBe(false);
    expect(isExpensiveRequest("GET", "/api/health")).toBe(false);
    expect(isExpensivePage("/dashboard/outcomes")).toBe(true);
    expect(isExpensivePage("/cases/12/history")).toBe(false);
    expect(isExpensivePage("/exports")).toBe(false);
  });
});
