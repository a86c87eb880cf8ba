// Case writes against a real database: HER2 classification and cohorts kept current in the same
// transaction, optimistic locking, soft delete, audit atomicity and site isolation.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { createCase } from "../../lib/cases/create-case";
import { updateCase } from "../../lib/cases/update-case";
import { deleteCase } from "../../lib/cases/delete-case";
import { getCase } from "../../lib/cases/get-case";
import { listCases } from "../../lib/cases/list-cases";
import { listCaseHistory } from "../../lib/cases/list-case-history";
import { CaseListQuerySchema } from "../../lib/cases/list-cases-query";
import { AppError } from "../../lib/errors";
import type { CaseUpdateInput } from "../../lib/cases/schemas";
import { createFixture, type Fixture } from "../support/fixtures";
import { nextStudyId, parseCase, rawCase, updateFrom } from "../support/case-inputs";

let fx: Fixture;

beforeAll(async () => {
  fx = await createFixture("cw");
});

async function auditCount(): Promise<number> {
  return (await getDb()).auditEvent.count();
}

async function expectAppError(work: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe("creating a case", () => {
  it("stores each test's category and ISH group and the patient's cohorts, HR status and audit events", async () => {
    const before = await auditCount();
    const created = await createCase(fx.coordinatorA, parseCase(rawCase()));
    const db = await getDb();
    const patient = await db.patient.findUniqueOrThrow({ where: { id: created.id }, include: { her2Tests: true } });
    expect(patient.siteId).toBe(fx.siteA.id);
    expect(patient.her2Tests[0]).toMatchObject({ category: "LOW", ishGroup: 5 });
    expect(patient).toMatchObject({
      cohortLatest: "LOW",
      cohortPrimary: "LOW",
      cohortHighest: "LOW",
      her2FirstCategory: null,
      evaluableTestCount: 1,
      hrStatus: "POSITIVE",
      erLow: false,
      version: 1,
    });
    const events = await db.auditEvent.findMany({ where: { id: { gt: BigInt(0) } }, orderBy: { id: "asc" }, skip: before });
    expect(events.map((event) => `${event.entity} ${event.action}`)).toEqual(["PATIENT CREATE", "HER2_TEST CREATE", "TREATMENT_LINE CREATE"]);
    expect(events[0]?.userId).toBe(fx.coordinatorA.id);
    expect(events[0]?.changes).toMatchObject({ studyId: { before: null, after: patient.studyId }, cohortLatest: { before: null, after: "LOW" } });
  });

  it("stores an age of 90 or over as 90", async () => {
    const created = await createCase(fx.coordinatorA, parseCase(rawCase({ patient: { ageAtDiagnosis: 97 } })));
    const detail = await getCase(fx.coordinatorA, created.id);
    expect(detail.ageAtDiagnosis).toBe(90);
  });

  it("refuses investigators, a coordinator writing for another site, and a duplicate study ID", async () => {
    await expectAppError(createCase(fx.investigator, parseCase(rawCase())), "FORBIDDEN");
    const other = await expectAppError(createCase(fx.coordinatorA, parseCase(rawCase({ patient: { siteId: fx.siteB.id } }))), "VALIDATION");
    expect(other.fields[0]?.path).toBe("patient.siteId");
    const raw = rawCase();
    await createCase(fx.coordinatorA, parseCase(raw));
    const duplicate = await expectAppError(createCase(fx.admin, parseCase({ ...raw, patient: { ...raw.patient, siteId: fx.siteA.id } })), "VALIDATION");
    expect(duplicate.fields[0]).toMatchObject({ path: "patient.studyId", message: `Study ID ${raw.patient.studyId} already exists` });
  });

  it("requires administrators to choose the site", async () => {
    const error = await expectAppError(createCase(fx.admin, parseCase(rawCase())), "VALIDATION");
    expect(error.fields[0]?.path).toBe("patient.siteId");
    const created = await createCase(fx.admin, parseCase(rawCase({ patient: { siteId: fx.siteB.id, studyId: nextStudyId(fx.siteB.code) } })));
    expect((await getCase(fx.admin, created.id)).site.id).toBe(fx.siteB.id);
  });
});

describe("editing a case", () => {
  it("moves the patient's stored cohort when a test is edited, in the same transaction, with audit events and the reason", async () => {
    const created = await createCase(fx.coordinatorA, parseCase(rawCase()));
    const detail = await getCase(fx.coordinatorA, created.id);
    const testId = detail.tests[0]?.id;
    const update = updateFrom(detail, "Pathology review: IHC re-read", (raw) => {
      Object.assign(raw.tests[0] ?? {}, { ihcScore: "IHC_0_ULTRALOW", ishRatio: null, ishCopies: null });
    });
    await updateCase(fx.coordinatorA, created.id, update);
    const after = await getCase(fx.coordinatorA, created.id);
    expect(after.tests[0]).toMatchObject({ id: testId, category: "ULTRALOW", ishGroup: null, version: 2 });
    expect(after).toMatchObject({ cohortLatest: "ULTRALOW", cohortPrimary: "ULTRALOW", cohortHighest: "ULTRALOW" });
    // The patient's entered fields did not change: its version stays, so other open forms stay valid.
    expect(after.version).toBe(1);

    const history = await listCaseHistory(fx.coordinatorA, created.id);
    const testUpdate = history.events.find((event) => event.entity === "HER2_TEST" && event.action === "UPDATE");
    expect(testUpdate?.reason).toBe("Pathology review: IHC re-read");
    expect(testUpdate?.changes).toMatchObject({ ihcScore: { before: "IHC_2", after: "IHC_0_ULTRALOW" }, category: { before: "LOW", after: "ULTRALOW" } });
    const patientUpdate = history.events.find((event) => event.entity === "PATIENT" && event.action === "UPDATE");
    expect(patientUpdate?.changes).toMatchObject({ cohortLatest: { before: "LOW", after: "ULTRALOW" } });
  });

  it("adds and deletes tests and recomputes cohorts under every rule, transitions and the evaluable count", async () => {
    const created = await createCase(fx.coordinatorA, parseCase(rawCase({ patient: { diseaseSetting: "RECURRENT_METASTATIC", daysToMetastasis: 400 } })));
    const detail = await getCase(fx.coordinatorA, created.id);
    await updateCase(
      fx.coordinatorA,
      created.id,
      updateFrom(detail, "Metastasis biopsy result", (raw) => {
        raw.tests.push({ specimen: "METASTATIC", specimenSite: "LIVER", daysSinceDiagnosis: 410, assay: "VENTANA_4B5", ihcScore: "IHC_0_NULL", ishRatio: null, ishCopies: null });
      }),
    );
    const two = await getCase(fx.coordinatorA, created.id);
    expect(two).toMatchObject({
      cohortLatest: "ZERO",
      cohortPrimary: "LOW",
      cohortHighest: "LOW",
      her2FirstCategory: "LOW",
      her2LastCategory: "ZERO",
      her2MetastaticCategory: "ZERO",
      evaluableTestCount: 2,
    });
    const metastatic = two.tests.find((test) => test.specimen === "METASTATIC");
    await updateCase(
      fx.coordinatorA,
      created.id,
      updateFrom(two, "Entered for the wrong patient", (raw) => {
        raw.tests = raw.tests.filter((test) => test.id !== metastatic?.id);
        raw.deletedTests.push({ id: metastatic?.id ?? 0, version: metastatic?.version ?? 0 });
      }),
    );
    const back = await getCase(fx.coordinatorA, created.id);
    expect(back.tests).toHaveLength(1);
    expect(back).toMatchObject({ cohortLatest: "LOW", her2FirstCategory: null, her2LastCategory: null, her2MetastaticCategory: null, evaluableTestCount: 1 });
  });

  it("updates the HR status when ER or PR change, and bumps the patient version", async () => {
    const created = await createCase(fx.coordinatorA, parseCase(rawCase()));
    const detail = await getCase(fx.coordinatorA, created.id);
    await updateCase(fx.coordinatorA, created.id, updateFrom(detail, "Receptor correction", (raw) => Object.assign(raw.patient, { erPercent: 5, prPercent: 0 })));
    const after = await getCase(fx.coordinatorA, created.id);
    expect(after).toMatchObject({ hrStatus: "POSITIVE", erLow: true, version: 2 });
    await updateCase(fx.coordinatorA, created.id, updateFrom(after, "Receptor correction", (raw) => Object.assign(raw.patient, { erPercent: 0 })));
    expect(await getCase(fx.coordinatorA, created.id)).toMatchObject({ hrStatus: "NEGATIVE", erLow: false, version: 3 });
  });

  it("leaves the old cohort, the old test and no audit event when the write fails part-way", async () => {
    const created = await createCase(fx.coordinatorA, parseCase(rawCase()));
    const detail = await getCase(fx.coordinatorA, created.id);
    const valid = updateFrom(detail, "Re-read", (raw) => Object.assign(raw.tests[0] ?? {}, { ihcScore: "IHC_3", ishRatio: null, ishCopies: null }));
    // The test update runs first; the line insert then violates a database CHECK (line number
    // 1-20), as a bug or a concurrent schema change might: the whole transaction must roll back.
    const failing: CaseUpdateInput = {
      ...valid,
      lines: [...valid.lines, { setting: "METASTATIC", lineNumber: 99, regimenClass: "OTHER", agents: [], startDay: 10, endDay: null, bestResponse: null, progressionDay: null }],
    };
    const before = await auditCount();
    await expect(updateCase(fx.coordinatorA, created.id, failing)).rejects.toThrow();
    const after = await getCase(fx.coordinatorA, created.id);
    expect(after.tests[0]).toMatchObject({ ihcScore: "IHC_2", category: "LOW", version: 1 });
    expect(after.cohortLatest).toBe("LOW");
    expect(after.lines).toHaveLength(1);
    expect(await auditCount()).toBe(before);
  });

  it("rolls the clinical write back when its audit event cannot be written", async () => {
    const db = await getDb();
    const created = await createCase(fx.coordinatorA, parseCase(rawCase()));
    const detail = await getCase(fx.coordinatorA, created.id);
    // A trigger on this test database refuses one audit insert, as a full disk or a broken
    // trail would: the edit it records must not survive without it.
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_marked_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.reason = 'audit must fail' THEN RAISE EXCEPTION 'audit refused for the test'; END IF; RETURN NEW; END; $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_marked_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_marked_audit()`);
    try {
      const update = updateFrom(detail, "audit must fail", (raw) => Object.assign(raw.patient, { grade: 3 }));
      await expect(updateCase(fx.coordinatorA, created.id, update)).rejects.toThrow();
      const after = await getCase(fx.coordinatorA, created.id);
      expect(after).toMatchObject({ grade: null, version: 1 });
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_marked_audit ON audit_events`);
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_marked_audit()`);
    }
  });

  it("refuses a stale save with 409, lists what changed since, and writes nothing", async () => {
    const created = await createCase(fx.coordinatorA, parseCase(rawCase()));
    const opened = await getCase(fx.coordinatorA, created.id);
    // Someone else saves first.
    await updateCase(fx.admin, created.id, updateFrom(opened, "Admin correction", (raw) => {
      Object.assign(raw.patient, { tumourSizeMm: 22 });
      Object.assign(raw.tests[0] ?? {}, { ihcScore: "IHC_1", ishRatio: null, ishCopies: null });
    }));
    const before = await auditCount();
    const stale = updateFrom(opened, "My edit", (raw) => Object.assign(raw.patient, { grade: 2 }));
    const error = await expectAppError(updateCase(fx.coordinatorA, created.id, stale), "CONFLICT");
    const details = error.details as { conflicts: { entity: string; kind: string; fields: { field: string; yourValue: unknown; currentValue: unknown }[]; changedBy: string | null }[] };
    const patientConflict = details.conflicts.find((conflict) => conflict.entity === "PATIENT");
    expect(patientConflict?.fields).toContainEqual({ field: "tumourSizeMm", yourValue: null, currentValue: 22 });
    expect(patientConflict?.changedBy).toBe(fx.admin.email);
    const testConflict = details.conflicts.find((conflict) => conflict.entity === "HER2_TEST");
    expect(testConflict?.fields).toContainEqual({ field: "ihcScore", yourValue: "IHC_2", currentValue: "IHC_1" });
    expect(await auditCount()).toBe(before);
    expect((await getCase(fx.coordinatorA, created.id)).grade).toBeNull();
  });
});

describe("deleting a case", () => {
  it("soft-deletes with the reason, checks the version, and hides the case", async () => {
    const created = await createCase(fx.coordinatorA, parseCase(rawCase()));
    await expectAppError(deleteCase(fx.coordinatorA, created.id, { version: 7, reason: "Duplicate entry" }), "CONFLICT");
    await deleteCase(fx.coordinatorA, created.id, { version: 1, reason: "Duplicate entry" });
    const db = await getDb();
    const row = await db.patient.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.deletedAt).not.toBeNull();
    await expectAppError(getCase(fx.coordinatorA, created.id), "NOT_FOUND");
    const event = await db.auditEvent.findFirst({ where: { entity: "PATIENT", entityId: String(created.id), action: "DELETE" } });
    expect(event?.reason).toBe("Duplicate entry");
  });
});

describe("site isolation", () => {
  it("hides another site's case from a coordinator in every function", async () => {
    const created = await createCase(fx.coordinatorA, parseCase(rawCase()));
    const detail = await getCase(fx.coordinatorA, created.id);
    await expectAppError(getCase(fx.coordinatorB, created.id), "NOT_FOUND");
    await expectAppError(updateCase(fx.coordinatorB, created.id, updateFrom(detail, "Not mine")), "NOT_FOUND");
    await expectAppError(deleteCase(fx.coordinatorB, created.id, { version: 1, reason: "Not mine" }), "NOT_FOUND");
    await expectAppError(listCaseHistory(fx.coordinatorB, created.id), "NOT_FOUND");
    const list = await listCases(fx.coordinatorB, CaseListQuerySchema.parse({ q: detail.studyId }));
    expect(list.total).toBe(0);
    const all = await listCases(fx.investigator, CaseListQuerySchema.parse({ q: detail.studyId }));
    expect(all.total).toBe(1);
  });

  it("lets investigators read but not write or see the audit trail", async () => {
    const created = await createCase(fx.coordinatorA, parseCase(rawCase()));
    const detail = await getCase(fx.investigator, created.id);
    await expectAppError(updateCase(fx.investigator, created.id, updateFrom(detail, "Try")), "FORBIDDEN");
    await expectAppError(deleteCase(fx.investigator, created.id, { version: 1, reason: "Try" }), "FORBIDDEN");
    await expectAppError(listCaseHistory(fx.investigator, created.id), "FORBIDDEN");
  });
});
