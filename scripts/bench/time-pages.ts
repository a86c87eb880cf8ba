// Server render time of each dashboard tab over HTTP: the production build (`next start`) on the
// benchmark database, an investigator signed in through Auth.js's credentials endpoint, and
// each page's body read to the end (Table 1's p-values stream, so its body ends only when they
// are done).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { NEXT } from "../run-step";
import { NO_RATE_LIMIT_ENV } from "../test/app-server";
import { measure, type Timing } from "./measure";

export type PageTiming = { name: string; path: string; bytes: number; timing: Timing; /** Set when the tab failed (its timing is NaN). */ error?: string };

type Cookies = Map<string, string>;

function storeCookies(cookies: Cookies, response: Response): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const separator = pair?.indexOf("=") ?? -1;
    if (!pair || separator < 0) continue;
    cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
  }
}

function cookieHeader(cookies: Cookies): string {
  return [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
}

async function waitForServer(base: string, app: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`next start exited with code ${app.exitCode}`);
    try {
      const response = await fetch(`${base}/sign-in`, { redirect: "manual" });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`next start did not answer within ${timeoutMs / 1000} s`);
}

/** Signs in with the credentials provider as a browser would; returns the session cookies. */
async function signIn(base: string, email: string, password: string): Promise<Cookies> {
  const cookies: Cookies = new Map();
  const csrfResponse = await fetch(`${base}/api/auth/csrf`);
  storeCookies(cookies, csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base, cookie: cookieHeader(cookies) },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${base}/dashboard` }),
  });
  await response.arrayBuffer();
  storeCookies(cookies, response);
  if (![...cookies.keys()].some((name) => name.includes("session-token"))) {
    throw new Error(`Sign-in failed (HTTP ${response.status}, location ${response.headers.get("location") ?? "none"})`);
  }
  return cookies;
}

/**
 * GET of a page, its whole body read, through node:http rather than fetch: fetch (undici) gives
 * up after 300 s without headers or between two chunks, and a tab at 10M patients may take that.
 */
function getPage(url: string, cookie: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { cookie } }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.byteLength;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, bytes }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

export type PageBenchOptions = {
  databaseUrl: string;
  port: number;
  runs: number;
  /** Seconds of timed runs per tab after the warm-up (measure.ts, runsWithinBudget). */
  budgetMs?: number;
  email: string;
  password: string;
  tabs: readonly { name: string; path: string }[];
  log: (message: string) => void;
};

export async function timePages(options: PageBenchOptions): Promise<PageTiming[]> {
  const base = `http://localhost:${options.port}`;
  const app = spawn(NEXT, ["start", "-p", String(options.port)], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_URL: base,
      NEXT_TELEMETRY_DISABLED: "1",
      ...NO_RATE_LIMIT_ENV,
    },
  });
  try {
    await waitForServer(base, app, 60_000);
    const cookies = await signIn(base, options.email, options.password);
    const results: PageTiming[] = [];
    for (const tab of options.tabs) {
      let bytes = 0;
      try {
        const timing = await measure(
          options.runs,
          async () => {
            const response = await getPage(`${base}${tab.path}`, cookieHeader(cookies));
            if (response.status !== 200) throw new Error(`GET ${tab.path} answered ${response.status}`);
            bytes = response.bytes;
          },
          options.budgetMs,
        );
        options.log(
          `    ${tab.name.padEnd(26)} median ${timing.medianMs.toFixed(0).padStart(6)} ms (first ${timing.firstMs.toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KiB)` +
            `${timing.runs < options.runs ? `, ${timing.runs} timed runs within the budget` : ""}`,
        );
        results.push({ name: tab.name, path: tab.path, bytes, timing });
      } catch (error) {
        // One failing tab (at 10M, say, the server running out of memory) must not lose the others' times.
        const message = error instanceof Error ? error.message : String(error);
        options.log(`    ${tab.name.padEnd(26)} FAILED: ${message}`);
        const none = Number.NaN;
        results.push({ name: tab.name, path: tab.path, bytes, timing: { medianMs: none, minMs: none, maxMs: none, firstMs: none, runs: 0 }, error: message });
      }
    }
    return results;
  } finally {
    app.kill("SIGTERM");
    if (app.exitCode === null) await new Promise((resolve) => app.once("exit", resolve));
  }
}
