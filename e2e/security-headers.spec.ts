// Browser security on every response (product.md §8): CSP without eval and with a per-request
// nonce, no framing, no sniffing, a limited referrer, HSTS over https, and cross-origin API
// mutations refused.
import { expect, test, type APIResponse } from "@playwright/test";
import { isExpensivePage } from "../lib/http/expensive-paths";
import { E2E_BASE_URL } from "./support/constants";
import { signIn } from "./support/sign-in";

function expectSecurityHeaders(response: APIResponse): string {
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-powered-by"]).toBeUndefined();
  return csp;
}

test("a page carries the security headers, and its scripts carry the CSP's nonce", async ({ request }) => {
  const response = await request.get("/sign-in");
  expect(response.status()).toBe(200);
  const csp = expectSecurityHeaders(response);
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  const html = await response.text();
  const scriptNonces = [...html.matchAll(/<script[^>]*\snonce="([^"]+)"/g)].map((match) => match[1]);
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  // A fresh nonce for every response.
  const again = (await request.get("/sign-in")).headers()["content-security-policy"];
  expect(/'nonce-([^']+)'/.exec(again ?? "")?.[1]).not.toBe(nonce);
});

test("the health check, a redirect to sign-in and a refused API call carry them too", async ({ request }) => {
  expectSecurityHeaders(await request.get("/api/health"));
  expectSecurityHeaders(await request.get("/dashboard", { maxRedirects: 0 }));
  expectSecurityHeaders(await request.get("/api/anything", { maxRedirects: 0 }));
});

test("HSTS is sent when the request came over https, and not over plain http", async ({ request }) => {
  expect((await request.get("/api/health")).headers()["strict-transport-security"]).toBeUndefined();
  const overHttps = await request.get("/api/health", { headers: { "X-Forwarded-Proto": "https" } });
  expect(overHttps.headers()["strict-transport-security"]).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
});

test.describe("cross-origin mutations of the API are refused with 403", () => {
  const refused = async (response: APIResponse) => {
    expect(response.status()).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "FORBIDDEN", message: "Cross-site request refused." } });
    expectSecurityHeaders(response);
  };

  test("a POST with a foreign Origin", async ({ request }) => {
    await refused(await request.post("/api/health", { headers: { Origin: "https://evil.example" }, data: {}, maxRedirects: 0 }));
    await refused(await request.delete("/api/cases/1", { headers: { Origin: "https://evil.example" }, maxRedirects: 0 }));
  });

  test("a sign-in posted from another site", async ({ request }) => {
    await refused(
      await request.post("/api/auth/callback/credentials", {
        headers: { Origin: "https://evil.example" },
        form: { email: "admin@demo.example", password: "whatever-it-is", csrfToken: "x" },
        maxRedirects: 0,
      }),
    );
  });

  test("a POST with neither Origin nor Referer", async ({ request }) => {
    await refused(await request.post("/api/health", { data: {}, maxRedirects: 0 }));
  });

  test("a POST from a foreign Referer, and a same-origin one that passes the check", async ({ request }) => {
    await refused(await request.post("/api/health", { headers: { Referer: "https://evil.example/page" }, data: {}, maxRedirects: 0 }));
    // Same origin: past the origin check (health takes no POST, so Next answers 405).
    const sameOrigin = await request.post("/api/health", { headers: { Origin: E2E_BASE_URL }, data: {}, maxRedirects: 0 });
    expect(sameOrigin.status()).toBe(405);
  });
});

test("one user's flood of expensive requests is refused with 429 and Retry-After, not served to everyone's cost", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "investigator");
  const answers = await Promise.all(Array.from({ length: 90 }, () => page.request.get("/cases", { maxRedirects: 0 })));
  const refused = answers.filter((answer) => answer.status() === 429);
  expect(refused.length).toBeGreaterThanOrEqual(20);
  expect(answers.filter((answer) => answer.status() === 200).length).toBeGreaterThan(0);
  expect(Number(refused[0]?.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
  // The limit is per user: another account is served meanwhile.
  const other = await page.context().browser()?.newContext();
  const otherPage = await other?.newPage();
  if (otherPage) {
    await signIn(otherPage, "coordinator");
    expect((await otherPage.request.get("/cases", { maxRedirects: 0 })).status()).toBe(200);
    await other?.close();
  }
  // Once the bucket has refilled, the user is served again.
  await page.waitForTimeout(11_000);
  expect((await page.request.get("/cases", { maxRedirects: 0 })).status()).toBe(200);
});

test("browsing the dashboards quickly is never refused: the menu's and tabs' prefetches do not use up the account's requests", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "coordinator");
  const prefetches: string[] = [];
  const refused: string[] = [];
  page.on("request", (request) => {
    if (request.headers()["next-router-prefetch"] === "1") prefetches.push(request.url());
  });
  page.on("response", (response) => {
    if (response.status() === 429) refused.push(response.url());
  });
  for (let round = 0; round < 2; round += 1) {
    for (const path of ["/dashboard", "/dashboard/characteristics", "/dashboard/outcomes", "/dashboard/evolution", "/dashboard/agreement"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    }
  }
  // Links still prefetch the light pages (Import, Exports), but none of the rate-limited ones:
  // each prefetch of those took one of the account's requests, a dozen per page.
  expect(prefetches.length).toBeGreaterThan(0);
  expect(prefetches.map((url) => new URL(url).pathname).filter((path) => isExpensivePage(path))).toEqual([]);
  expect(refused).toEqual([]);
  // Ten page views took ten of the account's 30 requests, whatever their prefetches: what is left
  // is served (when prefetches counted as requests, the bucket was empty here and most got 429).
  const answers = await Promise.all(Array.from({ length: 15 }, () => page.request.get("/cases", { maxRedirects: 0 })));
  expect(answers.map((answer) => answer.status())).toEqual(Array.from({ length: 15 }, () => 200));
});
