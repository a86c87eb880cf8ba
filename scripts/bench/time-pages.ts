// Server render time of each dashboard tab over HTTP: the production build (`next start`) on the
// benchmark database, an investigator signed in through Auth.js's credentials endpoint, and
// each page's body read to the end (Table 1's p-values stream, so its body ends only when they
// are done).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { NEXT } from "../run-step";
import { measure, type Timing } from "./measure";

export type PageTiming = { name: string; path: string; bytes: number; timing: Timing };

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

export type PageBenchOptions = {
  databaseUrl: string;
  port: number;
  runs: number;
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
    },
  });
  try {
    await waitForServer(base, app, 60_000);
    const cookies = await signIn(base, options.email, options.password);
    const results: PageTiming[] = [];
    for (const tab of options.tabs) {
      let bytes = 0;
      const timing = await measure(options.runs, async () => {
        const response = await fetch(`${base}${tab.path}`, { redirect: "manual", headers: { cookie: cookieHeader(cookies) } });
        const body = await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`GET ${tab.path} answered ${response.status}`);
        bytes = body.byteLength;
      });
      options.log(`    ${tab.name.padEnd(26)} median ${timing.medianMs.toFixed(0).padStart(6)} ms (first ${timing.firstMs.toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KiB)`);
      results.push({ name: tab.name, path: tab.path, bytes, timing });
    }
    return results;
  } finally {
    app.kill("SIGTERM");
    if (app.exitCode === null) await new Promise((resolve) => app.once("exit", resolve));
  }
}
