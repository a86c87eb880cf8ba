// npm run test:load [-- --seconds 60 --investigators 50 --coordinators 6 --patients 100000]
//
// Load test on loopback only (product.md §8-9, issue 8): a throw-away database with 100,000
// synthetic patients, TWO production app servers sharing it (stateless: a session signed in on
// one is used on both), 50 signed-in investigators loading the dashboard tabs with varied
// filters for 60 s, and coordinators saving the same few cases at the same time (each save with
// the version they read; a 409 makes them re-read and try again, as a person would).
// Passes when: no request failed (non-2xx, socket error, or a page whose render failed after
// its first bytes), no 5xx reached a coordinator, and no save was lost (every successful save
// is in the final row: its version and its value, and has its UPDATE audit event).
// Figures go to stdout and test-results/load-report.json.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { runStep } from "../run-step";
import { ensureBuild, startAppServer, stopAppServer, type AppServer } from "./app-server";
import { pageHasRenderError, percentile, signInOverHttp, type Session } from "./http-session";
import { createMigratedDatabase, dropDatabase, serverUrl, sweepStaleDatabases, uniqueDatabaseName } from "./test-databases";
import { readEnteredPatient } from "./read-entered-patient";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    investigators: { type: "string", default: "50" },
    coordinators: { type: "string", default: "6" },
    patients: { type: "string", default: "100000" },
    cases: { type: "string", default: "4" },
    ports: { type: "string", default: "3206,3207" },
  },
});
const SECONDS = Number(values.seconds);
const INVESTIGATORS = Number(values.investigators);
const COORDINATORS = Number(values.coordinators);
const PATIENTS = Number(values.patients);
const CONTESTED_CASES = Number(values.cases);
const PORTS = (values.ports ?? "").split(",").map(Number);
const PASSWORD = "load-test-Password-42";
const SAVE_REASON = "Load test save";

const server = serverUrl();
const databaseName = uniqueDatabaseName("test", "load");
const servers: AppServer[] = [];
let databaseUrl = "";

// ---------------------------------------------------------------------------------------------
// Dashboard URLs with varied filters, from the URL schema (lib/analytics/filters.ts)

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const maybe = (probability: number) => Math.random() < probability;

function dashboardPath(): string {
  const tab = pick(["", "/characteristics", "/outcomes", "/evolution"]);
  const params = new URLSearchParams();
  if (maybe(0.5)) params.set("rule", pick(["latest", "primary", "highest"]));
  if (maybe(0.3)) params.set("site", pick(["01", "02", "01,03", "04"]));
  if (maybe(0.3)) {
    const from = 2008 + Math.floor(Math.random() * 10);
    params.set("from", String(from));
    params.set("to", String(from + 2 + Math.floor(Math.random() * 8)));
  }
  if (maybe(0.3)) params.set("hr", pick(["POSITIVE", "NEGATIVE", "POSITIVE,NEGATIVE"]));
  if (maybe(0.2)) params.set("stage", pick(["STAGE_I", "STAGE_II,STAGE_III", "STAGE_IV"]));
  if (maybe(0.2)) params.set("setting", pick(["EARLY", "DE_NOVO_METASTATIC,RECURRENT_METASTATIC"]));
  if (tab === "/outcomes") {
    params.set("endpoint", pick(["os", "os-line", "pfs"]));
    if (maybe(0.6)) params.set("regimen", pick(["T_DXD", "ANY", "CHEMOTHERAPY", "ENDOCRINE_CDK46"]));
    if (maybe(0.4)) params.set("line", pick(["any", "1", "2", "4plus"]));
    if (maybe(0.3)) params.set("ref", pick(["ZERO", "LOW", "POSITIVE"]));
  }
  const query = params.toString();
  return `/dashboard${tab}${query ? `?${query}` : ""}`;
}

// ---------------------------------------------------------------------------------------------
// Set-up

async function seedDatabase(): Promise<void> {
  await sweepStaleDatabases(server);
  databaseUrl = await createMigratedDatabase(server, databaseName);
  console.log(`Database ${databaseName}: seeding ${PATIENTS.toLocaleString("en")} synthetic patients…`);
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  await runStep(
    "seed",
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "scripts/db/seed.ts", "--patients", String(PATIENTS), "--seed", "2026", "--sites", "4", "--password", PASSWORD, "--sign-ins-file", "test-results/load-sign-ins.txt"],
    { env },
  );
}

/** The load's users: investigators and coordinators of site 01, sharing the demo users' password hash. */
async function createLoadUsers(client: pg.Client): Promise<{ investigators: string[]; coordinators: string[] }> {
  const { rows } = await client.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE email = 'investigator@demo.example'");
  const hash = rows[0]?.password_hash;
  if (!hash) throw new Error("the demo seed made no investigator");
  const investigators = Array.from({ length: INVESTIGATORS }, (_, index) => `investigator${index + 1}@load.example`);
  const coordinators = Array.from({ length: COORDINATORS }, (_, index) => `coordinator${index + 1}@load.example`);
  const insert = async (email: string, role: string, siteId: number | null) =>
    client.query("INSERT INTO users (id, email, name, password_hash, role, site_id, updated_at) VALUES ($1, $2, $3, $4, $5::\"Role\", $6, now())", [
      `load${randomBytes(10).toString("hex")}`,
      email,
      email.split("@")[0],
      hash,
      role,
      siteId,
    ]);
  for (const email of investigators) await insert(email, "INVESTIGATOR", null);
  for (const email of coordinators) await insert(email, "COORDINATOR", 1);
  return { investigators, coordinators };
}

// ---------------------------------------------------------------------------------------------
// Investigators

type RequestRecord = { ms: number; ok: boolean; status: number; path: string; server: string };

async function runInvestigator(session: Session, deadline: number, records: RequestRecord[], offset: number): Promise<void> {
  for (let turn = offset; Date.now() < deadline; turn += 1) {
    const target = servers[turn % servers.length] as AppServer;
    const path = dashboardPath();
    const started = performance.now();
    let status = 0;
    let ok = false;
    try {
      const response = await fetch(`${target.origin}${path}`, { headers: { cookie: session.cookie }, redirect: "manual", signal: AbortSignal.timeout(120_000) });
      status = response.status;
      const body = await response.text();
      ok = status === 200 && !pageHasRenderError(body);
    } catch {
      ok = false;
    }
    records.push({ ms: performance.now() - started, ok, status, path, server: target.name });
  }
}

// ---------------------------------------------------------------------------------------------
// Coordinators saving the same few cases

type SaveTally = { saved: Map<number, number>; conflicts: number; failures: { status: number; body: string }[]; latencies: number[] };


async function runCoordinator(session: Session, cases: number[], deadline: number, tally: SaveTally, offset: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (let turn = offset; Date.now() < deadline; turn += 1) {
      const id = pick(cases);
      const target = servers[turn % servers.length] as AppServer;
      for (let attempt = 0; attempt < 20 && Date.now() < deadline + 30_000; attempt += 1) {
        const patient = await readEnteredPatient(client, id);
        // Time spent editing the form, during which someone else may save.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));
        const edited = { ...patient, daysToLastContact: (patient.daysToLastContact as number) + 1 };
        const started = performance.now();
        let status = 0;
        let body = "";
        try {
          const response = await fetch(`${target.origin}/api/cases/${id}`, {
            method: "PATCH",
            headers: { cookie: session.cookie, origin: target.origin, "content-type": "application/json" },
            body: JSON.stringify({ patient: edited, tests: [], lines: [], reason: SAVE_REASON }),
            signal: AbortSignal.timeout(120_000),
          });
          status = response.status;
          body = await response.text();
        } catch (error) {
          body = error instanceof Error ? error.message : String(error);
        }
        tally.latencies.push(performance.now() - started);
        if (status === 200) {
          tally.saved.set(id, (tally.saved.get(id) ?? 0) + 1);
          break;
        }
        if (status === 409) {
          tally.conflicts += 1;
          continue;
        }
        tally.failures.push({ status, body: body.slice(0, 300) });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 400));
    }
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  await ensureBuild();
  await seedDatabase();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const users = await createLoadUsers(client);
    const { rows: contested } = await client.query<{ id: number; version: number; days: number }>(
      `SELECT id, version, days_to_last_contact AS days FROM patients
        WHERE site_id = 1 AND vital_status = 'ALIVE' AND deleted_at IS NULL AND days_to_last_contact < 30000 ORDER BY id LIMIT $1`,
      [CONTESTED_CASES],
    );
    const authSecret = randomBytes(32).toString("base64url");
    for (const [index, port] of PORTS.entries()) {
      servers.push(await startAppServer({ name: `her2-load-${String.fromCharCode(97 + index)}`, port, databaseUrl, authSecret }));
    }
    console.log(`App servers: ${servers.map((app) => `${app.name} on ${app.origin}`).join(", ")} (one AUTH_SECRET, one database)`);

    // Each user signs in on one server and then uses both: the session is a JWT, no server holds it.
    const investigatorSessions: Session[] = [];
    for (const [index, email] of users.investigators.entries()) investigatorSessions.push(await signInOverHttp((servers[index % servers.length] as AppServer).origin, email, PASSWORD));
    const coordinatorSessions: Session[] = [];
    for (const [index, email] of users.coordinators.entries()) coordinatorSessions.push(await signInOverHttp((servers[index % servers.length] as AppServer).origin, email, PASSWORD));

    // A first request per tab, so that start-up work (module loading) is not counted as latency.
    for (const app of servers) for (const tab of ["", "/characteristics", "/outcomes", "/evolution"]) {
      await fetch(`${app.origin}/dashboard${tab}`, { headers: { cookie: (investigatorSessions[0] as Session).cookie } }).then((response) => response.text());
    }

    console.log(`Load: ${INVESTIGATORS} investigators on the dashboards and ${COORDINATORS} coordinators saving ${contested.length} cases, for ${SECONDS} s…`);
    const records: RequestRecord[] = [];
    const tally: SaveTally = { saved: new Map(), conflicts: 0, failures: [], latencies: [] };
    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    await Promise.all([
      ...investigatorSessions.map((session, index) => runInvestigator(session, deadline, records, index)),
      ...coordinatorSessions.map((session, index) => runCoordinator(session, contested.map((row) => row.id), deadline, tally, index)),
    ]);
    const elapsedSeconds = (Date.now() - started) / 1000;

    // No lost update: each case's final value and version count every successful save once,
    // and each successful save has its UPDATE audit event.
    const lostUpdates: string[] = [];
    for (const row of contested) {
      const saves = tally.saved.get(row.id) ?? 0;
      const { rows: now } = await client.query<{ version: number; days: number; audited: number }>(
        `SELECT version, days_to_last_contact AS days,
                (SELECT count(*)::int FROM audit_events WHERE entity = 'PATIENT' AND entity_id = $3 AND action = 'UPDATE' AND reason = $2) AS audited
           FROM patients WHERE id = $1`,
        [row.id, SAVE_REASON, String(row.id)],
      );
      const current = now[0];
      if (!current || current.version !== row.version + saves || current.days !== row.days + saves || current.audited !== saves) {
        lostUpdates.push(`case ${row.id}: ${saves} saves, version ${row.version} → ${current?.version}, days ${row.days} → ${current?.days}, ${current?.audited} audit events`);
      }
    }

    const latencies = records.map((record) => record.ms).sort((a, b) => a - b);
    const errors = records.filter((record) => !record.ok);
    const saveLatencies = [...tally.latencies].sort((a, b) => a - b);
    const byServer = Object.fromEntries(servers.map((app) => [app.name, records.filter((record) => record.server === app.name).length]));
    const byTab = Object.fromEntries(
      ["/dashboard?", "/dashboard/characteristics", "/dashboard/outcomes", "/dashboard/evolution"].map((prefix) => {
        const tab = records.filter((record) => (prefix === "/dashboard?" ? /^\/dashboard(\?|$)/.test(record.path) : record.path.startsWith(prefix))).map((record) => record.ms).sort((a, b) => a - b);
        return [prefix === "/dashboard?" ? "overview" : prefix.slice("/dashboard/".length), { requests: tab.length, p50: Math.round(percentile(tab, 50)), p95: Math.round(percentile(tab, 95)) }];
      }),
    );
    const report = {
      patients: PATIENTS,
      appServers: servers.length,
      investigators: INVESTIGATORS,
      coordinators: COORDINATORS,
      seconds: Math.round(elapsedSeconds),
      dashboard: {
        requests: records.length,
        requestsPerSecond: Number((records.length / elapsedSeconds).toFixed(1)),
        p50: Math.round(percentile(latencies, 50)),
        p95: Math.round(percentile(latencies, 95)),
        p99: Math.round(percentile(latencies, 99)),
        max: Math.round(latencies[latencies.length - 1] ?? 0),
        errors: errors.length,
        byServer,
        byTab,
      },
      saves: {
        successful: [...tally.saved.values()].reduce((sum, count) => sum + count, 0),
        conflicts: tally.conflicts,
        failures: tally.failures.length,
        p50: Math.round(percentile(saveLatencies, 50)),
        p95: Math.round(percentile(saveLatencies, 95)),
        lostUpdates: lostUpdates.length,
      },
    };
    await mkdir("test-results", { recursive: true });
    await writeFile("test-results/load-report.json", `${JSON.stringify(report, null, 2)}\n`);
    console.log(JSON.stringify(report, null, 2));
    for (const error of errors.slice(0, 10)) console.log(`  failed: ${error.status} ${error.server} ${error.path} (${Math.round(error.ms)} ms)`);
    for (const failure of tally.failures.slice(0, 10)) console.log(`  save failed: ${failure.status} ${failure.body}`);
    for (const lost of lostUpdates) console.log(`  LOST UPDATE ${lost}`);
    const passed = errors.length === 0 && tally.failures.length === 0 && lostUpdates.length === 0 && report.saves.successful > 0;
    console.log(`\nLoad test ${passed ? "passed" : "FAILED"}: ${records.length} dashboard requests, ${errors.length} errors; ${report.saves.successful} saves, ${tally.conflicts} conflicts (409), ${tally.failures.length} failed saves, ${lostUpdates.length} lost updates.`);
    if (!passed) for (const app of servers) console.log(`--- ${app.name} output (last lines) ---\n${app.output.slice(-20).join("")}`);
    return passed ? 0 : 1;
  } finally {
    await client.end();
  }
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(error);
} finally {
  for (const app of servers) await stopAppServer(app);
  await dropDatabase(server, databaseName).catch((error: unknown) => console.error("Could not drop the load database:", error));
}
process.exit(exitCode);
