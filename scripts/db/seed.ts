// npm run db:seed [-- --patients 1500 --seed 2026 --sites 4 --if-empty]
// Fills an empty database with the synthetic demo cohort and one user per role.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { disconnectDb, getDb } from "../../lib/db/client";
import { env } from "../../lib/env";
import { describeTarget, resolveDatabaseTarget } from "../../lib/db/target";
import { formatSignIns } from "../../lib/demo/format-sign-ins";
import { isDatabaseEmpty, seedDemo } from "../../lib/demo/seed-demo";

const { values } = parseArgs({
  options: {
    patients: { type: "string", default: "1500" },
    seed: { type: "string", default: "2026" },
    sites: { type: "string", default: "4" },
    password: { type: "string" },
    "if-empty": { type: "boolean", default: false },
    "sign-ins-file": { type: "string", default: ".data/demo-sign-ins.txt" },
  },
});

function parseCount(name: string, raw: string | undefined, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    process.exit(2);
  }
  return value;
}

const patients = parseCount("patients", values.patients, 0, 5_000_000);
const seed = parseCount("seed", values.seed, 0, 2 ** 31);
const sites = parseCount("sites", values.sites, 1, 99);
if (patients > sites * 99_999 * 0.5) {
  console.error(`${patients} patients need more sites (study IDs hold 99,999 patients a site): add --sites ${Math.ceil(patients / 40_000)}`);
  process.exit(2);
}

const target = resolveDatabaseTarget(env);
try {
  const db = await getDb();
  if (!(await isDatabaseEmpty(db))) {
    if (values["if-empty"]) {
      console.log(`${describeTarget(target)} already holds data: demo seed skipped.`);
      process.exit(0);
    }
    console.error(`${describeTarget(target)} already holds data: the demo seed only fills an empty database.`);
    process.exit(1);
  }
  console.log(`Seeding ${describeTarget(target)} with ${patients.toLocaleString("en")} synthetic patients (seed ${seed}, ${sites} sites)…`);
  let lastReport = 0;
  const result = await seedDemo(db, {
    patients,
    seed,
    sites,
    password: values.password,
    onProgress: (done, total) => {
      if (done === total || performance.now() - lastReport > 2_000) {
        lastReport = performance.now();
        console.log(`  ${done.toLocaleString("en")} / ${total.toLocaleString("en")} patients`);
      }
    },
  });
  console.log(
    `Done in ${(result.milliseconds / 1000).toFixed(1)} s: ${result.patients.toLocaleString("en")} patients, ` +
      `${result.tests.toLocaleString("en")} HER2 tests, ${result.lines.toLocaleString("en")} treatment lines.`,
  );
  const signIns = formatSignIns(result.signIns);
  console.log(`\nDemo sign-ins (for this demo database only):\n${signIns}`);
  const file = path.resolve(values["sign-ins-file"]);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${signIns}\n`, { mode: 0o600 });
} finally {
  await disconnectDb();
}
