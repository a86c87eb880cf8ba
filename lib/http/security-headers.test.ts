import { describe, expect, it } from "vitest";
import type { NextConfig } from "next";
import { HSTS_HEADER, STATIC_SECURITY_HEADERS, contentSecurityPolicy, isSameOriginMutation } from "./security-headers";

const directives = (csp: string) => new Map(csp.split(";").map((part) => part.trim().split(/\s+/)).map(([name = "", ...values]) => [name, values]));

describe("contentSecurityPolicy", () => {
  const production = directives(contentSecurityPolicy("bm9uY2U=", false));

  it("allows scripts only with the request's nonce, never eval, in production", () => {
    const scripts = production.get("script-src") ?? [];
    expect(scripts).toContain("'nonce-bm9uY2U='");
    expect(scripts).toContain("'strict-dynamic'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(contentSecurityPolicy("bm9uY2U=", false)).not.toContain("unsafe-eval");
  });

  it("forbids framing, plugins, foreign form targets and base URLs", () => {
    expect(production.get("frame-ancestors")).toEqual(["'none'"]);
    expect(production.get("object-src")).toEqual(["'none'"]);
    expect(production.get("form-action")).toEqual(["'self'"]);
    expect(production.get("base-uri")).toEqual(["'self'"]);
    expect(production.get("default-src")).toEqual(["'self'"]);
    expect(production.get("connect-src")).toEqual(["'self'"]);
  });

  it("puts a different nonce in each policy", () => {
    expect(contentSecurityPolicy("YQ==", false)).toContain("'nonce-YQ=='");
    expect(contentSecurityPolicy("Yg==", false)).not.toContain("'nonce-YQ=='");
  });

  it("adds eval only for React's development build", () => {
    expect(directives(contentSecurityPolicy("bm9uY2U=", true)).get("script-src")).toContain("'unsafe-eval'");
  });
});

describe("static security headers", () => {
  it("forbid sniffing and framing and limit the referrer", () => {
    expect(STATIC_SECURITY_HEADERS["X-Content-Type-Options"]).toBe("nosniff");
    expect(STATIC_SECURITY_HEADERS["X-Frame-Options"]).toBe("DENY");
    expect(STATIC_SECURITY_HEADERS["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(HSTS_HEADER).toMatch(/^max-age=(\d+); includeSubDomains$/);
    expect(Number(/max-age=(\d+)/.exec(HSTS_HEADER)?.[1])).toBeGreaterThanOrEqual(31_536_000);
  });

  it("are the ones next.config.js sends on every response, static files included", async () => {
    // next.config.js is plain JavaScript (no types to import): loaded by URL and typed here.
    const configUrl = new URL("../../next.config.js", import.meta.url).href;
    const { default: nextConfig } = (await import(/* @vite-ignore */ configUrl)) as { default: NextConfig };
    const rules = await nextConfig.headers?.();
    const all = rules?.find((rule) => rule.source === "/:path*");
    expect(Object.fromEntries((all?.headers ?? []).map((header) => [header.key, header.value]))).toEqual(STATIC_SECURITY_HEADERS);
  });
});

describe("isSameOriginMutation (CSRF defence for route handlers)", () => {
  const allowed = ["http://localhost:3000", "https://her2.example.org"];
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) expect(isSameOriginMutation(method, headers({ origin: "https://evil.example" }), allowed)).toBe(true);
  });

  it("accepts a mutation from one of our origins", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
      expect(isSameOriginMutation(method, headers({ origin: "https://her2.example.org" }), allowed)).toBe(true);
    }
    expect(isSameOriginMutation("POST", headers({ referer: "http://localhost:3000/cases/new?x=1" }), allowed)).toBe(true);
  });

  it("refuses a mutation from another origin, or with no origin at all", () => {
    expect(isSameOriginMutation("POST", headers({ origin: "https://evil.example" }), allowed)).toBe(false);
    expect(isSameOriginMutation("DELETE", headers({ origin: "null" }), allowed)).toBe(false);
    expect(isSameOriginMutation("POST", headers({ origin: "https://her2.example.org.evil.example" }), allowed)).toBe(false);
    expect(isSameOriginMutation("POST", headers({ origin: "http://her2.example.org" }), allowed)).toBe(false);
    expect(isSameOriginMutation("POST", headers({ referer: "https://evil.example/http://localhost:3000" }), allowed)).toBe(false);
    expect(isSameOriginMutation("POST", headers({ referer: "not a url" }), allowed)).toBe(false);
    expect(isSameOriginMutation("POST", headers({}), allowed)).toBe(false);
  });

  it("trusts Origin over Referer when both are sent", () => {
    expect(isSameOriginMutation("POST", headers({ origin: "https://evil.example", referer: "http://localhost:3000/" }), allowed)).toBe(false);
  });
});
