// npm run test:replica [-- --port 3210 --patients 3000 --skip-pooler --auto-failover]
//
// The replica suite (issue 17 §1-§4), on PostgreSQL clusters this script creates in temporary
// folders on free loopback ports and removes at the end, even on failure (the shared server on
// 5432 is never touched): a primary (initdb) and a hot standby of it (pg_basebackup -R) that
// applies the primary's changes 5 s late (recovery_min_apply_delay, so that replication lag is
// real and visible), pg_stat_statements on both to see which server ran which statement, and a
// production app server with DATABASE_URL on the primary and DATABASE_REPLICA_URL on the standby.
//  1. direct: dashboard queries run on the standby and none on the primary; a case save runs on
//     the primary; the author sees the case on their dashboard at once (read-your-writes), another
//     user within the lag; the standby stopped → every dashboard still renders (from the
//     primary), /api/health names the replica down; started again → back on the standby;
//  2. the same through PgBouncer (Debian's package) in transaction mode, including the dashboards'
//     SET LOCAL in a transaction, which must not leak to the pooler's next client;
//  3. fail-over through PgBouncer: the primary killed, the standby promoted (pg_ctl promote),
//     PgBouncer repointed (its ini rewritten + RELOAD); the same app process answers 503 during
//     the outage and recovers by itself;
//  4. with --auto-failover, the fail-over again on a pg_auto_failover formation (a monitor and
//     two nodes, Debian's pg-auto-failover-cli and postgresql-15-auto-failover): the primary node
//     crashed, the monitor promotes the secondary by itself, PgBouncer repointed as in 3.
// Figures go to stdout and test-results/replica-report.json; exit 1 on any failure.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { runStep } from "../run-step";
import { ensureBuild, startAppServer, stopAppServer, type AppServer } from "./app-server";
import { pageHasRenderError, signInOverHttp, type Session } from "./http-session";
import { createFormation, type Formation, type FormationNode } from "./auto-failover";
import { createPrivateCluster, createStandby, type PrivateCluster } from "./private-cluster";
import { createMigratedDatabase, databaseUrl } from "./test-databases";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3210" },
    patients: { type: "string", default: "3000" },
    "skip-pooler": { type: "boolean", default: false },
    "auto-failover": { type: "boolean", default: false },
  },
});
const APP_PORT = Number(values.port);
const PASSWORD = "replica-Password-42";
const DATABASE = "her2_replica";
const APPLY_DELAY_S = 5;
const MAX_LAG_S = 30;
/** From killing the primary to promoting the standby: what detection and a decision take. */
const OUTAGE_MS = 6_000;
const failures: string[] = [];
const report: Record<string, unknown> = {};
const check = (ok: boolean, message: string) => {
  if (!ok) failures.push(message);
  console.log(`  ${ok ? "ok  " : "FAIL"} ${message}`);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const authSecret = randomBytes(32).toString("base64url");
const suiteStarted = performance.now();

let primary = null as PrivateCluster | null;
let standby = null as PrivateCluster | null;
let app = null as AppServer | null;
let pooler = null as Pooler | null;
let formation = null as Formation | null;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function query<Row extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Which server ran what: pg_stat_statements on each server, in the app's database.

type Counts = { dashboard: number; writes: number; setLocal: number };

async function statementCounts(cluster: PrivateCluster): Promise<Counts> {
  const [row] = await query<{ dashboard: string; writes: string; set_local: string }>(
    databaseUrl(cluster.serverUrl, DATABASE),
    `SELECT coalesce(sum(calls) FILTER (WHERE query ~* 'FROM patient_counts|GROUP BY'), 0) AS dashboard,
            coalesce(sum(calls) FILTER (WHERE query ~* '^\\s*INSERT INTO "public"."(patients|audit_events)"'), 0) AS writes,
            coalesce(sum(calls) FILTER (WHERE query ~* '^\\s*SET LOCAL random_page_cost'), 0) AS set_local
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = $1`,
    [DATABASE],
  );
  return { dashboard: Number(row?.dashboard ?? 0), writes: Number(row?.writes ?? 0), setLocal: Number(row?.set_local ?? 0) };
}

async function countsOnBoth(): Promise<{ primary: Counts; standby: Counts }> {
  return { primary: await statementCounts(primary as PrivateCluster), standby: await statementCounts(standby as PrivateCluster) };
}

function difference(after: Counts, before: Counts): Counts {
  return { dashboard: after.dashboard - before.dashboard, writes: after.writes - before.writes, setLocal: after.setLocal - before.setLocal };
}

// ---------------------------------------------------------------------------------------------
// PgBouncer (Debian's package), run as the postgres user in the primary's folder.

type Pooler = { port: number; ini: string; pid: number; write: (primaryPort: number, standbyPort: number) => Promise<void>; admin: (command: string) => Promise<void> };

function findPgbouncer(): string | null {
  for (const candidate of ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]) if (existsSync(candidate)) return candidate;
  return null;
}

async function startPooler(dir: string, primaryPort: number, standbyPort: number): Promise<Pooler> {
  const binary = findPgbouncer();
  if (!binary) throw new Error("PgBouncer is not installed (apt-get install -y pgbouncer)");
  const port = await freePort();
  const ini = path.join(dir, "pgbouncer.ini");
  const pidFile = path.join(dir, "pgbouncer.pid");
  const asPostgres = process.getuid?.() === 0;
  const write = async (primaryAt: number, standbyAt: number) => {
    await writeFile(path.join(dir, "userlist.txt"), '"postgres" ""\n');
    await writeFile(
      ini,
      [
        "[databases]",
        `${DATABASE} = host=127.0.0.1 port=${primaryAt} dbname=${DATABASE}`,
        `${DATABASE}_standby = host=127.0.0.1 port=${standbyAt} dbname=${DATABASE}`,
        "[pgbouncer]",
        `listen_addr = 127.0.0.1`,
        `listen_port = ${port}`,
        `unix_socket_dir = ${dir}`,
        `auth_type = trust`,
        `auth_file = ${path.join(dir, "userlist.txt")}`,
        `admin_users = postgres`,
        `pool_mode = transaction`,
        `max_client_conn = 200`,
        `default_pool_size = 20`,
        // A server that is gone must fail fast, as it does without the pooler (lib/db/target.ts):
        // PgBouncer otherwise holds queries for 120 s waiting for it.
        `query_wait_timeout = 5`,
        `server_connect_timeout = 3`,
        `server_login_retry = 1`,
        `logfile = ${path.join(dir, "pgbouncer.log")}`,
        `pidfile = ${pidFile}`,
        "",
      ].join("\n"),
    );
    if (asPostgres) execFileSync("chown", ["postgres:postgres", ini, path.join(dir, "userlist.txt")]);
  };
  await write(primaryPort, standbyPort);
  const [command, args] = asPostgres ? ["runuser", ["-u", "postgres", "--", binary, "-d", ini]] : [binary, ["-d", ini]];
  const started = spawnSync(command, args, { encoding: "utf8" });
  if (started.status !== 0) throw new Error(`pgbouncer did not start: ${started.stderr}${started.stdout}`);
  for (let attempt = 0; attempt < 50 && !existsSync(pidFile); attempt += 1) await sleep(100);
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  const admin = async (adminCommand: string) => {
    const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/pgbouncer`, connectionTimeoutMillis: 3_000 });
    await client.connect();
    try {
      await client.query(adminCommand);
    } finally {
      await client.end();
    }
  };
  return { port, ini, pid, write, admin };
}

function stopPooler(): void {
  if (!pooler) return;
  try {
    process.kill(pooler.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
  pooler = null;
}

// ---------------------------------------------------------------------------------------------
// The app as users use it

const DASHBOARD_PATHS = ["/dashboard", "/dashboard/characteristics", "/dashboard/outcomes", "/dashboard/outcomes?endpoint=pfs", "/dashboard/evolution", "/dashboard/agreement", "/dashboard?hr=POSITIVE"];

type PageResult = { path: string; status: number; ms: number; ok: boolean };

async function loadPage(session: Session, pagePath: string): Promise<PageResult & { body: string }> {
  const started = performance.now();
  try {
    const response = await fetch(`${(app as AppServer).origin}${pagePath}`, { headers: { cookie: session.cookie }, redirect: "manual", signal: AbortSignal.timeout(60_000) });
    const body = await response.text();
    const ok = response.status === 200 && !pageHasRenderError(body);
    return { path: pagePath, status: response.status, ms: Math.round(performance.now() - started), ok, body };
  } catch {
    return { path: pagePath, status: 0, ms: Math.round(performance.now() - started), ok: false, body: "" };
  }
}

async function loadDashboards(session: Session): Promise<PageResult[]> {
  const results: PageResult[] = [];
  for (const pagePath of DASHBOARD_PATHS) {
    const { body: _body, ...result } = await loadPage(session, pagePath);
    results.push(result);
  }
  return results;
}

/** "All patients" on the Overview, as the user sees it. */
async function dashboardTotal(session: Session): Promise<number | null> {
  const page = await loadPage(session, "/dashboard");
  const match = /data-testid="count-total"[^>]*>([^<]+)</.exec(page.body);
  return match?.[1] ? Number(match[1].replace(/[^0-9]/g, "")) : null;
}

let caseCounter = 0;

async function createCase(session: Session): Promise<{ status: number; ms: number }> {
  caseCounter += 1;
  const origin = (app as AppServer).origin;
  const started = performance.now();
  try {
    const response = await fetch(`${origin}/api/cases`, {
      method: "POST",
      headers: { cookie: session.cookie, origin, "content-type": "application/json" },
      body: JSON.stringify({
        patient: { studyId: `REP-01-${String(10_000 + caseCounter)}`, diagnosisYear: 2021, ageAtDiagnosis: 58, diseaseSetting: "EARLY", vitalStatus: "ALIVE", daysToLastContact: 700, erPercent: 40 },
        tests: [{ specimen: "PRIMARY_BIOPSY", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_2" }],
        lines: [],
      }),
      signal: AbortSignal.timeout(30_000),
    });
    await response.text();
    return { status: response.status, ms: Math.round(performance.now() - started) };
  } catch {
    return { status: 0, ms: Math.round(performance.now() - started) };
  }
}

type HealthBody = { status?: string; replicas?: { primaryReads: number; replicas: { name: string; status: string; lagSeconds: number | null; reads: number }[] } };

async function health(session: Session | null): Promise<{ status: number; ms: number; body: HealthBody }> {
  const started = performance.now();
  try {
    const response = await fetch(`${(app as AppServer).origin}/api/health`, { headers: session ? { cookie: session.cookie } : {}, signal: AbortSignal.timeout(30_000) });
    return { status: response.status, ms: Math.round(performance.now() - started), body: (await response.json()) as HealthBody };
  } catch {
    return { status: 0, ms: Math.round(performance.now() - started), body: {} };
  }
}

/** Waits until the admin's health details show the replica in `wanted`; the time it took, or null. */
async function waitForReplicaStatus(admin: Session, wanted: string, timeoutMs = 40_000): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const { body } = await health(admin);
    if (body.replicas?.replicas[0]?.status === wanted) return Math.round(performance.now() - started);
    await sleep(250);
  }
  return null;
}

type Sessions = { investigator: Session; coordinator: Session; admin: Session };

async function signInAll(): Promise<Sessions> {
  const origin = (app as AppServer).origin;
  return {
    investigator: await signInOverHttp(origin, "investigator@demo.example", PASSWORD),
    coordinator: await signInOverHttp(origin, "coordinator@demo.example", PASSWORD),
    admin: await signInOverHttp(origin, "admin@demo.example", PASSWORD),
  };
}

// ---------------------------------------------------------------------------------------------
// The checks, run directly and through the pooler

async function checkRouting(label: string, sessions: Sessions): Promise<void> {
  console.log(`\n[${label}] where the dashboards and the writes run`);
  const figures: Record<string, unknown> = {};
  figures.msUntilReplicaInUse = await waitForReplicaStatus(sessions.admin, "in use");
  check(figures.msUntilReplicaInUse !== null, `the standby is in use (/api/health: after ${String(figures.msUntilReplicaInUse)} ms)`);

  // 1. Dashboards on the standby, none of their queries on the primary.
  let before = await countsOnBoth();
  const pages = await loadDashboards(sessions.investigator);
  let after = await countsOnBoth();
  const dashboards = { primary: difference(after.primary, before.primary), standby: difference(after.standby, before.standby) };
  figures.dashboards = { pages: pages.map(({ path: pagePath, status, ms }) => `${pagePath} ${status} ${ms} ms`), statements: dashboards };
  console.log(`  ${DASHBOARD_PATHS.length} dashboard pages: ${pages.map((page) => `${page.ms} ms`).join(", ")}`);
  console.log(`  dashboard statements: standby ${dashboards.standby.dashboard}, primary ${dashboards.primary.dashboard}; SET LOCAL on the standby ${dashboards.standby.setLocal}`);
  check(pages.every((page) => page.ok), "every dashboard page rendered");
  check(dashboards.standby.dashboard > 0 && dashboards.primary.dashboard === 0, `dashboard queries ran on the standby (${dashboards.standby.dashboard}) and not on the primary (${dashboards.primary.dashboard})`);
  check(dashboards.standby.setLocal > 0, `the Outcomes queries' SET LOCAL transactions ran on the standby (${dashboards.standby.setLocal})`);

  // 2. A write on the primary.
  before = after;
  const first = await createCase(sessions.coordinator);
  after = await countsOnBoth();
  const writes = { primary: difference(after.primary, before.primary).writes, standby: difference(after.standby, before.standby).writes };
  figures.firstSave = { ...first, inserts: writes };
  check(first.status === 201 || first.status === 200, `a case save succeeded (${first.status}, ${first.ms} ms)`);
  check(writes.primary > 0 && writes.standby === 0, `its INSERTs ran on the primary (${writes.primary}), none on the standby`);

  // 3. Read-your-writes: the author sees the next case at once, another user within the lag.
  figures.msUntilFirstSaveReplayed = await waitForReplicaStatus(sessions.admin, "in use");
  await sleep(APPLY_DELAY_S * 1_000 + 500);
  const coordinatorBefore = await dashboardTotal(sessions.coordinator);
  const investigatorBefore = await dashboardTotal(sessions.investigator);
  const saved = await createCase(sessions.coordinator);
  const savedAt = performance.now();
  const coordinatorAfter = await dashboardTotal(sessions.coordinator);
  const coordinatorMs = Math.round(performance.now() - savedAt);
  const investigatorAtOnce = await dashboardTotal(sessions.investigator);
  let investigatorSeesIt: number | null = null;
  while (performance.now() - savedAt < MAX_LAG_S * 1_000) {
    if ((await dashboardTotal(sessions.investigator)) === (investigatorBefore ?? 0) + 1) {
      investigatorSeesIt = Math.round(performance.now() - savedAt);
      break;
    }
    await sleep(250);
  }
  figures.readYourWrites = { save: saved, coordinator: { before: coordinatorBefore, after: coordinatorAfter, msAfterSave: coordinatorMs }, investigator: { before: investigatorBefore, atOnce: investigatorAtOnce, msUntilSeen: investigatorSeesIt } };
  console.log(`  read-your-writes: ${JSON.stringify(figures.readYourWrites)}`);
  check(coordinatorBefore !== null && coordinatorAfter === coordinatorBefore + 1, `the author's dashboard counts the case at once (${coordinatorBefore} → ${coordinatorAfter}, ${coordinatorMs} ms after the save)`);
  check(investigatorAtOnce === investigatorBefore, `another user's dashboard, read from the standby ${APPLY_DELAY_S} s behind, does not count it yet (${investigatorBefore} → ${investigatorAtOnce})`);
  check(investigatorSeesIt !== null && investigatorSeesIt <= MAX_LAG_S * 1_000, `another user's dashboard counts it within the lag (${investigatorSeesIt} ms; apply delay ${APPLY_DELAY_S} s, bound ${MAX_LAG_S} s)`);
  report[label] = figures;
}

async function checkFallback(label: string, sessions: Sessions): Promise<void> {
  console.log(`\n[${label}] the standby stopped: dashboards fall back to the primary`);
  const before = await countsOnBoth();
  const stoppedAt = performance.now();
  await (standby as PrivateCluster).stop("fast");
  const pages = await loadDashboards(sessions.investigator);
  const primaryAfter = await statementCounts(primary as PrivateCluster);
  const { body } = await health(sessions.admin);
  const replicaHealth = body.replicas?.replicas[0];
  const restartedAt = performance.now();
  await (standby as PrivateCluster).start();
  const backInUseMs = await waitForReplicaStatus(sessions.admin, "in use");
  const figures = {
    msFromStop: Math.round(restartedAt - stoppedAt),
    pages: pages.map(({ path: pagePath, status, ms }) => `${pagePath} ${status} ${ms} ms`),
    dashboardStatementsOnPrimary: primaryAfter.dashboard - before.primary.dashboard,
    healthWhileDown: replicaHealth,
    msUntilStandbyInUseAfterStart: backInUseMs,
  };
  report[`${label} fallback`] = figures;
  console.log(`  pages while the standby was down: ${pages.map((page) => `${page.status} ${page.ms} ms`).join(", ")}`);
  check(pages.every((page) => page.ok), "every dashboard page rendered with the standby down");
  check(figures.dashboardStatementsOnPrimary > 0, `their queries ran on the primary (${figures.dashboardStatementsOnPrimary})`);
  check(replicaHealth?.status === "down", `/api/health shows the replica down to administrators (${JSON.stringify(replicaHealth)})`);
  check(backInUseMs !== null, `the standby started again is used again (${backInUseMs} ms after its start)`);
}

async function checkNoLeakedSetting(): Promise<void> {
  // In transaction mode a SET (not LOCAL) would stay on the server connection for the next client.
  const rows = await query<{ random_page_cost: string }>(`postgresql://postgres@127.0.0.1:${(pooler as Pooler).port}/${DATABASE}_standby`, "SHOW random_page_cost");
  check(rows[0]?.random_page_cost === "4", `a new client of the pooler sees the server's random_page_cost (${rows[0]?.random_page_cost}): SET LOCAL did not leak`);
}

type Probe = { kind: "health" | "page" | "save"; at: number; ms: number; status: number; ok: boolean };

/** How one fail-over is made: the primary lost, then a standby promoted (by hand or by a manager). */
type FailoverPlan = {
  label: string;
  kill: () => Promise<void>;
  /** Promotes (or waits for the manager to promote) a standby; its port. */
  promote: () => Promise<number>;
};

async function checkFailover(sessions: Sessions, plan: FailoverPlan): Promise<void> {
  console.log(`\n[${plan.label}] fail-over: primary killed, standby promoted, PgBouncer repointed`);
  const pid = app?.process.pid;
  const probes: Probe[] = [];
  let done = false;
  const t0 = performance.now();
  const loop = async (kind: Probe["kind"], request: () => Promise<{ status: number; ms: number; ok: boolean }>) => {
    while (!done) {
      const at = performance.now() - t0;
      probes.push({ kind, at, ...(await request()) });
      await sleep(250);
    }
  };
  const loops = Promise.all([
    loop("health", async () => {
      const result = await health(null);
      return { status: result.status, ms: result.ms, ok: result.status === 200 };
    }),
    loop("page", async () => {
      const { body: _body, ...result } = await loadPage(sessions.investigator, "/dashboard");
      return result;
    }),
    loop("save", async () => {
      const result = await createCase(sessions.coordinator);
      return { ...result, ok: result.status === 201 || result.status === 200 };
    }),
  ]);
  await sleep(2_000);
  const killedAt = performance.now() - t0;
  await plan.kill();
  const promoteStarted = performance.now();
  const promotedPort = await plan.promote();
  const promoteMs = Math.round(performance.now() - promoteStarted);
  const p = pooler as Pooler;
  await p.write(promotedPort, promotedPort);
  await p.admin("RELOAD");
  const repointedAt = performance.now() - t0;
  await sleep(10_000);
  done = true;
  await loops;

  const firstAfter = (kind: Probe["kind"], from: number, test: (probe: Probe) => boolean) => probes.find((probe) => probe.kind === kind && probe.at >= from && test(probe));
  const msFrom = (probe: Probe | undefined, from: number) => (probe ? Math.round(probe.at + probe.ms - from) : null);
  const during = probes.filter((probe) => probe.at > killedAt + 500 && probe.at + probe.ms < repointedAt);
  const figures = {
    promoteMs,
    msToFirst503AfterKill: { health: msFrom(firstAfter("health", killedAt, (probe) => probe.status === 503), killedAt), save: msFrom(firstAfter("save", killedAt, (probe) => probe.status === 503), killedAt) },
    duringOutage: Object.fromEntries(["health", "page", "save"].map((kind) => [kind, during.filter((probe) => probe.kind === kind).map((probe) => probe.status).join(" ")])),
    msToRecoverAfterRepoint: {
      health: msFrom(firstAfter("health", repointedAt, (probe) => probe.ok), repointedAt),
      page: msFrom(firstAfter("page", repointedAt, (probe) => probe.ok), repointedAt),
      save: msFrom(firstAfter("save", repointedAt, (probe) => probe.ok), repointedAt),
    },
    saves: probes.filter((probe) => probe.kind === "save" && probe.at + probe.ms > killedAt).slice(0, 12).map((probe) => `${probe.status} after ${probe.ms} ms (sent ${Math.round(probe.at - killedAt)} ms after the kill)`),
    fiveHundreds: probes.filter((probe) => probe.status === 500 || probe.status === 0).map((probe) => `${probe.kind} ${probe.status} at ${Math.round(probe.at - killedAt)} ms`),
    appRestarted: app?.process.pid !== pid,
  };
  const { body } = await health(sessions.admin);
  const promoted = await query<{ in_recovery: boolean; cases: string }>(`postgresql://postgres@127.0.0.1:${promotedPort}/${DATABASE}`, "SELECT pg_is_in_recovery() AS in_recovery, (SELECT count(*) FROM patients WHERE study_id LIKE 'REP-%') AS cases");
  report[`${plan.label} failover`] = { ...figures, replicaAfter: body.replicas?.replicas[0], promotedServer: promoted[0] };
  console.log(`  ${JSON.stringify(report[`${plan.label} failover`])}`);
  check(promoted[0]?.in_recovery === false, "the standby was promoted (no longer in recovery)");
  const savesAfterKill = probes.filter((probe) => probe.kind === "save" && probe.at + probe.ms > killedAt + 500 && probe.at < repointedAt);
  check(during.filter((probe) => probe.kind === "health").length > 0 && during.filter((probe) => probe.kind === "health").every((probe) => probe.status === 503), `health answered 503 during the outage (${figures.duringOutage.health})`);
  check(savesAfterKill.some((probe) => probe.status === 503) && savesAfterKill.every((probe) => probe.status === 503 || probe.ok), `saves during the outage answered 503 (or, held by PgBouncer, succeeded after the repoint): ${figures.saves.join("; ")}`);
  check(figures.fiveHundreds.length === 0, `no 500 and no dropped request (${figures.fiveHundreds.join(", ")})`);
  check(Object.values(figures.msToRecoverAfterRepoint).every((ms) => ms !== null && ms < 8_000) && !figures.appRestarted, `the same app process recovered after the repoint (${JSON.stringify(figures.msToRecoverAfterRepoint)} ms)`);
  check(body.replicas?.replicas[0]?.status === "not a standby", `the promoted server is no longer read as a replica (${body.replicas?.replicas[0]?.status})`);
}

// ---------------------------------------------------------------------------------------------

async function startApp(primaryUrl: string, replicaUrl: string): Promise<AppServer> {
  return startAppServer({
    name: "her2-replica-app",
    port: APP_PORT,
    databaseUrl: primaryUrl,
    authSecret,
    env: { DATABASE_REPLICA_URL: replicaUrl, DATABASE_REPLICA_MAX_LAG_SECONDS: String(MAX_LAG_S) },
  });
}

async function main(): Promise<void> {
  const buildStarted = performance.now();
  await ensureBuild();
  report.buildMs = Math.round(performance.now() - buildStarted);
  const settings = ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track_utility=on", "wal_level=replica", "max_wal_senders=5", "hot_standby=on"];
  const clustersStarted = performance.now();
  primary = await createPrivateCluster(await freePort(), { label: "replica-primary", settings });
  await primary.start();
  const primaryUrl = await createMigratedDatabase(primary.serverUrl, DATABASE);
  await query(primaryUrl, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  await runStep(
    "seed",
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "scripts/db/seed.ts", "--patients", values.patients ?? "3000", "--seed", "2026", "--sites", "3", "--password", PASSWORD, "--sign-ins-file", "test-results/replica-sign-ins.txt"],
    { env: { ...process.env, DATABASE_URL: primaryUrl } },
  );
  standby = await createStandby(primary, await freePort(), { label: "replica-standby", settings: [...settings, `recovery_min_apply_delay=${APPLY_DELAY_S}s`] });
  await standby.start();
  const standbyUrl = databaseUrl(standby.serverUrl, DATABASE);
  report.clustersMs = Math.round(performance.now() - clustersStarted);
  console.log(`Primary on 127.0.0.1:${primary.port}, hot standby on 127.0.0.1:${standby.port} (applies changes ${APPLY_DELAY_S} s late), ${report.clustersMs} ms with migrations and seed`);

  const directStarted = performance.now();
  app = await startApp(primaryUrl, standbyUrl);
  let sessions = await signInAll();
  await checkRouting("direct", sessions);
  await checkFallback("direct", sessions);
  report.directMs = Math.round(performance.now() - directStarted);
  await stopAppServer(app);
  app = null;
  if (values["skip-pooler"]) return;

  const poolerStarted = performance.now();
  pooler = await startPooler(primary.dir, primary.port, standby.port);
  console.log(`\nPgBouncer ${execFileSync(findPgbouncer() as string, ["--version"]).toString().split("\n")[0]} on 127.0.0.1:${pooler.port}, transaction mode`);
  const through = (name: string) => `postgresql://postgres@127.0.0.1:${(pooler as Pooler).port}/${name}`;
  app = await startApp(through(DATABASE), through(`${DATABASE}_standby`));
  sessions = await signInAll();
  await checkRouting("pgbouncer", sessions);
  await checkNoLeakedSetting();
  await checkFailover(sessions, {
    label: "pgbouncer",
    kill: async () => {
      await (primary as PrivateCluster).stop("immediate");
      // Longer than PgBouncer's query_wait_timeout (5 s): a shorter outage is absorbed by the
      // pooler, which holds the queries until the server is back (seen in a 3 s outage: no 503).
      await sleep(OUTAGE_MS);
    },
    promote: async () => {
      await (standby as PrivateCluster).promote();
      return (standby as PrivateCluster).port;
    },
  });
  report.poolerMs = Math.round(performance.now() - poolerStarted);
  if (values["auto-failover"]) await runAutoFailover();
}

/** The fail-over again, decided and made by pg_auto_failover's monitor instead of by hand. */
async function runAutoFailover(): Promise<void> {
  const started = performance.now();
  if (app) await stopAppServer(app);
  app = null;
  stopPooler();
  console.log("\n[pg_auto_failover] a monitor and two nodes");
  formation = await createFormation({ monitor: await freePort(), nodes: [await freePort(), await freePort()] }, (line) => console.log(line));
  const [first, second] = formation.nodes as [FormationNode, FormationNode];
  const firstUrl = await createMigratedDatabase(`postgresql://postgres@127.0.0.1:${first.port}/postgres`, DATABASE);
  await runStep(
    "seed",
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "scripts/db/seed.ts", "--patients", values.patients ?? "3000", "--seed", "2026", "--sites", "3", "--password", PASSWORD, "--sign-ins-file", "test-results/replica-sign-ins.txt"],
    { env: { ...process.env, DATABASE_URL: firstUrl } },
  );
  pooler = await startPooler(formation.dir, first.port, second.port);
  const through = (name: string) => `postgresql://postgres@127.0.0.1:${(pooler as Pooler).port}/${name}`;
  app = await startApp(through(DATABASE), through(`${DATABASE}_standby`));
  const sessions = await signInAll();
  const inUse = await waitForReplicaStatus(sessions.admin, "in use");
  check(inUse !== null, `the pg_auto_failover secondary is in use as a replica (after ${inUse} ms)`);
  const f = formation;
  await checkFailover(sessions, {
    label: "pg_auto_failover",
    kill: () => f.crash(first),
    promote: async () => {
      // The monitor notices the primary is gone and promotes the secondary by itself.
      const deadline = Date.now() + 180_000;
      while (Date.now() < deadline) {
        const states = await f.states().catch(() => []);
        if (states.some((node) => node.port === second.port && (node.state === "wait_primary" || node.state === "primary"))) return second.port;
        await sleep(500);
      }
      throw new Error("pg_auto_failover did not promote the secondary within 180 s");
    },
  });
  report.autoFailoverMs = Math.round(performance.now() - started);
}

try {
  await main();
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
  console.error(error);
} finally {
  if (app && (failures.length > 0 || process.env.REPLICA_VERBOSE)) console.log(`--- app output (last lines) ---\n${app.output.slice(-40).join("")}`);
  if (app) await stopAppServer(app);
  stopPooler();
  if (formation) await formation.remove();
  if (standby) await standby.remove();
  if (primary) await primary.remove();
}
report.totalMs = Math.round(performance.now() - suiteStarted);
await mkdir("test-results", { recursive: true });
await writeFile("test-results/replica-report.json", `${JSON.stringify({ ...report, failures }, null, 2)}\n`);
console.log(`\nReplica suite ${failures.length === 0 ? "passed" : `FAILED (${failures.length})`} in ${Math.round((report.totalMs as number) / 1000)} s${failures.length ? `:\n  - ${failures.join("\n  - ")}` : "."}`);
process.exit(failures.length === 0 ? 0 : 1);
