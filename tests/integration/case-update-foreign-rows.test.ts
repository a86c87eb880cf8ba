// Security round 2 (issue 15 §1, §4): rows that are not part of the case being edited are
// answered exactly like rows that do not exist, and the lists of an edit are bounded so that an
// oversized request is refused before it reaches the database.
import { beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../lib/cases/create-case";
import { getCase } from "../../lib/cases/get-case";
import { updateCase } from "../../lib/cases/update-case";
import { MAX_LINES_PER_CASE, MAX_TESTS_PER_CASE } from "../../lib/cases/schemas";
import { AppError } from "../../lib/errors";
import { createFixture, type Fixture } from "../support/fixtures";
import { nextStudyId, parseCase, rawCase, testSchemas, updateFrom, type RawUpdate } from "../support/case-inputs";

let fx: Fixture;
let ownCaseId: number;
let foreignTestId: number;
let foreignLineId: number;

const NONEXISTENT_ID = 2_000_000_000;

beforeAll(async () => {
  fx = await createFixture("fr");
  const foreign = await createCase(fx.coordinatorB, parseCase(rawCase({ patient: { studyId: nextStudyId(fx.siteB.code) } })));
  const foreignDetail = await getCase(fx.coordinatorB, foreign.id);
  // The other site's rows were last edited by its coordinator: that name and time must not leak.
  await updateCase(fx.coordinatorB, foreign.id, updateFrom(foreignDetail, "Corrected the score", (raw) => {
    Object.assign(raw.tests[0] ?? {}, { ihcScore: "IHC_1", ishRatio: null, ishCopies: null });
    Object.assign(raw.lines[0] ?? {}, { endDay: 700 });
  }));
  const edited = await getCase(fx.coordinatorB, foreign.id);
  foreignTestId = edited.tests[0]?.id ?? 0;
  foreignLineId = edited.lines[0]?.id ?? 0;
  ownCaseId = (await createCase(fx.coordinatorA, parseCase(rawCase()))).id;
});

async function refusal(edit: (raw: RawUpdate) => void): Promise<AppError> {
  const detail = await getCase(fx.coordinatorA, ownCaseId);
  const caught = await updateCase(fx.coordinatorA, ownCaseId, updateFrom(detail, "Tidying the case", edit)).then(
    () => null,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(AppError);
  return caught as AppError;
}

/** The answer with the sent id blanked: everything else must be identical. */
function shape(error: AppError, id: number): string {
  return JSON.stringify({ code: error.code, message: error.message, fields: error.fields, details: error.details }).replaceAll(`"id":${id},`, `"id":"<id>",`);
}

describe("rows of another case in an edit", () => {
  it("refuses another site's test in deletedTests exactly like a test that does not exist", async () => {
    const foreign = await refusal((raw) => raw.deletedTests.push({ id: foreignTestId, version: 2 }));
    const missing = await refusal((raw) => raw.deletedTests.push({ id: NONEXISTENT_ID, version: 2 }));
    expect(shape(foreign, foreignTestId)).toBe(shape(missing, NONEXISTENT_ID));
    expect(JSON.stringify(foreign.details)).not.toContain(fx.coordinatorB.email);
  });

  it("refuses another site's line in deletedLines exactly like a line that does not exist", async () => {
    const foreign = await refusal((raw) => raw.deletedLines.push({ id: foreignLineId, version: 2 }));
    const missing = await refusal((raw) => raw.deletedLines.push({ id: NONEXISTENT_ID, version: 2 }));
    expect(shape(foreign, foreignLineId)).toBe(shape(missing, NONEXISTENT_ID));
    expect(JSON.stringify(foreign.details)).not.toContain(fx.coordinatorB.email);
  });

  it("refuses another site's rows sent as edited rows exactly like rows that do not exist", async () => {
    const asEdited = (id: number) => (raw: RawUpdate) => {
      const test = raw.tests[0];
      if (test) Object.assign(test, { id, version: 2 });
    };
    const foreign = await refusal(asEdited(foreignTestId));
    const missing = await refusal(asEdited(NONEXISTENT_ID));
    expect(shape(foreign, foreignTestId)).toBe(shape(missing, NONEXISTENT_ID));
    expect(JSON.stringify(foreign.details)).not.toContain(fx.coordinatorB.email);
  });

  it("still names who changed a row of the case itself since the form was opened", async () => {
    const opened = await getCase(fx.coordinatorA, ownCaseId);
    await updateCase(fx.admin, ownCaseId, updateFrom(opened, "Admin correction", (raw) => Object.assign(raw.patient, { tumourSizeMm: 31 })));
    const caught = await updateCase(fx.coordinatorA, ownCaseId, updateFrom(opened, "My edit", (raw) => Object.assign(raw.patient, { grade: 2 }))).catch((error: unknown) => error);
    const conflicts = ((caught as AppError).details as { conflicts: { entity: string; changedBy: string | null }[] }).conflicts;
    expect(conflicts.find((conflict) => conflict.entity === "PATIENT")?.changedBy).toBe(fx.admin.email);
  });
});

describe("bounded lists in an edit", () => {
  it("refuses 25,000 deleted ids as a validation error in milliseconds, before any query", async () => {
    const detail = await getCase(fx.coordinatorA, ownCaseId);
    for (const list of ["deletedTests", "deletedLines"] as const) {
      const raw = JSON.parse(JSON.stringify(updateFrom(detail, "Bulk delete"))) as RawUpdate;
      raw[list] = Array.from({ length: 25_000 }, (_, index) => ({ id: index + 1, version: 1 }));
      const started = performance.now();
      const parsed = testSchemas.CaseUpdateSchema.safeParse(raw);
      expect(performance.now() - started).toBeLessThan(500);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/more values than a case can/);
    }
  });

  it("refuses a list longer than a case's rows by its length, naming the list", () => {
    const raw = { patient: {}, reason: "Bulk delete", deletedLines: Array.from({ length: MAX_LINES_PER_CASE + 1 }, (_, index) => ({ id: index + 1, version: 1 })) };
    const parsed = testSchemas.CaseUpdateObjectSchema.safeParse(raw);
    expect(parsed.error?.issues.find((issue) => issue.path.join(".") === "deletedLines")?.message).toMatch(/At most 50 treatment lines/);
  });

  it("accepts as many deletions as a case can hold rows, and answers them with one conflict each", async () => {
    const detail = await getCase(fx.coordinatorA, ownCaseId);
    const raw = JSON.parse(JSON.stringify(updateFrom(detail, "Bulk delete"))) as RawUpdate;
    raw.deletedTests = Array.from({ length: MAX_TESTS_PER_CASE }, (_, index) => ({ id: NONEXISTENT_ID + index, version: 1 }));
    raw.deletedLines = Array.from({ length: MAX_LINES_PER_CASE }, (_, index) => ({ id: NONEXISTENT_ID + index, version: 1 }));
    const caught = await updateCase(fx.coordinatorA, ownCaseId, testSchemas.CaseUpdateSchema.parse(raw)).catch((error: unknown) => error);
    expect((caught as AppError).code).toBe("CONFLICT");
    expect(((caught as AppError).details as { conflicts: unknown[] }).conflicts).toHaveLength(MAX_TESTS_PER_CASE + MAX_LINES_PER_CASE);
  });
});
