// npm run bench:reclassify [-- --patients 100000]
// Times npm run db:reclassify's core on a fresh database: once with nothing to change, once after
// stale values are planted in a tenth of the patients and a twentieth of the tests.
import { parseArgs } from "node:util";
import { seconds, withFreshDatabase } from "./fresh-database";

const { values } = parseArgs({ options: { patients: { type: "string", default: "100000" } } });
const patients = Number(values.patients);
if (!Number.isInteger(patients) || patients < 100 || patients > 2_000_000) {
  console.error("--patients must be a whole number from 100 to 2000000");
  process.exit(2);
}

await withFreshDatabase("bench", async () => {
  const { getDb } = await import("../../lib/db/client");
  const { seedDemo } = await import("../../lib/demo/seed-demo");
  const { reclassifyCases } = await import("../../lib/cases/reclassify-cases");
  const db = await getDb();
  const seeded = await seedDemo(db, { patients, seed: 2026, sites: Math.max(4, Math.ceil(patients / 40_000)) });
  console.log(`Seeded ${seeded.patients.toLocaleString("en")} patients, ${seeded.tests.toLocaleString("en")} tests in ${seconds(seeded.milliseconds)}`);

  const clean = await reclassifyCases(db);
  console.log(`Reclassify, nothing to change:   ${seconds(clean.milliseconds)} (${clean.patientsChanged} patients changed)`);

  await db.$executeRawUnsafe(`UPDATE her2_tests SET category = 'INDETERMINATE' WHERE id % 20 = 0`);
  await db.$executeRawUnsafe(`UPDATE patients SET cohort_latest = NULL, cohort_highest = NULL WHERE id % 10 = 0`);
  const stale = await reclassifyCases(db);
  console.log(
    `Reclassify, stale values planted: ${seconds(stale.milliseconds)} (${stale.testsChanged.toLocaleString("en")} tests, ` +
      `${stale.patientsChanged.toLocaleString("en")} patients changed; cohort changes latest ${stale.cohortChanges.latest.toLocaleString("en")}, ` +
      `primary ${stale.cohortChanges.primary.toLocaleString("en")}, highest ${stale.cohortChanges.highest.toLocaleString("en")})`,
  );
});
