// npm run bench:import [-- --patients 50000]
// Generates a synthetic cohort as the three import CSV files, then validates (dry run) and
// commits it through lib/cases/import-cases.ts against a fresh PostgreSQL database that it
// creates and drops. Issue 5 asks for 50,000 patients validated and committed in under 60 s.
import { parseArgs } from "node:util";
import { seconds, withFreshDatabase } from "./fresh-database";

const { values } = parseArgs({ options: { patients: { type: "string", default: "50000" } } });
const patients = Number(values.patients);
if (!Number.isInteger(patients) || patients < 10 || patients > 500_000) {
  console.error("--patients must be a whole number from 10 to 500000");
  process.exit(2);
}

await withFreshDatabase("bench", async () => {
  const { getDb } = await import("../../lib/db/client");
  const { importCases } = await import("../../lib/cases/import-cases");
  const { generateCohort } = await import("../../lib/demo/generate-cohort");
  const { writeCohortCsv } = await import("../../lib/demo/cohort-csv");
  const { buildDemoSites } = await import("../../lib/demo/demo-sites");
  const db = await getDb();
  const sites = buildDemoSites(Math.max(4, Math.ceil(patients / 40_000)));
  await db.site.createMany({ data: sites.map((site) => ({ code: site.code, name: site.name })) });
  const admin = await db.user.create({ data: { email: "bench-admin@bench.example", name: "Benchmark", role: "ADMIN", passwordHash: "not-a-hash" } });
  const user = { id: admin.id, email: admin.email, name: admin.name, role: admin.role, siteId: null };

  let started = performance.now();
  const csv = writeCohortCsv(generateCohort({ patients, seed: 2026, sites }));
  const encoder = new TextEncoder();
  const upload = { patients: encoder.encode(csv.patients), her2_tests: encoder.encode(csv.her2_tests), treatment_lines: encoder.encode(csv.treatment_lines) };
  const megabytes = (upload.patients.length + upload.her2_tests.length + upload.treatment_lines.length) / 1e6;
  console.log(`Generated ${patients.toLocaleString("en")} patients as CSV (${megabytes.toFixed(1)} MB) in ${seconds(performance.now() - started)}`);

  started = performance.now();
  const dryRun = await importCases(user, upload, { mode: "create", dryRun: true });
  const dryRunMs = performance.now() - started;
  console.log(
    `Dry run (parse + validate every row): ${seconds(dryRunMs)}: ${dryRun.patientsToCreate.toLocaleString("en")} patients, ` +
      `${dryRun.testsToCreate.toLocaleString("en")} tests, ${dryRun.linesToCreate.toLocaleString("en")} lines, ${dryRun.errorCount} errors`,
  );

  started = performance.now();
  const phases = new Map<string, number>();
  const committed = await importCases(user, upload, {
    mode: "create",
    dryRun: false,
    onProgress: (progress) => {
      if (!phases.has(progress.phase)) phases.set(progress.phase, performance.now());
    },
  });
  const commitMs = performance.now() - started;
  const writingStarted = phases.get("writing") ?? started;
  console.log(
    `Commit (validate again + write in one transaction): ${seconds(commitMs)} ` +
      `(of which writing ${seconds(performance.now() - writingStarted)}); committed: ${committed.committed}`,
  );
  const stored = await db.patient.count();
  const audit = await db.auditEvent.count();
  console.log(`Stored: ${stored.toLocaleString("en")} patients, ${audit.toLocaleString("en")} audit events`);
  console.log(`Validate + commit: ${seconds(commitMs)} (limit 60 s) — dry run and commit together: ${seconds(dryRunMs + commitMs)}`);
});
