import { describe, expect, it } from "vitest";
import { isApiPath, isPublicPath } from "./public-paths";

describe("isPublicPath: the sign-in page, the auth endpoints and the health check only (product.md §1)", () => {
  it.each(["/sign-in", "/api/health", "/api/auth", "/api/auth/csrf", "/api/auth/callback/credentials", "/api/auth/session", "/api/auth/signout"])(
    "%s is public",
    (path) => expect(isPublicPath(path)).toBe(true),
  );

  it.each([
    "/",
    "/dashboard",
    "/cases",
    "/cases/1",
    "/admin",
    "/sign-in/extra",
    "/sign-inx",
    "/api",
    "/api/cases",
    "/api/health/extra",
    "/api/healthz",
    "/api/authx",
    "/api/authentication",
    "/api/exports/patients.csv",
    "/SIGN-IN",
  ])("%s needs a session", (path) => expect(isPublicPath(path)).toBe(false));
});

describe("isApiPath", () => {
  it("is /api and what lies under it", () => {
    expect(isApiPath("/api")).toBe(true);
    expect(isApiPath("/api/cases")).toBe(true);
    expect(isApiPath("/apix")).toBe(false);
    expect(isApiPath("/cases/api")).toBe(false);
  });
});
