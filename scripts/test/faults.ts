// npm run test:faults
//
// The fault suite (product.md §8, issue 8 §3), against a PRIVATE PostgreSQL server that this
// script creates on port 55432 and deletes at the end (the shared server on 5432 is never
// touched), with a production app server on loopback port 3206:
//  (a) connections cut with pg_terminate_backend during dashboard load and case saves: every
//      request succeeds (a read reconnects transparently) or fails fast with a 503 and a reason;
//      never a 500; the app recovers by itself;
//  (b) the database server stopped for a while and started again: /api/health, pages and APIs
//      answer 503 within seconds, and the app recovers without a restart;
//  (c) a large import whose connection is cut in its transaction: no row of it remains, and the
//      client is told so (503);
//  (d) the app server SIGKILLed at random moments during a stream of case writes, and started
//      again: every row and every version bump has its audit event and every event its row
//      (a write and its audit commit together or not at all).
// Figures go to stdout and test-results/faults-report.json; exit 1 on any failure.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { writeCohortCsv } from "../../lib/demo/cohort-csv";
import { generateCohort } from "../../lib/demo/generate-cohort";
import { runStep } from "../run-step";
import { NO_RATE_LIMIT_ENV, ensureBuild, startAppServer, stopAppServer, type AppServer } from "./app-server";
import { pageHasRenderError, percentile, signInOverHttp, type Session } from "./http-session";
import { createPrivateCluster, type PrivateCluster } from "./private-cluster";
import { createMigratedDatabase } from "./test-databases";
import { readEnteredPatient } from "./read-entered-patient";

const { values } = parseArgs({
  options: {
    "pg-port": { type: "string", default: "55432" },
    port: { type: "string", default: "3206" },
    patients: { type: "string", default: "20000" },
    kills: { type: "string", default: "5" },
    scenarios: { type: "string", default: "a,b,c,d" },
  },
});
const SCENARIOS = new Set((values.scenarios ?? "").split(","));
const APP_PORT = Number(values.port);
const PASSWORD = "faults-Password-42";
const APP_NAME = "her2-faults-app";
const failures: string[] = [];
const check = (ok: boolean, message: string) => {
  if (!ok) failures.push(message);
  console.log(`  ${ok ? "ok  " : "FAIL"} ${message}`);
};

let cluster = null as PrivateCluster | null;
let app = null as AppServer | null;
let databaseUrl = "";
const authSecret = randomBytes(32).toString("base64url");
const report: Record<string, unknown> = {};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function cutAppConnections(): Promise<number> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ ended: boolean }>("SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name LIKE $1 || '%'", [APP_NAME]);
    return rows.filter((row) => row.ended).length;
  });
}

async function startApp(): Promise<AppServer> {
  // The suite measures how database faults are answered; its load comes from one user per role, far
  // over the per-user limit of expensive requests (whose 429s would stand in for the answers under
  // test), so that limit is lifted here. The limit itself is tested in e2e/security-headers.spec.ts.
  return startAppServer({ name: APP_NAME, port: APP_PORT, databaseUrl, authSecret, env: { ...NO_RATE_LIMIT_ENV } });
}

// ---------------------------------------------------------------------------------------------
// Requests as users make them

type Probe = { at: number; kind: "page" | "api" | "health"; status: number; ms: number; ok: boolean; reason: string };

async function requestPage(session: Session, path: string): Promise<Omit<Probe, "at" | "kind">> {
  const started = performance.now();
  try {
    const response = await fetch(`${(app as AppServer).origin}${path}`, { headers: { cookie: session.cookie }, redirect: "manual", signal: AbortSignal.timeout(60_000) });
    const body = await response.text();
    const failedRender = response.status === 200 && pageHasRenderError(body);
    const reason = response.status === 503 ? (/database is not reachable/i.test(body) ? "database not reachable" : "503 without the reason") : failedRender ? "render failed after 200" : "";
    return { status: failedRender ? 500 : response.status, ms: performance.now() - started, ok: response.status === 200 && !failedRender, reason };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}


async function readPatient(id: number): Promise<Record<string, unknown>> {
  return withClient(async (client) => {
    return readEnteredPatient(client, id);
  });
}

/** One save of a case as the form sends it: last contact one day later, with the version read. */
async function saveCase(session: Session, id: number, reason: string): Promise<Omit<Probe, "at" | "kind">> {
  const started = performance.now();
  try {
    const patient = await readPatient(id);
    const response = await fetch(`${(app as AppServer).origin}/api/cases/${id}`, {
      method: "PATCH",
      headers: { cookie: session.cookie, origin: (app as AppServer).origin, "content-type": "application/json" },
      body: JSON.stringify({ patient: { ...patient, daysToLastContact: (patient.daysToLastContact as number) + 1 }, tests: [], lines: [], reason }),
      signal: AbortSignal.timeout(60_000),
    });
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    return { status: response.status, ms: performance.now() - started, ok: response.status === 200, reason: body.error?.message ?? "" };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

async function health(): Promise<Omit<Probe, "at" | "kind">> {
  const started = performance.now();
  try {
    const response = await fetch(`${(app as AppServer).origin}/api/health`, { signal: AbortSignal.timeout(30_000) });
    const body = (await response.json()) as { status?: string };
    return { status: response.status, ms: performance.now() - started, ok: response.status === 200, reason: body.status ?? "" };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

const DASHBOARD_PATHS = ["/dashboard", "/dashboard/characteristics", "/dashboard/outcomes?endpoint=pfs", "/dashboard/evolution", "/dashboard?hr=POSITIVE", "/cases"];

/** Loops of page views and case saves until `until()`, recording every answer. */
async function runTraffic(sessions: { investigator: Session; coordinator: Session }, cases: number[], until: () => boolean, probes: Probe[], reason: string): Promise<void> {
  const t0 = performance.now();
  const pages = Array.from({ length: 6 }, async (_, worker) => {
    for (let turn = worker; !until(); turn += 1) {
      const result = await requestPage(sessions.investigator, DASHBOARD_PATHS[turn % DASHBOARD_PATHS.length] as string);
      probes.push({ at: performance.now() - t0 - result.ms, kind: "page", ...result });
    }
  });
  const saves = cases.map(async (id) => {
    while (!until()) {
      const result = await saveCase(sessions.coordinator, id, reason);
      probes.push({ at: performance.now() - t0 - result.ms, kind: "api", ...result });
      await sleep(100);
    }
  });
  await Promise.all([...pages, ...saves]);
}

function summarize(probes: Probe[]) {
  const byStatus: Record<string, number> = {};
  for (const probe of probes) byStatus[`${probe.kind} ${probe.status}`] = (byStatus[`${probe.kind} ${probe.status}`] ?? 0) + 1;
  const failedMs = probes.filter((probe) => probe.status === 503).map((probe) => probe.ms).sort((a, b) => a - b);
  return { requests: probes.length, byStatus, timeTo503: { p50: Math.round(percentile(failedMs, 50)), max: Math.round(failedMs[failedMs.length - 1] ?? 0) } };
}

// ---------------------------------------------------------------------------------------------
// Scenarios

async function scenarioTerminate(sessions: { investigator: Session; coordinator: Session }, cases: number[]): Promise<void> {
  console.log("\n(a) pg_terminate_backend on the app's connections during load");
  const probes: Probe[] = [];
  const cuts: { at: number; ended: number }[] = [];
  let done = false;
  const t0 = performance.now();
  const traffic = runTraffic(sessions, cases, () => done, probes, "Fault suite (a)");
  for (let cut = 0; cut < 4; cut += 1) {
    await sleep(4_000);
    cuts.push({ at: performance.now() - t0, ended: await cutAppConnections() });
  }
  await sleep(4_000);
  done = true;
  await traffic;
  const summary = summarize(probes);
  const recovery = cuts.map((cut) => {
    const next = probes.filter((probe) => probe.at > cut.at && probe.ok).sort((a, b) => a.at - b.at)[0];
    return next ? Math.round(next.at + next.ms - cut.at) : null;
  });
  report.terminate = { ...summary, cuts: cuts.map((cut) => cut.ended), msToNextSuccessAfterCut: recovery };
  console.log(JSON.stringify(report.terminate));
  check(cuts.every((cut) => cut.ended > 0), `each cut ended the app's connections (${cuts.map((cut) => cut.ended).join(", ")})`);
  check(probes.every((probe) => probe.status !== 500 && probe.status !== 0), `no 500 and no dropped request (${probes.length} requests)`);
  check(probes.filter((probe) => !probe.ok).every((probe) => probe.status === 503 || probe.status === 409), "every failure is a 503 (or a 409 for a stale save)");
  check(probes.filter((probe) => probe.status === 503).every((probe) => /not reachable|busy/i.test(probe.reason) && probe.ms < 6_000), "every 503 says why, within 6 s");
  check(recovery.every((ms) => ms !== null && ms < 5_000), `the app recovered by itself after each cut (${recovery.join(", ")} ms to the next success)`);
}

async function scenarioStopServer(sessions: { investigator: Session; coordinator: Session }, cases: number[]): Promise<void> {
  console.log("\n(b) the database server stopped, then started again");
  const pid = app?.process.pid;
  const probes: Probe[] = [];
  let done = false;
  const t0 = performance.now();
  const loop = async (kind: Probe["kind"], request: () => Promise<Omit<Probe, "at" | "kind">>) => {
    while (!done) {
      const started = performance.now() - t0;
      probes.push({ at: started, kind, ...(await request()) });
      await sleep(250);
    }
  };
  const loops = Promise.all([
    loop("health", health),
    loop("page", () => requestPage(sessions.investigator, "/dashboard")),
    loop("api", () => saveCaseOrUnavailable(sessions.coordinator, cases[0] as number)),
  ]);
  await sleep(2_000);
  const stoppedAt = performance.now() - t0;
  await (cluster as PrivateCluster).stop("fast");
  await sleep(8_000);
  const startedAt = performance.now() - t0;
  await (cluster as PrivateCluster).start();
  await sleep(8_000);
  done = true;
  await loops;

  const during = probes.filter((probe) => probe.at > stoppedAt + 500 && probe.at + probe.ms < startedAt);
  const firstAfter = (kind: Probe["kind"], status: number, from: number) => probes.find((probe) => probe.kind === kind && probe.at >= from && probe.status === status);
  const timeTo503 = (kind: Probe["kind"]) => {
    const first = firstAfter(kind, 503, stoppedAt);
    return first ? Math.round(first.at + first.ms - stoppedAt) : null;
  };
  const timeToRecover = (kind: Probe["kind"]) => {
    const first = probes.find((probe) => probe.kind === kind && probe.at >= startedAt && probe.ok);
    return first ? Math.round(first.at + first.ms - startedAt) : null;
  };
  const outcome = {
    msToFirst503: { health: timeTo503("health"), page: timeTo503("page"), api: timeTo503("api") },
    duringOutage: summarize(during),
    slowestAnswerDuringOutageMs: Math.round(Math.max(0, ...during.map((probe) => probe.ms))),
    msToRecoverAfterStart: { health: timeToRecover("health"), page: timeToRecover("page"), api: timeToRecover("api") },
    fiveHundreds: probes.filter((probe) => probe.status === 500).map((probe) => ({ kind: probe.kind, atMsAfterStop: Math.round(probe.at - stoppedAt) })),
    appRestarted: app?.process.pid !== pid,
  };
  report.stopServer = outcome;
  console.log(JSON.stringify(outcome));
  check(Object.values(outcome.msToFirst503).every((ms) => ms !== null && ms < 5_000), `health, pages and APIs answer 503 within 5 s of the stop (${JSON.stringify(outcome.msToFirst503)})`);
  check(during.every((probe) => probe.status === 503 && probe.reason !== "503 without the reason" && probe.ms < 5_500), `during the outage every answer is a 503 with a reason, each within 5.5 s (slowest ${outcome.slowestAnswerDuringOutageMs} ms)`);
  check(outcome.fiveHundreds.length === 0, `no 500 at any time (${outcome.fiveHundreds.length})`);
  check(Object.values(outcome.msToRecoverAfterStart).every((ms) => ms !== null && ms < 10_000) && !outcome.appRestarted, `the app recovered without a restart (${JSON.stringify(outcome.msToRecoverAfterStart)} ms after the database started)`);
}

/** A save whose refusal during an outage must be a 503 (the read of the form goes to the app's database too). */
async function saveCaseOrUnavailable(session: Session, id: number): Promise<Omit<Probe, "at" | "kind">> {
  try {
    await readPatient(id);
  } catch {
    // The database is down: send the last form seen, as a user would press Save.
    const started = performance.now();
    try {
      const response = await fetch(`${(app as AppServer).origin}/api/cases/${id}`, {
        method: "PATCH",
        headers: { cookie: session.cookie, origin: (app as AppServer).origin, "content-type": "application/json" },
        body: JSON.stringify(lastForm.get(id) ?? {}),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      return { status: response.status, ms: performance.now() - started, ok: response.status === 200, reason: body.error?.message ?? "" };
    } catch (error) {
      return { status: 0, ms: performance.now() - started, ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }
  const patient = await readPatient(id);
  lastForm.set(id, { patient: { ...patient, daysToLastContact: (patient.daysToLastContact as number) + 1 }, tests: [], lines: [], reason: "Fault suite (b)" });
  return saveCase(session, id, "Fault suite (b)");
}
const lastForm = new Map<number, unknown>();

async function scenarioImportCut(coordinator: Session): Promise<void> {
  console.log("\n(c) an import cut in the middle of its transaction");
  const site = { code: "01", name: "Site 01", weight: 1, ihcOneBias: 0, hercepTestShare: 0.1 };
  const cases = [...generateCohort({ patients: 20_000, seed: 99, sites: [site] })].map((demoCase, index) => ({
    ...demoCase,
    patient: { ...demoCase.patient, studyId: `CUT-01-${String(10_000 + index)}` },
  }));
  const csv = writeCohortCsv(cases);
  const form = new FormData();
  form.append("mode", "create");
  form.append("dryRun", "false");
  form.append("patients", new File([csv.patients], "patients.csv", { type: "text/csv" }));
  form.append("her2_tests", new File([csv.her2_tests], "her2_tests.csv", { type: "text/csv" }));
  form.append("treatment_lines", new File([csv.treatment_lines], "treatment_lines.csv", { type: "text/csv" }));
  const auditBefore = await withClient(async (client) => Number((await client.query("SELECT count(*) FROM audit_events")).rows[0]?.count));
  const started = performance.now();
  const response = await fetch(`${(app as AppServer).origin}/api/import`, {
    method: "POST",
    headers: { cookie: coordinator.cookie, origin: (app as AppServer).origin, accept: "application/x-ndjson" },
    body: form,
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  let cutAt: number | null = null;
  let ended = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (cutAt === null && /"phase":"writing"/.test(text)) {
      cutAt = performance.now() - started;
      ended = await cutAppConnections();
    }
  }
  const lines = text.trim().split("\n");
  const last = JSON.parse(lines[lines.length - 1] ?? "{}") as { type?: string; status?: number; error?: { message?: string } };
  const remaining = await withClient(async (client) => ({
    patients: Number((await client.query("SELECT count(*) FROM patients WHERE study_id LIKE 'CUT-%'")).rows[0]?.count),
    audit: Number((await client.query("SELECT count(*) FROM audit_events")).rows[0]?.count) - auditBefore,
  }));
  report.importCut = { patientsInFile: cases.length, cutAfterMs: cutAt === null ? null : Math.round(cutAt), connectionsEnded: ended, answer: { status: last.status, message: last.error?.message }, rowsLeft: remaining.patients, auditEventsLeft: remaining.audit };
  console.log(JSON.stringify(report.importCut));
  check(cutAt !== null && ended > 0, "the import's connection was cut while it was writing");
  check(last.type === "result" && last.status === 503 && /not reachable/i.test(last.error?.message ?? ""), `the client is told: ${last.status} ${last.error?.message ?? ""}`);
  check(remaining.patients === 0 && remaining.audit === 0, `no row and no audit event of the import remain (${remaining.patients} patients, ${remaining.audit} events)`);
}

async function scenarioKill(coordinator: Session, kills: number): Promise<void> {
  console.log(`\n(d) the app server SIGKILLed ${kills} times during a stream of case writes`);
  const maxIds = await withClient(async (client) => {
    const { rows } = await client.query<{ p: number; t: number; l: number; a: number }>(
      "SELECT (SELECT coalesce(max(id), 0) FROM patients) AS p, (SELECT coalesce(max(id), 0) FROM her2_tests) AS t, (SELECT coalesce(max(id), 0) FROM treatment_lines) AS l, (SELECT coalesce(max(id), 0) FROM audit_events) AS a",
    );
    return rows[0] as { p: number; t: number; l: number; a: number };
  });
  const targets = await withClient(async (client) => (await client.query<{ id: number; version: number }>("SELECT id, version FROM patients WHERE site_id = 1 AND vital_status = 'ALIVE' AND deleted_at IS NULL ORDER BY id DESC LIMIT 6")).rows);
  const initialVersion = new Map(targets.map((row) => [row.id, row.version]));
  let stop = false;
  let counter = 0;
  const tally = { attempted: 0, succeeded: 0, failed: 0 };
  const writer = async (worker: number) => {
    while (!stop) {
      counter += 1;
      tally.attempted += 1;
      const origin = (app as AppServer).origin;
      const headers = { cookie: coordinator.cookie, origin, "content-type": "application/json" };
      try {
        let response: Response;
        if (worker % 3 === 0) {
          const studyId = `KILL-01-${String(10_000 + counter)}`;
          response = await fetch(`${origin}/api/cases`, {
            method: "POST",
            headers,
            body: JSON.stringify({
              patient: { studyId, diagnosisYear: 2020, ageAtDiagnosis: 55, diseaseSetting: "EARLY", vitalStatus: "ALIVE", daysToLastContact: 800, erPercent: 50 },
              tests: [{ specimen: "PRIMARY_BIOPSY", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_1" }],
              lines: [{ setting: "ADJUVANT", lineNumber: 1, regimenClass: "ENDOCRINE", agents: ["LETROZOLE"], startDay: 30, endDay: null }],
            }),
            signal: AbortSignal.timeout(30_000),
          });
        } else {
          const id = (targets[worker % targets.length] as { id: number }).id;
          const patient = await readPatient(id);
          response = await fetch(`${origin}/api/cases/${id}`, {
            method: "PATCH",
            headers,
            body: JSON.stringify({ patient: { ...patient, daysToLastContact: (patient.daysToLastContact as number) + 1 }, tests: [], lines: [], reason: "Fault suite (d)" }),
            signal: AbortSignal.timeout(30_000),
          });
        }
        await response.text();
        if (response.ok) tally.succeeded += 1;
        else tally.failed += 1;
      } catch {
        tally.failed += 1;
        await sleep(200);
      }
    }
  };
  const writers = Promise.all(Array.from({ length: 6 }, (_, worker) => writer(worker)));
  const restarts: number[] = [];
  for (let kill = 0; kill < kills; kill += 1) {
    await sleep(1_000 + Math.random() * 2_000);
    (app as AppServer).process.kill("SIGKILL");
    await new Promise((resolve) => (app as AppServer).process.once("exit", resolve));
    const restarted = performance.now();
    app = await startApp();
    restarts.push(Math.round(performance.now() - restarted));
  }
  await sleep(2_000);
  stop = true;
  await writers;

  // The invariant, on the database: rows written during the stream and their audit events.
  const violations = await withClient(async (client) => {
    const found: string[] = [];
    const q = async (sql: string, params: unknown[]) => (await client.query<{ problem: string }>(sql, params)).rows.map((row) => row.problem);
    for (const [table, entity, after] of [["patients", "PATIENT", maxIds.p], ["her2_tests", "HER2_TEST", maxIds.t], ["treatment_lines", "TREATMENT_LINE", maxIds.l]] as const) {
      found.push(
        ...(await q(
          `SELECT '${entity} ' || r.id || ' has ' || count(a.id) || ' CREATE events' AS problem
             FROM ${table} r LEFT JOIN audit_events a ON a.entity = '${entity}' AND a.entity_id = r.id::text AND a.action = 'CREATE'
            WHERE r.id > $1 GROUP BY r.id HAVING count(a.id) <> 1`,
          [after],
        )),
        ...(await q(
          `SELECT 'CREATE event ' || a.id || ' of ${entity} ' || a.entity_id || ' has no row' AS problem
             FROM audit_events a WHERE a.id > $1 AND a.entity = '${entity}' AND a.action = 'CREATE'
              AND NOT EXISTS (SELECT 1 FROM ${table} r WHERE r.id::text = a.entity_id)`,
          [maxIds.a],
        )),
      );
    }
    for (const [id, version] of initialVersion) {
      const { rows } = await client.query<{ version: number; events: number }>(
        `SELECT p.version, (SELECT count(*)::int FROM audit_events a WHERE a.entity = 'PATIENT' AND a.entity_id = $2 AND a.action = 'UPDATE' AND a.id > $3) AS events FROM patients p WHERE p.id = $1`,
        [id, String(id), maxIds.a],
      );
      const row = rows[0];
      if (!row || row.version - version !== row.events) found.push(`patient ${id}: version ${version} → ${row?.version}, ${row?.events} UPDATE events`);
    }
    return found;
  });
  const counts = await withClient(async (client) => ({
    created: Number((await client.query("SELECT count(*) FROM patients WHERE id > $1", [maxIds.p])).rows[0]?.count),
    bumps:
      (await client.query<{ id: number; version: number }>("SELECT id, version FROM patients WHERE id = ANY($1::int[])", [[...initialVersion.keys()]])).rows.reduce(
        (sum, row) => sum + row.version - (initialVersion.get(row.id) ?? row.version),
        0,
      ),
  }));
  report.kill = { kills, restartMs: restarts, writes: tally, casesCreated: counts.created, versionBumps: counts.bumps, invariantViolations: violations.length };
  console.log(JSON.stringify(report.kill));
  for (const violation of violations.slice(0, 10)) console.log(`    ${violation}`);
  check(tally.succeeded > 0 && counts.created > 0 && counts.bumps > 0, `writes went on between the kills (${tally.succeeded} succeeded, ${tally.failed} cut)`);
  check(violations.length === 0, "every row and version bump written has its audit event, and every event its row");
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  await ensureBuild();
  cluster = await createPrivateCluster(Number(values["pg-port"]));
  await cluster.start();
  console.log(`Private PostgreSQL on 127.0.0.1:${cluster.port} (${cluster.dir})`);
  databaseUrl = await createMigratedDatabase(cluster.serverUrl, "her2_faults");
  await runStep(
    "seed",
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "scripts/db/seed.ts", "--patients", values.patients ?? "20000", "--seed", "2026", "--sites", "4", "--password", PASSWORD, "--sign-ins-file", "test-results/faults-sign-ins.txt"],
    { env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  app = await startApp();
  const sessions = {
    investigator: await signInOverHttp(app.origin, "investigator@demo.example", PASSWORD),
    coordinator: await signInOverHttp(app.origin, "coordinator@demo.example", PASSWORD),
  };
  const cases = await withClient(async (client) => (await client.query<{ id: number }>("SELECT id FROM patients WHERE site_id = 1 AND vital_status = 'ALIVE' AND deleted_at IS NULL ORDER BY id LIMIT 3")).rows.map((row) => row.id));
  for (const path of DASHBOARD_PATHS) await requestPage(sessions.investigator, path);

  if (SCENARIOS.has("a")) await scenarioTerminate(sessions, cases);
  if (SCENARIOS.has("b")) await scenarioStopServer(sessions, cases);
  if (SCENARIOS.has("c")) await scenarioImportCut(sessions.coordinator);
  if (SCENARIOS.has("d")) await scenarioKill(sessions.coordinator, Number(values.kills));
}

try {
  await main();
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
  console.error(error);
} finally {
  if (app && (failures.length > 0 || process.env.FAULTS_VERBOSE)) console.log(`--- app output (last lines) ---\n${app.output.slice(-40).join("")}`);
  if (app) await stopAppServer(app);
  if (cluster) await cluster.remove();
}
await mkdir("test-results", { recursive: true });
await writeFile("test-results/faults-report.json", `${JSON.stringify({ ...report, failures }, null, 2)}\n`);
console.log(`\nFault suite ${failures.length === 0 ? "passed" : `FAILED (${failures.length})`}${failures.length ? `:\n  - ${failures.join("\n  - ")}` : "."}`);
process.exit(failures.length === 0 ? 0 : 1);
