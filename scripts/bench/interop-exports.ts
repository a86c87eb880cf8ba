// npm run bench:interop [-- --patients 100000] [--formats fhir-ndjson,fhir-zip,odm] [--reader prisma,auto]
// Measures the mCODE (NDJSON, ZIP) and ODM exports on a synthetic registry: a fresh PostgreSQL
// database (created and dropped here) loaded with COPY, one CREATE audit event per row (so that
// ODM's AuditRecords are as large as a real trail's first entries), then each export streamed to
// a byte counter in its own Node process (so each peak is its own), with the wall time, the
// bytes written and the peak resident and heap memory above the process's baseline. Each format
// runs once per reader: "auto" = a server-side cursor through postgres.js (issue 17 §6),
// "prisma" = Prisma's keyset pages (PGlite's path, and every server's before the cursor).
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { seconds, withFreshDatabase } from "./fresh-database";

const FORMATS = ["fhir-ndjson", "fhir-zip", "odm"] as const;
type Format = (typeof FORMATS)[number];
const READERS = ["prisma", "auto"] as const;
type Reader = (typeof READERS)[number];
type Result = { format: Format; reader: Reader; patients: number; megabytes: number; ms: number; peakRssMb: number; peakHeapMb: number; baselineRssMb: number };

const { values } = parseArgs({
  options: { patients: { type: "string", default: "100000" }, formats: { type: "string", default: FORMATS.join(",") }, reader: { type: "string", default: READERS.join(",") }, child: { type: "string" }, "child-reader": { type: "string" } },
});

function listOf<T extends string>(text: string, allowed: readonly T[], what: string): T[] {
  const items = text.split(",").map((item) => item.trim());
  for (const item of items) if (!allowed.includes(item as T)) throw new Error(`unknown ${what} ${item} (${allowed.join(", ")})`);
  return items as T[];
}

async function runChild(format: Format, reader: Reader): Promise<void> {
  const { getDb, disconnectDb } = await import("../../lib/db/client");
  const { DEFAULT_DASHBOARD_FILTERS } = await import("../../lib/analytics/filters");
  const { exportFhirCohort } = await import("../../lib/fhir/export-fhir");
  const { exportOdm } = await import("../../lib/odm/export-odm");
  const db = await getDb();
  const admin = await db.user.findFirstOrThrow({ where: { role: "ADMIN" } });
  const user = { id: admin.id, email: admin.email, name: admin.name, role: admin.role, siteId: null };
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const timer = setInterval(sample, 50);
  const started = performance.now();
  const { stream } = format === "odm" ? await exportOdm(user, DEFAULT_DASHBOARD_FILTERS, reader) : await exportFhirCohort(user, DEFAULT_DASHBOARD_FILTERS, format === "fhir-zip" ? "zip" : "ndjson", reader);
  let bytes = 0;
  const chunks = stream.getReader();
  for (let next = await chunks.read(); !next.done; next = await chunks.read()) {
    bytes += next.value.byteLength;
    sample();
  }
  const ms = performance.now() - started;
  clearInterval(timer);
  const patients = await db.patient.count();
  await disconnectDb();
  const mb = (value: number) => Math.round(value / 1e5) / 10;
  const result: Result = { format, reader, patients, megabytes: mb(bytes), ms: Math.round(ms), peakRssMb: mb(peakRss - baseline.rss), peakHeapMb: mb(peakHeap - baseline.heapUsed), baselineRssMb: mb(baseline.rss) };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

function spawnChild(format: Format, reader: Reader): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--conditions=react-server", "--import", "tsx", "scripts/bench/interop-exports.ts", "--child", format, "--child-reader", reader], { env: process.env, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("exit", (code) => {
      const line = output.split("\n").find((text) => text.startsWith("RESULT "));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as Result);
      else reject(new Error(`the ${format} export failed (exit ${code}): ${output.slice(-500)}`));
    });
  });
}

if (values.child) {
  await runChild(values.child as Format, values["child-reader"] as Reader);
} else {
  const patients = Number(values.patients);
  const formats = listOf(values.formats, FORMATS, "format");
  const readers = listOf(values.reader, READERS, "reader");
  if (!Number.isInteger(patients) || patients < 100 || patients > 1_000_000) {
    console.error("--patients must be a whole number from 100 to 1000000");
    process.exit(2);
  }
  await withFreshDatabase("interop", async () => {
    const { loadCohort } = await import("./copy-cohort");
    const started = performance.now();
    const load = await loadCohort({ url: process.env.DATABASE_URL ?? "", patients, seed: 2026 });
    const { getDb } = await import("../../lib/db/client");
    const db = await getDb();
    const admin = await db.user.create({ data: { email: "bench-admin@bench.example", name: "Benchmark", role: "ADMIN", passwordHash: "not-a-hash" } });
    const inserted = await db.$executeRawUnsafe(
      `INSERT INTO audit_events (user_id, user_email, site_id, entity, entity_id, action, reason)
       SELECT $1, $2, p.site_id, 'PATIENT'::"AuditEntity", p.id::text, 'CREATE'::"AuditAction", NULL FROM patients p
       UNION ALL SELECT $1, $2, p.site_id, 'HER2_TEST'::"AuditEntity", t.id::text, 'CREATE'::"AuditAction", NULL FROM her2_tests t JOIN patients p ON p.id = t.patient_id
       UNION ALL SELECT $1, $2, p.site_id, 'TREATMENT_LINE'::"AuditEntity", l.id::text, 'CREATE'::"AuditAction", NULL FROM treatment_lines l JOIN patients p ON p.id = l.patient_id`,
      admin.id,
      admin.email,
    );
    await db.$executeRawUnsafe("ANALYZE audit_events");
    console.log(`Loaded ${load.patients.toLocaleString("en")} patients, ${load.tests.toLocaleString("en")} tests, ${load.lines.toLocaleString("en")} lines and ${inserted.toLocaleString("en")} audit events in ${seconds(performance.now() - started)}`);
    const results: Result[] = [];
    for (const format of formats) {
      for (const reader of readers) {
        const result = await spawnChild(format, reader);
        results.push(result);
        console.log(`${format} (${reader}): ${seconds(result.ms)}, ${result.megabytes} MB written, peak memory above baseline: RSS +${result.peakRssMb} MB, heap +${result.peakHeapMb} MB (baseline RSS ${result.baselineRssMb} MB)`);
      }
    }
    console.log("\n| format | reader | patients | time | output | peak RSS above baseline | peak heap above baseline |\n| --- | --- | --- | --- | --- | --- | --- |");
    for (const result of results) console.log(`| ${result.format} | ${result.reader} | ${result.patients.toLocaleString("en")} | ${seconds(result.ms)} | ${result.megabytes} MB | +${result.peakRssMb} MB | +${result.peakHeapMb} MB |`);
  });
}
