// npm run db:reclassify [-- --batch-size 5000]
// Recomputes every HER2 test's category and every patient's cohorts with the current rules
// (after a change to lib/her2), and reports how many patients changed cohort under each rule.
import { parseArgs } from "node:util";
import { disconnectDb, getDb } from "../../lib/db/client";
import { env } from "../../lib/env";
import { describeTarget, resolveDatabaseTarget } from "../../lib/db/target";
import { reclassifyCases } from "../../lib/cases/reclassify-cases";

const { values } = parseArgs({ options: { "batch-size": { type: "string", default: "5000" } } });
const batchSize = Number(values["batch-size"]);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
  console.error(`--batch-size must be a whole number from 1 to 100000 (got "${values["batch-size"]}")`);
  process.exit(2);
}

try {
  const db = await getDb();
  console.log(`Reclassifying ${describeTarget(resolveDatabaseTarget(env))}…`);
  let lastReport = performance.now();
  const report = await reclassifyCases(db, {
    batchSize,
    onProgress: (done) => {
      if (performance.now() - lastReport > 2_000) {
        lastReport = performance.now();
        console.log(`  ${done.toLocaleString("en")} patients`);
      }
    },
  });
  console.log(
    `Done in ${(report.milliseconds / 1000).toFixed(1)} s: ${report.patients.toLocaleString("en")} patients, ` +
      `${report.tests.toLocaleString("en")} HER2 tests.\n` +
      `  tests whose category, ISH group or timing against neoadjuvant therapy changed: ${report.testsChanged.toLocaleString("en")}\n` +
      `  live tests whose stored pairs of reads (Agreement tab) changed: ${report.pairsChanged.toLocaleString("en")}\n` +
      `  treatment lines whose HER2 status at the start or prior CDK4/6 flag changed: ${report.linesChanged.toLocaleString("en")}\n` +
      `  patients whose derived columns changed:    ${report.patientsChanged.toLocaleString("en")}\n` +
      `  patients that changed cohort, latest:      ${report.cohortChanges.latest.toLocaleString("en")}\n` +
      `  patients that changed cohort, primary:     ${report.cohortChanges.primary.toLocaleString("en")}\n` +
      `  patients that changed cohort, highest:     ${report.cohortChanges.highest.toLocaleString("en")}`,
  );
} finally {
  await disconnectDb();
}
