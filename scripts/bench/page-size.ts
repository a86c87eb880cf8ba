// npm run bench:page-size -- --size 20000 [--database her2_pagesize_20000] [--keep] [--reuse] [--port 3206]
// The size of the Outcomes pages as a browser receives them (issue 17 §7: under 400 KB at any
// size): a bench database of `--size` patients (the registry profile of `npm run bench`, loaded
// with the same bulk COPY), the production build served by `next start`, an investigator signed
// in, and each Outcomes view fetched once after a warm-up. Prints the decoded body size (what the
// browser parses) and the gzip-encoded size (what crosses the network) of each page.
// Needs `next build` first. `--reuse` skips the load when the database already holds a cohort.
import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import pg from "pg";
import { NEXT } from "../run-step";
import { NO_RATE_LIMIT_ENV } from "../test/app-server";
import { applyPendingMigrations } from "../db/migrations";
import { createDatabase, databaseUrl, dropDatabase, serverUrl } from "../test/test-databases";
import { loadCohort } from "./copy-cohort";
import { formatCount } from "./measure";

const PAGES = [
  { name: "Outcomes, OS", path: "/dashboard/outcomes" },
  { name: "Outcomes, OS with 95% bands", path: "/dashboard/outcomes?bands=1" },
  { name: "Outcomes, OS, 3 groups", path: "/dashboard/outcomes?scheme=3" },
  { name: "Outcomes, PFS on T-DXd", path: "/dashboard/outcomes?endpoint=pfs&regimen=T_DXD" },
  { name: "Outcomes, OS landmark 12 months", path: "/dashboard/outcomes?landmark=12" },
  { name: "Outcomes, T-DXd vs chemotherapy", path: "/dashboard/outcomes?view=regimens" },
] as const;

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "20000" },
    database: { type: "string" },
    port: { type: "string", default: "3206" },
    keep: { type: "boolean", default: false },
    reuse: { type: "boolean", default: false },
  },
  strict: true,
});
const size = Number(values.size.replace(/_/g, ""));
const port = Number(values.port);
if (!Number.isInteger(size) || size < 100 || !Number.isInteger(port)) throw new Error("--size <patients> --port <port>");
const name = values.database ?? `her2_pagesize_${size}`;
if (!/^her2_[a-z0-9_]+$/.test(name)) throw new Error("--database must match her2_[a-z0-9_]+");
const url = databaseUrl(serverUrl(), name);
const base = `http://localhost:${port}`;

async function countPatients(): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM patients");
    return rows[0]?.n ?? 0;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureInvestigator(email: string, password: string): Promise<void> {
  const { hashPassword } = await import("../../lib/auth/password");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO users (id, email, name, role, password_hash, updated_at) VALUES ($3, $1, 'Page-size Investigator', 'INVESTIGATOR', $2, now())
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
      [email, await hashPassword(password), `page-size-${randomBytes(8).toString("hex")}`],
    );
  } finally {
    await client.end();
  }
}

type Cookies = Map<string, string>;
function keepCookies(cookies: Cookies, response: Response): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const at = pair?.indexOf("=") ?? -1;
    if (pair && at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
}
const cookieHeader = (cookies: Cookies) => [...cookies].map(([key, value]) => `${key}=${value}`).join("; ");

async function signIn(email: string, password: string): Promise<Cookies> {
  const cookies: Cookies = new Map();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keepCookies(cookies, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base, cookie: cookieHeader(cookies) },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${base}/dashboard` }),
  });
  await response.arrayBuffer();
  keepCookies(cookies, response);
  if (![...cookies.keys()].some((key) => key.includes("session-token"))) throw new Error(`sign-in failed (HTTP ${response.status})`);
  return cookies;
}

const existing = values.reuse ? await countPatients() : null;
if (existing === null || existing === 0) {
  console.log(`Creating ${name} and loading ${formatCount(size)} patients…`);
  await dropDatabase(serverUrl(), name);
  await createDatabase(serverUrl(), name);
  await applyPendingMigrations({ kind: "postgresql", url });
  const load = await loadCohort({ url, patients: size, seed: 2026 });
  console.log(`  loaded in ${(load.totalMs / 1000).toFixed(1)} s`);
} else {
  console.log(`Reusing ${name} (${formatCount(existing)} patients).`);
}
const email = "page-size@bench.example";
const password = randomBytes(12).toString("base64url");
await ensureInvestigator(email, password);

const app = spawn(NEXT, ["start", "-p", String(port)], {
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, NODE_ENV: "production", DATABASE_URL: url, AUTH_SECRET: randomBytes(32).toString("base64url"), AUTH_URL: base, NEXT_TELEMETRY_DISABLED: "1", ...NO_RATE_LIMIT_ENV },
});
try {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (app.exitCode !== null) throw new Error(`next start exited with code ${app.exitCode}`);
    const up = await fetch(`${base}/sign-in`).then(
      (response) => response.status < 500,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error("next start did not answer within 120 s");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const cookies = await signIn(email, password);
  console.log(`\n${formatCount(size)} patients | page | body KiB | gzip KiB | ms`);
  for (const page of PAGES) {
    let body = new Uint8Array();
    let ms = 0;
    for (let run = 0; run < 2; run++) {
      const started = performance.now();
      const response = await fetch(`${base}${page.path}`, { redirect: "manual", headers: { cookie: cookieHeader(cookies) } });
      body = new Uint8Array(await response.arrayBuffer());
      ms = performance.now() - started;
      if (response.status !== 200) throw new Error(`GET ${page.path} answered ${response.status}`);
    }
    const gzip = gzipSync(body).byteLength;
    console.log(`| ${page.name} (\`${page.path}\`) | ${(body.byteLength / 1024).toFixed(0)} | ${(gzip / 1024).toFixed(0)} | ${ms.toFixed(0)} |`);
  }
} finally {
  app.kill("SIGTERM");
  if (app.exitCode === null) await new Promise((resolve) => app.once("exit", resolve));
  if (!values.keep) await dropDatabase(serverUrl(), name);
}
