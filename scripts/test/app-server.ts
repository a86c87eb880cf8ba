// Starts and stops production app servers (`next start`) for the load and fault suites, each on
// its own port with its own connection name in pg_stat_activity (DATABASE_APPLICATION_NAME).
// Loopback only: nothing here talks to another machine.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { NEXT, runStep } from "../run-step";

export type AppServer = { name: string; port: number; origin: string; process: ChildProcess; output: string[] };

export type AppServerOptions = {
  name: string;
  port: number;
  databaseUrl: string;
  authSecret: string;
  env?: Record<string, string>;
};

/**
 * Lifts the per-user limit on expensive pages (lib/http/user-rate-limit.ts) for a server that one
 * signed-in script drives back to back (the fault suite, the benchmark's tab timings): the limit's
 * 429 would answer instead of what is measured. At 10k patients the tabs render in 35-90 ms, and the
 * benchmark's six requests per tab used up the burst of 30 by the seventh tab.
 */
export const NO_RATE_LIMIT_ENV: Readonly<Record<string, string>> = { EXPENSIVE_REQUESTS_BURST: "1000000", EXPENSIVE_REQUESTS_PER_SECOND: "1000000" };

/** What the production build is made of: a change to any of these makes it stale. */
const BUILD_SOURCES = ["app", "components", "lib", "proxy.ts", "instrumentation.ts", "next.config.js", "package-lock.json"];

/** The newest modification time under `entry` (a file or a folder), 0 when it is missing. */
function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stats.mtimeMs);
}

/**
 * Builds the app unless an up-to-date production build is there: a build older than the sources
 * would measure (or fault-test) code that is no longer the project's.
 */
export async function ensureBuild(): Promise<void> {
  const built = existsSync(".next/BUILD_ID") ? statSync(".next/BUILD_ID").mtimeMs : 0;
  const changed = Math.max(...BUILD_SOURCES.map(newestChange));
  if (built > changed) return;
  console.log(built === 0 ? "No production build yet: running next build…" : "The production build is older than the sources: running next build…");
  await runStep("next build", NEXT, ["build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const origin = `http://127.0.0.1:${options.port}`;
  const child = spawn(NEXT, ["start", "-p", String(options.port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: options.databaseUrl,
      AUTH_SECRET: options.authSecret,
      DATABASE_APPLICATION_NAME: options.name,
      // The public URL: sign-in redirects and the same-origin check of API mutations use it.
      AUTH_URL: origin,
      ...options.env,
    },
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const server: AppServer = { name: options.name, port: options.port, origin, process: child, output };
  await waitUntilServing(server);
  return server;
}

/** Waits until the server answers /api/health (any status: a 503 is an answer too). */
export async function waitUntilServing(server: AppServer, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null) throw new Error(`${server.name} exited (${server.process.exitCode}):\n${server.output.join("")}`);
    try {
      await fetch(`${server.origin}/api/health`, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${server.name} did not start within ${timeoutMs} ms:\n${server.output.join("")}`);
}

export async function stopAppServer(server: AppServer, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.process.once("exit", () => resolve()));
  server.process.kill(signal);
  const timer = setTimeout(() => server.process.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
