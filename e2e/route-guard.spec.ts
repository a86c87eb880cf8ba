// Every page and API route requires a session, except the sign-in page, the auth endpoints and
// the health check (product.md §1). The routes are read from app/ when the spec is collected, so
// a route added later is tested without anyone remembering to list it here.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type APIResponse } from "@playwright/test";
import { E2E_BASE_URL } from "./support/constants";

const APP_DIR = fileURLToPath(new URL("../app", import.meta.url));

type Route = { kind: "page" | "api"; file: string; url: string; methods: string[] };

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** A concrete URL for a route folder: groups and slots dropped, dynamic segments given a plausible value. */
function urlOf(folder: string): string {
  const segments = folder
    .split("/")
    .filter((segment) => segment !== "" && !/^\(.*\)$/.test(segment) && !segment.startsWith("@"))
    .flatMap((segment) => {
      if (/^\[\[\.\.\..+\]\]$/.test(segment)) return [];
      if (/^\[\.\.\..+\]$/.test(segment)) return ["first", "second"];
      if (/^\[.+\]$/.test(segment)) return ["1"];
      return [segment];
    });
  return `/${segments.join("/")}`;
}

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

/** The HTTP methods a route handler exports (function or destructured const), plus GET and POST always. */
function methodsOf(source: string): string[] {
  const exported = new Set<string>(["GET", "POST"]);
  for (const method of HTTP_METHODS) {
    if (new RegExp(`export\\s+(async\\s+)?function\\s+${method}\\b|export\\s+const\\s+${method}\\b|export\\s+const\\s*\\{[^}]*\\b${method}\\b[^}]*\\}`).test(source)) {
      exported.add(method);
    }
  }
  exported.delete("HEAD");
  return [...exported];
}

const ROUTES: Route[] = listFiles(APP_DIR)
  .map((file) => path.relative(APP_DIR, file).split(path.sep).join("/"))
  .filter((file) => /(^|\/)(page\.tsx|route\.ts)$/.test(file))
  .filter((file) => !file.split("/").some((segment) => segment.startsWith("(.") || segment.startsWith("(..")))
  .map((file) => {
    const folder = path.posix.dirname(file) === "." ? "" : path.posix.dirname(file);
    const kind = file.endsWith("route.ts") ? ("api" as const) : ("page" as const);
    return { kind, file, url: urlOf(folder), methods: kind === "api" ? methodsOf(readFileSync(path.join(APP_DIR, file), "utf8")) : ["GET"] };
  });

// The three public entry points of product.md §1, by their files.
const PUBLIC_FILES = new Set(["sign-in/page.tsx", "api/auth/[...nextauth]/route.ts", "api/health/route.ts"]);
const GUARDED = ROUTES.filter((route) => !PUBLIC_FILES.has(route.file));

test("the enumeration finds the app's routes and the three public ones", () => {
  const files = ROUTES.map((route) => route.file);
  for (const file of PUBLIC_FILES) expect(files).toContain(file);
  const urls = GUARDED.map((route) => route.url);
  for (const url of ["/", "/dashboard", "/cases", "/import", "/exports", "/admin", "/admin/users", "/admin/users/1", "/admin/sites", "/admin/audit"]) {
    expect(urls).toContain(url);
  }
});

async function expectSignInRedirect(response: APIResponse, url: string): Promise<void> {
  expect([302, 303, 307, 308], `${url} answered ${response.status()}`).toContain(response.status());
  const location = new URL(response.headers().location ?? "", E2E_BASE_URL);
  expect(location.origin).toBe(new URL(E2E_BASE_URL).origin);
  expect(location.pathname).toBe("/sign-in");
  expect(location.searchParams.get("callbackUrl")).toBe(url);
}

async function expectUnauthenticatedJson(response: APIResponse, what: string): Promise<void> {
  expect(response.status(), what).toBe(401);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(await response.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "Sign in to continue." } });
}

test.describe("anonymous requests are refused", () => {
  for (const route of GUARDED.filter((candidate) => candidate.kind === "page")) {
    test(`page ${route.url} (${route.file}) redirects to sign-in`, async ({ request }) => {
      await expectSignInRedirect(await request.get(route.url, { maxRedirects: 0 }), route.url);
      // A query string survives the round trip through sign-in.
      const withQuery = `${route.url}${route.url.includes("?") ? "&" : "?"}page=2`;
      await expectSignInRedirect(await request.get(withQuery, { maxRedirects: 0 }), withQuery);
    });
  }

  for (const route of GUARDED.filter((candidate) => candidate.kind === "api")) {
    for (const method of route.methods) {
      test(`API ${method} ${route.url} (${route.file}) answers 401`, async ({ request }) => {
        // A same-origin request, so that it is the sign-in gate that answers, not the origin check.
        const response = await request.fetch(route.url, { method, maxRedirects: 0, headers: { Origin: E2E_BASE_URL }, ...(method === "GET" ? {} : { data: {} }) });
        await expectUnauthenticatedJson(response, `${method} ${route.url}`);
      });
    }
  }

  test("an API path that does not exist answers 401 too, not 404 (nothing is revealed)", async ({ request }) => {
    await expectUnauthenticatedJson(await request.get("/api/cases-that-do-not-exist", { maxRedirects: 0 }), "GET unknown API");
    await expectUnauthenticatedJson(await request.post("/api/x", { maxRedirects: 0, headers: { Origin: E2E_BASE_URL }, data: {} }), "POST unknown API");
  });

  test("a server action posted to a page without a session is sent to sign-in", async ({ request }) => {
    const response = await request.post("/admin/users/new", {
      maxRedirects: 0,
      headers: { Origin: E2E_BASE_URL, "Next-Action": "0".repeat(42), "Content-Type": "text/plain;charset=UTF-8" },
      data: "[]",
    });
    await expectSignInRedirect(response, "/admin/users/new");
  });
});

test.describe("the public entry points are reachable without a session", () => {
  test("the sign-in page", async ({ request }) => {
    const response = await request.get("/sign-in", { maxRedirects: 0 });
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain("Sign in with your study account");
  });

  test("the health check", async ({ request }) => {
    const response = await request.get("/api/health", { maxRedirects: 0 });
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  test("the auth endpoints", async ({ request }) => {
    const csrf = await request.get("/api/auth/csrf", { maxRedirects: 0 });
    expect(csrf.status()).toBe(200);
    expect(((await csrf.json()) as { csrfToken?: unknown }).csrfToken).toEqual(expect.any(String));
    const session = await request.get("/api/auth/session", { maxRedirects: 0 });
    expect(session.status()).toBe(200);
    const providers = await request.get("/api/auth/providers", { maxRedirects: 0 });
    expect(providers.status()).toBe(200);
    expect(await providers.json()).toHaveProperty("credentials");
  });
});
