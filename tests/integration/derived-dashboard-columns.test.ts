// The derived patient columns the dashboards read instead of joining every row stay equal to their
// definitions after every kind of write (the seed, case creation, edits and deletions of tests and
// lines, the CSV import, and the reclassification, which also repairs stale values):
// - the negative-call counts (ventana_zero_tests … other_assay_low_tests) = the patient's live
//   tests by assay and category (Evolution: calling rates);
// - metastatic_line{1,2,3,4plus}_regimens = the regimen classes of its live metastatic lines
//   numbered 1, 2, 3 and 4+, as bit sets;
// - metastatic_line_starts = per (calendar year a live metastatic line started, any line / line
//   1, 2, 3, 4+) the regimen classes started (Outcomes: treatment uptake);
// - read_pair_codes = the pairs of reads its live tests carry (their stored pair columns), one code
//   each (Agreement, from the summary);
// - each test's treatment timing and residual-disease flag = its day against the patient's live
//   neoadjuvant lines, and each line's her2_at_start = the status at its start (line endpoints).
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { createCase } from "../../lib/cases/create-case";
import { updateCase } from "../../lib/cases/update-case";
import { getCase } from "../../lib/cases/get-case";
import { importCases } from "../../lib/cases/import-cases";
import { reclassifyCases } from "../../lib/cases/reclassify-cases";
import { NEGATIVE_CALL_COLUMNS } from "../../lib/cases/derive-case";
import { LINE_DERIVED_COLUMNS, REGIMEN_CLASS_BITS, decodeLineStart, encodeLineStart } from "../../lib/cases/derive-lines";
import { decodeReadPair, type ReadPair } from "../../lib/cases/read-pair-codes";
import { seedDemo } from "../../lib/demo/seed-demo";
import { her2StatusAt } from "../../lib/her2/cohort";
import { createFixture, type Fixture } from "../support/fixtures";
import { parseCase, rawCase, updateFrom } from "../support/case-inputs";
import { syntheticImportFiles } from "../support/synthetic-import";

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
  "VENTANA_4B5:ZERO_NOS": "ventanaNosTests",
  "HERCEPTEST:ZERO_NOS": "herceptestNosTests",
  "OTHER:ZERO_NOS": "otherAssayNosTests",
};

/** Patients whose stored values differ from their definitions over the live rows read with findMany. */
async function findStaleCounts(): Promise<{ id: number; stored: Record<string, unknown>; expected: Record<string, unknown> }[]> {
  const db = await getDb();
  const [patients, tests, lines] = await Promise.all([
    db.patient.findMany({ orderBy: { id: "asc" } }),
    db.her2Test.findMany({ where: { deletedAt: null } }),
    db.treatmentLine.findMany({ where: { deletedAt: null, setting: "METASTATIC" } }),
  ]);
  const expected = new Map<number, Record<string, number>>();
  // The line starts: "year:bucket" → regimen bit set, per patient (bucket 0 = any line, 4 = 4+).
  const years = new Map(patients.map((patient) => [patient.id, patient.diagnosisYear]));
  const starts = new Map<number, Map<string, number>>();
  for (const line of lines) {
    const year = (years.get(line.patientId) ?? 0) + Math.floor(line.startDay / 365.25);
    const cells = starts.get(line.patientId) ?? new Map<string, number>();
    for (const bucket of new Set([0, Math.min(line.lineNumber, 4)])) {
      cells.set(`${year}:${bucket}`, (cells.get(`${year}:${bucket}`) ?? 0) | (1 << REGIMEN_CLASS_BITS[line.regimenClass]));
    }
    starts.set(line.patientId, cells);
  }
  for (const line of lines) {
    const field = line.lineNumber >= 4 ? "metastaticLine4PlusRegimens" : `metastaticLine${line.lineNumber}Regimens`;
    const values = expected.get(line.patientId) ?? {};
    values[field] = (values[field] ?? 0) | (1 << REGIMEN_CLASS_BITS[line.regimenClass]);
    expected.set(line.patientId, values);
  }
  for (const test of tests) {
    // Calling rates count the sites' own reads only.
    if (test.readKind !== "LOCAL") continue;
    const field = FIELD[`${test.assay}:${test.category}`];
    if (!field) continue;
    const counts = expected.get(test.patientId) ?? {};
    counts[field] = (counts[field] ?? 0) + 1;
    expected.set(test.patientId, counts);
  }
  // The pairs each live test carries, read off its stored pair columns.
  const pairs = new Map<number, ReadPair[]>();
  for (const test of tests) {
    if (test.ihcScore === null) continue;
    const a = { score: test.ihcScore, category: test.category };
    const carried: ReadPair[] = [];
    if (test.readBScore !== null && test.readBCategory !== null) {
      const c = test.readCScore !== null && test.readCCategory !== null ? { score: test.readCScore, category: test.readCCategory } : null;
      carried.push({ kind: "readers", a, b: { score: test.readBScore, category: test.readBCategory }, c });
    }
    if (test.centralScore !== null && test.centralCategory !== null) carried.push({ kind: "localCentral", a, b: { score: test.centralScore, category: test.centralCategory }, c: null });
    if (test.herceptestScore !== null && test.herceptestCategory !== null) carried.push({ kind: "assays", a, b: { score: test.herceptestScore, category: test.herceptestCategory }, c: null });
    pairs.set(test.patientId, [...(pairs.get(test.patientId) ?? []), ...carried]);
  }
  const fields = [...NEGATIVE_CALL_COLUMNS, ...LINE_DERIVED_COLUMNS].map(([field]) => field);
  const stale = [];
  for (const patient of patients) {
    const stored = Object.fromEntries(fields.map((field) => [field, patient[field]]));
    const want = Object.fromEntries(fields.map((field) => [field, expected.get(patient.id)?.[field] ?? 0]));
    const storedStarts = patient.metastaticLineStarts.map((value) => decodeLineStart(value));
    const wantStarts = [...(starts.get(patient.id) ?? [])]
      .map(([key, classBits]) => {
        const [year = 0, bucket = 0] = key.split(":").map(Number);
        return { year, bucket, classBits };
      })
      .sort((a, b) => encodeLineStart(a) - encodeLineStart(b));
    const storedPairs = patient.readPairCodes.map((code) => JSON.stringify(decodeReadPair(code))).sort();
    const wantPairs = (pairs.get(patient.id) ?? []).map((pair) => JSON.stringify(pair)).sort();
    if (fields.some((field) => stored[field] !== want[field]) || JSON.stringify(storedStarts) !== JSON.stringify(wantStarts) || JSON.stringify(storedPairs) !== JSON.stringify(wantPairs)) {
      stale.push({ id: patient.id, stored: { ...stored, starts: storedStarts, pairs: storedPairs }, expected: { ...want, starts: wantStarts, pairs: wantPairs } });
    }
  }
  return stale;
}

/**
 * Tests and lines whose derived columns differ from a plain reading of their definitions: the
 * timing against the first neoadjuvant start and last end (a line without an end is ongoing), the
 * residual tumour = a primary surgical specimen after it; the status at a line's start = the
 * pure her2StatusAt over the patient's live tests.
 */
async function findStaleRowDerivations(): Promise<string[]> {
  const db = await getDb();
  const [tests, lines] = await Promise.all([db.her2Test.findMany(), db.treatmentLine.findMany()]);
  const stale: string[] = [];
  for (const test of tests) {
    const neoadjuvant = lines.filter((line) => line.patientId === test.patientId && line.deletedAt === null && line.setting === "NEOADJUVANT");
    let timing = "NO_NEOADJUVANT";
    if (neoadjuvant.length > 0) {
      const first = Math.min(...neoadjuvant.map((line) => line.startDay));
      const ongoing = neoadjuvant.some((line) => line.endDay === null);
      const last = Math.max(...neoadjuvant.map((line) => line.endDay ?? line.startDay));
      timing = test.daysSinceDiagnosis <= first ? "BEFORE_NEOADJUVANT" : ongoing || test.daysSinceDiagnosis < last ? "DURING_NEOADJUVANT" : "AFTER_NEOADJUVANT";
    }
    const residual = test.specimen === "PRIMARY_SURGICAL" && timing === "AFTER_NEOADJUVANT";
    if (test.treatmentTiming !== timing || test.residualDisease !== residual) stale.push(`test ${test.id}: ${test.treatmentTiming}/${test.residualDisease}, expected ${timing}/${residual}`);
  }
  for (const line of lines) {
    const live = tests.filter((test) => test.patientId === line.patientId && test.deletedAt === null);
    const status = her2StatusAt(live, line.startDay);
    if (line.her2AtStart !== status) stale.push(`line ${line.id}: ${line.her2AtStart}, expected ${status}`);
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

describe("derived dashboard columns on the patient", () => {
  it("are stored by the demo seed", async () => {
    const db = await getDb();
    expect(await findStaleCounts()).toEqual([]);
    expect(await findStaleRowDerivations()).toEqual([]);
    // Not all zero: the checks above can fail.
    expect(await db.her2Test.count({ where: { residualDisease: true } })).toBeGreaterThan(0);
    expect(await db.her2Test.count({ where: { readKind: "CENTRAL" } })).toBeGreaterThan(0);
    expect(await db.treatmentLine.count({ where: { her2AtStart: "LOW" } })).toBeGreaterThan(0);
    const total = await db.patient.aggregate({ _sum: { ventanaLowTests: true, herceptestZeroTests: true } });
    expect(total._sum.ventanaLowTests ?? 0).toBeGreaterThan(0);
    expect(total._sum.herceptestZeroTests ?? 0).toBeGreaterThan(0);
    expect(await db.patient.count({ where: { metastaticLine2Regimens: { gt: 0 } } })).toBeGreaterThan(0);
  });

  it("follow case creation, test edits, added and deleted tests, added and deleted lines", async () => {
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
        raw.patient.diseaseSetting = "RECURRENT_METASTATIC";
        raw.patient.daysToMetastasis = 380;
        raw.lines.push(
          { setting: "METASTATIC", lineNumber: 1, regimenClass: "ENDOCRINE_CDK46", agents: ["LETROZOLE", "PALBOCICLIB"], startDay: 410, endDay: 700, bestResponse: "PR", progressionDay: 700 },
          { setting: "METASTATIC", lineNumber: 2, regimenClass: "T_DXD", agents: ["TRASTUZUMAB_DERUXTECAN"], startDay: 720, endDay: null, bestResponse: null, progressionDay: null },
        );
      }),
    );
    expect(await db.patient.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      ventanaZeroTests: 1,
      ventanaLowTests: 0,
      herceptestUltralowTests: 1,
      otherAssayLowTests: 1,
      metastaticLine1Regimens: 1 << REGIMEN_CLASS_BITS.ENDOCRINE_CDK46,
      metastaticLine2Regimens: 1 << REGIMEN_CLASS_BITS.T_DXD,
    });

    detail = await getCase(fx.coordinatorA, created.id);
    const surgical = detail.tests.find((test) => test.specimen === "PRIMARY_SURGICAL");
    const secondLine = detail.lines.find((line) => line.setting === "METASTATIC" && line.lineNumber === 2);
    if (!surgical || !secondLine) throw new Error("the surgical test or the second line is missing");
    await updateCase(
      fx.coordinatorA,
      created.id,
      updateFrom(detail, "Wrong block", (raw) => {
        raw.tests = raw.tests.filter((test) => test.id !== surgical.id);
        raw.deletedTests.push({ id: surgical.id, version: surgical.version });
        raw.lines = raw.lines.filter((line) => line.id !== secondLine.id);
        raw.deletedLines.push({ id: secondLine.id, version: secondLine.version });
      }),
    );
    expect(await db.patient.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ herceptestUltralowTests: 0, ventanaZeroTests: 1, otherAssayLowTests: 1, metastaticLine2Regimens: 0 });
    expect(await findStaleCounts()).toEqual([]);
    expect(await findStaleRowDerivations()).toEqual([]);

    // The line starts follow an edited line (a later start, another year) and a new diagnosis year.
    const before = await db.patient.findUniqueOrThrow({ where: { id: created.id } });
    detail = await getCase(fx.coordinatorA, created.id);
    await updateCase(
      fx.coordinatorA,
      created.id,
      updateFrom(detail, "Start day and year corrected", (raw) => {
        const first = raw.lines.find((line) => line.setting === "METASTATIC" && line.lineNumber === 1);
        if (!first) throw new Error("the first line is missing");
        Object.assign(first, { startDay: 800, endDay: 900, progressionDay: 900 });
        raw.patient.diagnosisYear = before.diagnosisYear + 1;
      }),
    );
    const after = await db.patient.findUniqueOrThrow({ where: { id: created.id } });
    const cdk46 = 1 << REGIMEN_CLASS_BITS.ENDOCRINE_CDK46;
    const startYear = before.diagnosisYear + 1 + 2;
    expect(after.metastaticLineStarts.map((value) => decodeLineStart(value))).toEqual([
      { year: startYear, bucket: 0, classBits: cdk46 },
      { year: startYear, bucket: 1, classBits: cdk46 },
    ]);
    expect(after.metastaticLineStarts).not.toEqual(before.metastaticLineStarts);
    expect(await findStaleCounts()).toEqual([]);

    // The counts are not audited again (the test and line rows are), but cohort changes are.
    const events = await db.auditEvent.findMany({ where: { entity: "PATIENT", entityId: String(created.id) } });
    const audited = new Set(events.flatMap((event) => Object.keys((event.changes ?? {}) as Record<string, unknown>)));
    expect(audited.has("cohortLatest")).toBe(true);
    for (const field of [...NEGATIVE_CALL_COLUMNS, ...LINE_DERIVED_COLUMNS].map(([name]) => name)) expect(audited.has(field), field).toBe(false);
  });

  it("are written by the CSV import", async () => {
    const files = syntheticImportFiles({ patients: 120, seed: 9, siteCode: fx.siteA.code, prefix: "NCIM", ihcOneBias: 0.2, hercepTestShare: 0.4 });
    const report = await importCases(fx.coordinatorA, files, { mode: "create", dryRun: false });
    expect(report.committed).toBe(true);
    expect(await findStaleCounts()).toEqual([]);
    expect(await findStaleRowDerivations()).toEqual([]);
  });

  it("are repaired by the reclassification, which finds nothing to change on a consistent database", async () => {
    expect((await reclassifyCases(await getDb())).patientsChanged).toBe(0);
    const db = await getDb();
    await db.$executeRawUnsafe(`UPDATE patients SET ventana_low_tests = ventana_low_tests + 2, other_assay_zero_tests = 0 WHERE id % 7 = 0`);
    await db.$executeRawUnsafe(`UPDATE patients SET metastatic_line1_regimens = 0, metastatic_line3_regimens = 1 WHERE id % 5 = 0`);
    await db.$executeRawUnsafe(`UPDATE patients SET metastatic_line_starts = '{}' WHERE id % 6 = 0 AND metastatic_line_starts <> '{}'`);
    await db.$executeRawUnsafe(`UPDATE patients SET metastatic_line_starts = ARRAY[${encodeLineStart({ year: 2020, bucket: 1, classBits: 1 })}] WHERE id % 6 = 1`);
    await db.$executeRawUnsafe(`UPDATE her2_tests SET treatment_timing = 'NO_NEOADJUVANT', residual_disease = false WHERE id % 3 = 0`);
    await db.$executeRawUnsafe(`UPDATE treatment_lines SET her2_at_start = NULL WHERE id % 4 = 0`);
    expect((await findStaleCounts()).length).toBeGreaterThan(0);
    expect((await findStaleRowDerivations()).length).toBeGreaterThan(0);
    const repaired = await reclassifyCases(db);
    expect(repaired.patientsChanged).toBeGreaterThan(0);
    expect(repaired.testsChanged).toBeGreaterThan(0);
    expect(repaired.linesChanged).toBeGreaterThan(0);
    expect(await findStaleCounts()).toEqual([]);
    expect(await findStaleRowDerivations()).toEqual([]);
  });
});
