// The negative-call counts on each patient (ventana_zero_tests … other_assay_low_tests), which the
// Evolution tab's calling rates sum, stay equal to their definition — the patient's live tests by
// assay and category — after every kind of write: the seed, case creation, edits and deletion of
// tests, the CSV import, and the reclassification (which also repairs stale counts).
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { createCase } from "../../lib/cases/create-case";
import { updateCase } from "../../lib/cases/update-case";
import { getCase } from "../../lib/cases/get-case";
import { importCases } from "../../lib/cases/import-cases";
import { reclassifyCases } from "../../lib/cases/reclassify-cases";
import { NEGATIVE_CALL_COLUMNS } from "../../lib/cases/derive-case";
import { writeCohortCsv } from "../../lib/demo/cohort-csv";
import { generateCohort } from "../../lib/demo/generate-cohort";
import { seedDemo } from "../../lib/demo/seed-demo";
import { createFixture, type Fixture } from "../support/fixtures";
import { parseCase, rawCase, updateFrom } from "../support/case-inputs";

const FIELD: Record<string, string> = {
  "VENTANA_4B5:ZERO": "ventanaZeroTests",
  "VENTANA_4B5:ULTRALOW": "ventanaUltralowTests",
  "VENTANA_4B5:LOW": "ventanaLowTests",
  "HERCEPTEST:ZERO": "herceptestZeroTests",
  "HERCEPTEST:ULTRALOW": "herceptestUltralowTests",
  "HERCEPTEST:LOW": "herceptestLowTests",
  "OTHER:ZERO": "otherAssayZeroTests",
  "OTHER:ULTRALOW": "otherAssayUltralowTests",
  "OTHER:LOW": "otherAssayLowTests",
};

/** Patients whose stored counts differ from a count of their live tests read with findMany. */
async function findStaleCounts(): Promise<{ id: number; stored: Record<string, number>; expected: Record<string, number> }[]> {
  const db = await getDb();
  const [patients, tests] = await Promise.all([db.patient.findMany({ orderBy: { id: "asc" } }), db.her2Test.findMany({ where: { deletedAt: null } })]);
  const expected = new Map<number, Record<string, number>>();
  for (const test of tests) {
    const field = FIELD[`${test.assay}:${test.category}`];
    if (!field) continue;
    const counts = expected.get(test.patientId) ?? {};
    counts[field] = (counts[field] ?? 0) + 1;
    expected.set(test.patientId, counts);
  }
  const stale = [];
  for (const patient of patients) {
    const stored = Object.fromEntries(NEGATIVE_CALL_COLUMNS.map(([field]) => [field, patient[field]]));
    const want = Object.fromEntries(NEGATIVE_CALL_COLUMNS.map(([field]) => [field, expected.get(patient.id)?.[field] ?? 0]));
    if (NEGATIVE_CALL_COLUMNS.some(([field]) => stored[field] !== want[field])) stale.push({ id: patient.id, stored, expected: want });
  }
  return stale;
}

let fx: Fixture;

beforeAll(async () => {
  const db = await getDb();
  // The demo seed runs on an empty database only, so it goes first (and brings its own sites).
  await seedDemo(db, { patients: 300, seed: 5, sites: 4, password: "integration-Pass-1", batchSize: 70 });
  fx = await createFixture("nc");
});

describe("negative-call counts on the patient", () => {
  it("are stored by the demo seed", async () => {
    const db = await getDb();
    expect(await findStaleCounts()).toEqual([]);
    // Not all zero: the check above can fail.
    const total = await db.patient.aggregate({ _sum: { ventanaLowTests: true, herceptestZeroTests: true } });
    expect(total._sum.ventanaLowTests ?? 0).toBeGreaterThan(0);
    expect(total._sum.herceptestZeroTests ?? 0).toBeGreaterThan(0);
  });

  it("follow case creation, test edits, added tests and deleted tests", async () => {
    const created = await createCase(
      fx.coordinatorA,
      parseCase(
        rawCase({
          tests: [
            { specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_1" },
            { specimen: "PRIMARY_SURGICAL", specimenSite: "BREAST", daysSinceDiagnosis: 30, assay: "HERCEPTEST", ihcScore: "IHC_0_ULTRALOW" },
          ],
        }),
      ),
    );
    const db = await getDb();
    expect(await db.patient.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ ventanaLowTests: 1, herceptestUltralowTests: 1, ventanaZeroTests: 0 });

    let detail = await getCase(fx.coordinatorA, created.id);
    await updateCase(
      fx.coordinatorA,
      created.id,
      updateFrom(detail, "Re-read and a new metastasis biopsy", (raw) => {
        Object.assign(raw.tests[0] ?? {}, { ihcScore: "IHC_0_NULL" });
        raw.tests.push({ specimen: "METASTATIC", specimenSite: "LIVER", daysSinceDiagnosis: 400, assay: "OTHER", ihcScore: "IHC_2", ishRatio: 1.2, ishCopies: 2.5 });
      }),
    );
    expect(await db.patient.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ ventanaZeroTests: 1, ventanaLowTests: 0, herceptestUltralowTests: 1, otherAssayLowTests: 1 });

    detail = await getCase(fx.coordinatorA, created.id);
    const surgical = detail.tests.find((test) => test.specimen === "PRIMARY_SURGICAL");
    if (!surgical) throw new Error("the surgical test is missing");
    await updateCase(
      fx.coordinatorA,
      created.id,
      updateFrom(detail, "Wrong block", (raw) => {
        raw.tests = raw.tests.filter((test) => test.id !== surgical.id);
        raw.deletedTests.push({ id: surgical.id, version: surgical.version });
      }),
    );
    expect(await db.patient.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ herceptestUltralowTests: 0, ventanaZeroTests: 1, otherAssayLowTests: 1 });
    expect(await findStaleCounts()).toEqual([]);
  });

  it("are written by the CSV import", async () => {
    const site = { code: fx.siteA.code, name: "Fixture", weight: 1, ihcOneBias: 0.2, hercepTestShare: 0.4 };
    const cases = [...generateCohort({ patients: 120, seed: 9, sites: [site] })].map((demoCase) => ({
      ...demoCase,
      patient: { ...demoCase.patient, studyId: demoCase.patient.studyId.replace(/^HER2-[^-]+/, "NCIM-01") },
    }));
    const csv = writeCohortCsv(cases);
    const encoder = new TextEncoder();
    const report = await importCases(
      fx.coordinatorA,
      { patients: encoder.encode(csv.patients), her2_tests: encoder.encode(csv.her2_tests), treatment_lines: encoder.encode(csv.treatment_lines) },
      { mode: "create", dryRun: false },
    );
    expect(report.committed).toBe(true);
    expect(await findStaleCounts()).toEqual([]);
  });

  it("are repaired by the reclassification, which finds nothing to change on a consistent database", async () => {
    expect((await reclassifyCases(await getDb())).patientsChanged).toBe(0);
    const db = await getDb();
    await db.$executeRawUnsafe(`UPDATE patients SET ventana_low_tests = ventana_low_tests + 2, other_assay_zero_tests = 0 WHERE id % 7 = 0`);
    expect((await findStaleCounts()).length).toBeGreaterThan(0);
    const repaired = await reclassifyCases(db);
    expect(repaired.patientsChanged).toBeGreaterThan(0);
    expect(await findStaleCounts()).toEqual([]);
  });
});
