// CSV import against a real database: every error by row and column, dry run writes nothing,
// commit is all-or-nothing, existing study IDs are reported, "update existing" checks versions,
// file-level problems (columns, encoding) are 400s, and coordinators stay within their site.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { importCases, type ImportReport } from "../../lib/cases/import-cases";
import { FULL_DATE_MESSAGE } from "../../lib/cases/full-dates";
import { type CohortCsv } from "../../lib/demo/cohort-csv";
import { AppError } from "../../lib/errors";
import { createFixture, type Fixture } from "../support/fixtures";
import { syntheticCohortCsv, toImportFiles } from "../support/synthetic-import";

let fx: Fixture;
const encoder = new TextEncoder();

beforeAll(async () => {
  fx = await createFixture("im");
});

/** A synthetic cohort at `siteCode` (study IDs start with `prefix` so runs never collide). */
function cohortCsv(patients: number, seed: number, siteCode: string, prefix: string): CohortCsv {
  return syntheticCohortCsv({ patients, seed, siteCode, prefix });
}

const upload = toImportFiles;

/** Replaces one cell, found by row number (header = row 1) and column name. */
function setCell(text: string, row: number, column: string, value: string): string {
  const lines = text.split("\r\n");
  const header = (lines[0] ?? "").split(",");
  const index = header.indexOf(column);
  const cells = (lines[row - 1] ?? "").split(",");
  cells[index] = value;
  lines[row - 1] = cells.join(",");
  return lines.join("\r\n");
}

async function caught(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(() => null, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function counts() {
  const db = await getDb();
  return { patients: await db.patient.count(), tests: await db.her2Test.count(), lines: await db.treatmentLine.count(), audit: await db.auditEvent.count() };
}

describe("a dry run", () => {
  it("validates every row, reports the plan and writes nothing", async () => {
    const before = await counts();
    const report = await importCases(fx.coordinatorA, upload(cohortCsv(300, 1, fx.siteA.code, "DRY1")), { mode: "create", dryRun: true });
    expect(report).toMatchObject({ committed: false, errorCount: 0, patientsToCreate: 300, patientsToUpdate: 0 });
    expect(report.testsToCreate).toBeGreaterThan(300);
    expect(await counts()).toEqual(before);
  });

  it("lists every error with its file, row and column, not only the first", async () => {
    const csv = cohortCsv(50, 2, fx.siteA.code, "ERRS");
    csv.patients = setCell(csv.patients, 3, "grade", "4");
    csv.patients = setCell(csv.patients, 7, "age_at_diagnosis", "old");
    csv.her2_tests = setCell(csv.her2_tests, 5, "ihc_score", "IHC_4");
    csv.her2_tests = setCell(csv.her2_tests, 9, "days_since_diagnosis", "2021-03-04");
    csv.treatment_lines = setCell(csv.treatment_lines, 2, "regimen_class", "ASPIRIN");
    csv.her2_tests = setCell(csv.her2_tests, 11, "erbb2_mrna", "31");
    csv.her2_tests = setCell(csv.her2_tests, 12, "dia_h_score", "400");
    const report = await importCases(fx.coordinatorA, upload(csv), { mode: "create", dryRun: true });
    const found = report.errors.map((error) => [error.file, error.row, error.column]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["patients.csv", 3, "grade"],
        ["patients.csv", 7, "age_at_diagnosis"],
        ["her2_tests.csv", 5, "ihc_score"],
        ["her2_tests.csv", 9, "days_since_diagnosis"],
        ["treatment_lines.csv", 2, "regimen_class"],
        ["her2_tests.csv", 11, "erbb2_mrna"],
        ["her2_tests.csv", 12, "dia_h_score"],
      ]),
    );
    expect(report.errors.find((error) => error.row === 12 && error.column === "dia_h_score")?.message).toBe("H-score (image analysis) must be between 0 and 300");
    expect(report.errors.find((error) => error.row === 9 && error.file === "her2_tests.csv")?.message).toBe(FULL_DATE_MESSAGE);
    expect(report.errors.find((error) => error.column === "grade")?.message).toBe("Grade must be between 1 and 3");
  });
});

describe("a commit", () => {
  it("writes every case with derived categories and cohorts, and one audit event per row", async () => {
    const before = await counts();
    const report = await importCases(fx.coordinatorA, upload(cohortCsv(200, 3, fx.siteA.code, "COMT")), { mode: "create", dryRun: false });
    expect(report.committed).toBe(true);
    const after = await counts();
    expect(after.patients - before.patients).toBe(200);
    expect(after.tests - before.tests).toBe(report.testsToCreate);
    expect(after.lines - before.lines).toBe(report.linesToCreate);
    expect(after.audit - before.audit).toBe(200 + report.testsToCreate + report.linesToCreate + 1);
    const db = await getDb();
    const patient = await db.patient.findFirstOrThrow({ where: { studyId: { startsWith: "COMT-" } }, include: { her2Tests: true } });
    expect(patient.siteId).toBe(fx.siteA.id);
    // Evaluable specimens: re-reads of one block count once.
    const evaluable = patient.her2Tests.filter((test) => ["POSITIVE", "LOW", "ULTRALOW", "ZERO", "ZERO_NOS"].includes(test.category));
    expect(patient.evaluableTestCount).toBe(new Set(evaluable.map((test) => test.blockLabel ?? `#${test.id}`)).size);
    // Quantitative HER2 travels in the same file: every mRNA and image-analysis value is stored.
    const imported = await db.her2Test.findMany({ where: { patient: { studyId: { startsWith: "COMT-" } } } });
    const withMrna = imported.filter((test) => test.erbb2Mrna !== null);
    expect(withMrna.length).toBeGreaterThan(5);
    expect(withMrna.every((test) => test.erbb2MrnaAssay === "ONCOTYPE_DX" && test.erbb2MrnaUnit === "SINGLE_GENE_SCORE")).toBe(true);
    expect(imported.filter((test) => test.diaHScore !== null).length).toBeGreaterThan(5);
    const event = await db.auditEvent.findFirst({ where: { entity: "IMPORT", userId: fx.coordinatorA.id } });
    expect(event?.changes).toMatchObject({ mode: "create", patientsCreated: 200 });
    // The new ids came from the sequences: an ordinary insert afterwards does not collide.
    await expect(db.patient.create({ data: { studyId: "SEQ-01-0001", siteId: fx.siteA.id, diagnosisYear: 2020, ageAtDiagnosis: 50, diseaseSetting: "EARLY", vitalStatus: "ALIVE", daysToLastContact: 10 } })).resolves.toBeTruthy();
  });

  it("is all-or-nothing: one bad row among thousands refuses the whole file", async () => {
    const csv = cohortCsv(2_000, 4, fx.siteA.code, "ATOM");
    csv.her2_tests = setCell(csv.her2_tests, 2_500, "ish_ratio", "2.4");
    csv.her2_tests = setCell(csv.her2_tests, 2_500, "ish_copies", "");
    const before = await counts();
    const error = await caught(importCases(fx.coordinatorA, upload(csv), { mode: "create", dryRun: false }));
    expect(error.code).toBe("VALIDATION");
    const report = error.details as ImportReport;
    expect(report.errorCount).toBe(1);
    expect(report.errors[0]).toMatchObject({ file: "her2_tests.csv", row: 2_500, column: "ish_copies" });
    expect(await counts()).toEqual(before);
  });

  it("rolls back everything when the transaction fails at its very end", async () => {
    const db = await getDb();
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_import_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.entity = 'IMPORT' THEN RAISE EXCEPTION 'import event refused for the test'; END IF; RETURN NEW; END; $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_import_event BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_import_event()`);
    const before = await counts();
    try {
      await expect(importCases(fx.coordinatorA, upload(cohortCsv(1_000, 5, fx.siteA.code, "ROLL")), { mode: "create", dryRun: false })).rejects.toThrow();
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_import_event ON audit_events`);
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_import_event()`);
    }
    expect(await counts()).toEqual(before);
  });
});

describe("existing study IDs", () => {
  it("are reported in create mode, and updated with a version check in update mode", async () => {
    const csv = cohortCsv(20, 6, fx.siteA.code, "UPDT");
    await importCases(fx.coordinatorA, upload(csv), { mode: "create", dryRun: false });
    const again = await importCases(fx.coordinatorA, upload(csv), { mode: "create", dryRun: true });
    expect(again.existingStudyIds).toHaveLength(20);
    expect(again.errors[0]?.message).toMatch(/already exists: choose "Update existing cases"/);

    const db = await getDb();
    const target = await db.patient.findFirstOrThrow({ where: { studyId: { startsWith: "UPDT-" } }, orderBy: { studyId: "asc" } });
    const header = "study_id,version,diagnosis_year,age_at_diagnosis,disease_setting,vital_status,days_to_last_contact,days_to_metastasis,grade\r\n";
    const row = (version: number) =>
      `${target.studyId},${version},${target.diagnosisYear},${target.ageAtDiagnosis},${target.diseaseSetting},${target.vitalStatus},${target.daysToLastContact},${target.daysToMetastasis ?? ""},3\r\n`;
    const stale = await importCases(fx.coordinatorA, { patients: encoder.encode(header + row(target.version + 5)) }, { mode: "update", dryRun: true });
    expect(stale.errors[0]).toMatchObject({ column: "version", message: expect.stringContaining("changed since your export") });

    const tests = `study_id,specimen,days_since_diagnosis,assay,ihc_score\r\n${target.studyId},OTHER,0,OTHER,IHC_3\r\n`;
    const done = await importCases(fx.coordinatorA, { patients: encoder.encode(header + row(target.version)), her2_tests: encoder.encode(tests) }, { mode: "update", dryRun: false });
    expect(done).toMatchObject({ committed: true, patientsToUpdate: 1, testsToCreate: 1 });
    const after = await db.patient.findUniqueOrThrow({ where: { id: target.id } });
    expect(after).toMatchObject({ grade: 3, version: target.version + (target.grade === 3 ? 0 : 1), cohortHighest: "POSITIVE" });
  });
});

describe("whole-file problems and scope", () => {
  it("refuses wrong columns with their names, and non-UTF-8 text, as 400s", async () => {
    const wrong = await caught(importCases(fx.coordinatorA, { patients: encoder.encode("study_id,diagnosis_year,favourite_colour\r\nX-01-001,2020,red\r\n") }, { mode: "create", dryRun: true }));
    expect(wrong.code).toBe("VALIDATION");
    expect(wrong.message).toMatch(/missing columns age_at_diagnosis, disease_setting, vital_status, days_to_last_contact; unknown column favourite_colour/);
    const latin1 = Uint8Array.from([...encoder.encode("study_id,diagnosis_year\r\n"), 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]);
    const encoding = await caught(importCases(fx.coordinatorA, { patients: latin1 }, { mode: "create", dryRun: true }));
    expect(encoding.message).toMatch(/not UTF-8/);
  });

  it("accepts a UTF-8 byte-order mark and semicolon-separated files", async () => {
    const csv = cohortCsv(5, 7, fx.siteA.code, "BOMS");
    const semicolons = csv.patients.replace(/,/g, ";");
    const report = await importCases(fx.coordinatorA, { patients: encoder.encode(`\uFEFF${semicolons}`) }, { mode: "create", dryRun: true });
    expect(report.errorCount).toBe(0);
    expect(report.patientsToCreate).toBe(5);
  });

  it("keeps coordinators to their own site and refuses investigators", async () => {
    const csv = cohortCsv(6, 8, fx.siteB.code, "SITE");
    const report = await importCases(fx.coordinatorA, upload(csv), { mode: "create", dryRun: true });
    expect(report.errors.filter((error) => error.column === "site_code")).toHaveLength(6);
    const forbidden = await caught(importCases(fx.investigator, upload(csv), { mode: "create", dryRun: true }));
    expect(forbidden.code).toBe("FORBIDDEN");
    const admin = await importCases(fx.admin, upload(csv), { mode: "create", dryRun: true });
    expect(admin.errorCount).toBe(0);
  });
});

describe("audit events of imported rows", () => {
  it("have the same shape as the case form's: camelCase fields, before null, after the stored value", async () => {
    const db = await getDb();
    await importCases(fx.coordinatorA, upload(cohortCsv(3, 9, fx.siteA.code, "AUDT")), { mode: "create", dryRun: false });
    const patient = await db.patient.findFirstOrThrow({ where: { studyId: { startsWith: "AUDT-" } }, include: { her2Tests: true, treatmentLines: true } });
    const created = await db.auditEvent.findFirstOrThrow({ where: { entity: "PATIENT", entityId: String(patient.id), action: "CREATE" } });
    expect(created).toMatchObject({ userId: fx.coordinatorA.id, siteId: fx.siteA.id, reason: "CSV import" });
    expect(created.changes).toMatchObject({
      studyId: { before: null, after: patient.studyId },
      ageAtDiagnosis: { before: null, after: patient.ageAtDiagnosis },
      evaluableTestCount: { before: null, after: patient.evaluableTestCount },
    });
    expect(Object.keys(created.changes as object)).not.toContain("created_at");
    const test = patient.her2Tests[0];
    const testEvent = await db.auditEvent.findFirstOrThrow({ where: { entity: "HER2_TEST", entityId: String(test?.id) } });
    expect(testEvent.changes).toMatchObject({ category: { before: null, after: test?.category }, specimen: { before: null, after: test?.specimen } });
    expect(testEvent.siteId).toBe(fx.siteA.id);
    const line = patient.treatmentLines[0];
    if (line) {
      const lineEvent = await db.auditEvent.findFirstOrThrow({ where: { entity: "TREATMENT_LINE", entityId: String(line.id) } });
      expect(lineEvent.changes).toMatchObject({ agents: { before: null, after: line.agents } });
    }
  });
});

describe("rows tied to a study ID", () => {
  it("must name a patient of patients.csv, and are not reported again when that patient's row has errors", async () => {
    const patients = "study_id,diagnosis_year,age_at_diagnosis,disease_setting,vital_status,days_to_last_contact,grade\r\nTIE-01-0001,2021,50,EARLY,ALIVE,300,9\r\n";
    const tests = "study_id,specimen,days_since_diagnosis,assay,ihc_score\r\nTIE-01-0001,OTHER,0,OTHER,IHC_1\r\nTIE-01-0002,OTHER,0,OTHER,IHC_1\r\n";
    const report = await importCases(fx.coordinatorA, { patients: encoder.encode(patients), her2_tests: encoder.encode(tests) }, { mode: "create", dryRun: true });
    expect(report.errors.map((error) => [error.file, error.row, error.column])).toEqual([
      ["patients.csv", 2, "grade"],
      ["her2_tests.csv", 3, "study_id"],
    ]);
  });
});
