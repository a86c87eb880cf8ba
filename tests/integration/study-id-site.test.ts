// Security round 2 (issue 15 §2): study IDs are tied to their site, and a coordinator learns
// nothing about other sites' study IDs from any path: create, update, import dry run or commit,
// in "create" or "update existing" mode. Every ID of another site gets one answer, whether it
// exists, was deleted or is free.
import { beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../lib/cases/create-case";
import { deleteCase } from "../../lib/cases/delete-case";
import { getCase } from "../../lib/cases/get-case";
import { importCases, type ImportReport } from "../../lib/cases/import-cases";
import { updateCase } from "../../lib/cases/update-case";
import { getDb } from "../../lib/db/client";
import { AppError } from "../../lib/errors";
import { nextStudyId, parseCase, rawCase, updateFrom } from "../support/case-inputs";
import { createFixture, type Fixture } from "../support/fixtures";

let fx: Fixture;
/** Three IDs of site B: a live case, a deleted one, and one nobody has used. */
let others: { live: string; deleted: string; free: string };

beforeAll(async () => {
  fx = await createFixture("sid");
  const live = await createCase(fx.coordinatorB, parseCase(rawCase({ patient: { studyId: nextStudyId(fx.siteB.code) } })));
  const deleted = await createCase(fx.coordinatorB, parseCase(rawCase({ patient: { studyId: nextStudyId(fx.siteB.code) } })));
  await deleteCase(fx.coordinatorB, deleted.id, { version: 1, reason: "Entered twice" });
  others = { live: live.studyId, deleted: deleted.studyId, free: nextStudyId(fx.siteB.code) };
});

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const answer = (error: AppError, studyId: string) => JSON.stringify({ code: error.code, message: error.message, fields: error.fields, details: error.details }).replaceAll(studyId, "<id>");

describe("creating and editing a case", () => {
  it("refuses another site's study IDs with one answer, whether they exist, were deleted or are free", async () => {
    const answers = new Set<string>();
    for (const studyId of [others.live, others.deleted, others.free]) {
      const error = await refusal(createCase(fx.coordinatorA, parseCase(rawCase({ patient: { studyId } }))));
      expect(error.fields[0]).toMatchObject({ path: "patient.studyId", message: expect.stringContaining(`site code ${fx.siteA.code}`) });
      answers.add(answer(error, studyId));
    }
    expect(answers.size).toBe(1);
  });

  it("refuses a study ID with another site's code, or a date in place of the site code", async () => {
    for (const studyId of [`RTB-${fx.siteB.code}-99999`, "DOB-1950-0304"]) {
      const error = await refusal(createCase(fx.coordinatorA, parseCase(rawCase({ patient: { studyId } }))));
      expect(error.code).toBe("VALIDATION");
    }
    // An administrator, too, gives a case an ID of its own site.
    const admin = await refusal(createCase(fx.admin, parseCase(rawCase({ patient: { siteId: fx.siteB.id } }))));
    expect(admin.fields[0]?.message).toContain(`site code ${fx.siteB.code}`);
  });

  it("refuses renaming a case to another site's study ID with the same one answer", async () => {
    const own = await createCase(fx.coordinatorA, parseCase(rawCase()));
    const detail = await getCase(fx.coordinatorA, own.id);
    const answers = new Set<string>();
    for (const studyId of [others.live, others.deleted, others.free]) {
      const error = await refusal(updateCase(fx.coordinatorA, own.id, updateFrom(detail, "Renumbered", (raw) => Object.assign(raw.patient, { studyId }))));
      answers.add(answer(error, studyId));
    }
    expect(answers.size).toBe(1);
  });
});

function patientsCsv(studyIds: string[], version: number | null): Uint8Array {
  const header = "study_id,diagnosis_year,age_at_diagnosis,disease_setting,vital_status,days_to_last_contact,version\r\n";
  return new TextEncoder().encode(header + studyIds.map((studyId) => `${studyId},2021,50,EARLY,ALIVE,300,${version ?? ""}\r\n`).join(""));
}

/** What the report says about one row, with the ID blanked. */
function rowAnswer(report: ImportReport, studyId: string): string {
  return JSON.stringify({ errors: report.errors.map((error) => ({ ...error, row: 0 })), existing: report.existingStudyIds, counts: [report.patientsToCreate, report.patientsToUpdate] }).replaceAll(studyId, "<id>");
}

describe("importing", () => {
  for (const mode of ["create", "update"] as const) {
    for (const dryRun of [true, false]) {
      it(`answers another site's study IDs alike in ${mode} mode (${dryRun ? "dry run" : "commit"}), and writes nothing`, async () => {
        const db = await getDb();
        const before = await db.patient.count();
        const answers = new Set<string>();
        for (const studyId of [others.live, others.deleted, others.free]) {
          const work = importCases(fx.coordinatorA, { patients: patientsCsv([studyId], mode === "update" ? 1 : null) }, { mode, dryRun });
          // A commit with errors is refused, with the same report as the dry run.
          const report = dryRun ? await work : ((await refusal(work)).details as ImportReport);
          expect(report.errorCount).toBe(1);
          expect(report.errors[0]).toMatchObject({ column: "study_id", message: expect.stringContaining(`site code ${fx.siteA.code}`) });
          answers.add(rowAnswer(report, studyId));
        }
        expect(answers.size).toBe(1);
        expect(await db.patient.count()).toBe(before);
      });
    }
  }
});
