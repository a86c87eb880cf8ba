// The early-disease fields and recurrence events (issue 14 §1) round-trip through the form's
// payload, the API's schema and write path, the analysis export and the CSV import, and each
// write stores the derived pCR and the distant event of the day of metastasis.
import { strFromU8, strToU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCasePayload, draftFromCase, emptyCaseDraft } from "../../lib/cases/case-draft";
import { ENDPOINT_EVENT_KINDS } from "../../lib/analytics/early-disease-records";
import { createCase } from "../../lib/cases/create-case";
import { exportCases } from "../../lib/cases/export-cases";
import { getCase, type CaseDetail } from "../../lib/cases/get-case";
import { importCases } from "../../lib/cases/import-cases";
import { updateCase } from "../../lib/cases/update-case";
import { getDb } from "../../lib/db/client";
import type { SessionUser } from "../../lib/auth/roles";
import { createFixture, type Fixture } from "../support/fixtures";
import { nextStudyId, parseCase, testSchemas, updateFrom } from "../support/case-inputs";

let fx: Fixture;

beforeAll(async () => {
  fx = await createFixture("ed");
});

const EARLY_FIELDS = ["stagingBasis", "ypTCategory", "ypNCategory", "rcbClass", "surgeryType", "daysToSurgery", "pathologicCompleteResponse"] as const;

function earlyOf(detail: CaseDetail) {
  return { ...Object.fromEntries(EARLY_FIELDS.map((field) => [field, detail[field]])), recurrences: detail.recurrences };
}

async function storedEvents(patientId: number) {
  return (await getDb()).recurrenceEvent.findMany({ where: { patientId }, select: { kind: true, day: true }, orderBy: [{ day: "asc" }, { kind: "asc" }] });
}

/**
 * The patient's stored first recurrence days (kept by the trigger of migration
 * …_recurrence_first_days, read by the early view) equal the earliest of its stored events of
 * each endpoint's kinds; returns them.
 */
async function expectFirstDaysCurrent(patientId: number): Promise<{ idfs: number | null; drfs: number | null }> {
  const events = await storedEvents(patientId);
  const first = (kinds: readonly string[]) => {
    const days = events.filter((event) => kinds.includes(event.kind)).map((event) => event.day);
    return days.length > 0 ? Math.min(...days) : null;
  };
  const patient = await (await getDb()).patient.findUniqueOrThrow({ where: { id: patientId }, select: { firstIdfsRecurrenceDay: true, firstDistantRecurrenceDay: true } });
  const stored = { idfs: patient.firstIdfsRecurrenceDay, drfs: patient.firstDistantRecurrenceDay };
  expect(stored).toEqual({ idfs: first(ENDPOINT_EVENT_KINDS.idfs), drfs: first(ENDPOINT_EVENT_KINDS.drfs) });
  return stored;
}

/** A neoadjuvant-treated HER2-low patient as typed in the case form: surgery, ypT/ypN, RCB and two invasive events, then a distant recurrence. */
function typedDraft() {
  const draft = emptyCaseDraft(fx.siteA.id);
  Object.assign(draft.patient, {
    studyId: nextStudyId(fx.siteA.code),
    diagnosisYear: "2019",
    ageAtDiagnosis: "48",
    erPercent: "0",
    prPercent: "0",
    diseaseSetting: "RECURRENT_METASTATIC",
    daysToMetastasis: "900",
    vitalStatus: "ALIVE",
    daysToLastContact: "1500",
    stagingBasis: "CLINICAL",
    surgeryType: "MASTECTOMY",
    daysToSurgery: "200",
    ypTCategory: "TIS",
    ypNCategory: "N0",
    rcbClass: "RCB_0",
  });
  draft.tests = [
    { ...draft.tests[0]!, specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: "0", assay: "VENTANA_4B5", ihcScore: "IHC_1" },
  ];
  draft.lines = [
    { key: "l1", setting: "NEOADJUVANT", lineNumber: "1", regimenClass: "CHEMOTHERAPY", agents: ["PACLITAXEL", "CARBOPLATIN"], startDay: "20", endDay: "160", bestResponse: "", measurability: "", responseConfirmation: "", progressionDay: "" },
  ];
  draft.recurrences = [
    { key: "r1", kind: "LOCAL", day: "700" },
    { key: "r2", kind: "CONTRALATERAL_INVASIVE", day: "1300" },
  ];
  return draft;
}

/** The CSV with the cells of these columns emptied (the export's cells hold no comma). */
function blankColumn(csv: string, columns: readonly string[]): string {
  const [header = "", ...rows] = csv.split("\r\n");
  const indices = header.split(",").flatMap((name, index) => (columns.includes(name) ? [index] : []));
  return [header, ...rows.map((row) => row.split(",").map((cell, index) => (indices.includes(index) ? "" : cell)).join(","))].join("\r\n");
}

async function download(user: SessionUser): Promise<Record<string, string>> {
  const { stream } = await exportCases(user);
  const files = unzipSync(new Uint8Array(await new Response(stream).arrayBuffer()));
  return Object.fromEntries(Object.entries(files).map(([name, content]) => [name, strFromU8(content)]));
}

describe("the early-disease data", () => {
  it("round-trips from the form's payload through the API's schema, the write and the form again, with pCR and the distant event derived", async () => {
    const payload = buildCasePayload(typedDraft(), { includeSite: false });
    const created = await createCase(fx.coordinatorA, testSchemas.CaseInputSchema.parse(payload));
    const detail = await getCase(fx.coordinatorA, created.id);
    expect(earlyOf(detail)).toEqual({
      stagingBasis: "CLINICAL",
      ypTCategory: "TIS",
      ypNCategory: "N0",
      rcbClass: "RCB_0",
      surgeryType: "MASTECTOMY",
      daysToSurgery: 200,
      pathologicCompleteResponse: true,
      recurrences: [
        { kind: "LOCAL", day: 700 },
        { kind: "CONTRALATERAL_INVASIVE", day: 1300 },
      ],
    });
    expect(await storedEvents(created.id)).toEqual([
      { kind: "LOCAL", day: 700 },
      { kind: "DISTANT", day: 900 },
      { kind: "CONTRALATERAL_INVASIVE", day: 1300 },
    ]);
    expect(await expectFirstDaysCurrent(created.id)).toEqual({ idfs: 700, drfs: 900 });
    // The form opened on the saved case sends back what it was given.
    const again = buildCasePayload(draftFromCase(detail), { includeSite: false, reason: "No change" }) as { patient: Record<string, unknown>; recurrences: unknown };
    expect(again.recurrences).toEqual(payload.recurrences);
    for (const field of EARLY_FIELDS.filter((name) => name !== "pathologicCompleteResponse")) expect({ field, value: again.patient[field] }).toEqual({ field, value: (payload.patient as Record<string, unknown>)[field] });
  });

  it("recomputes pCR and the events on an edit, audited on the patient with a new version", async () => {
    const created = await createCase(fx.coordinatorA, testSchemas.CaseInputSchema.parse(buildCasePayload(typedDraft(), { includeSite: false })));
    const detail = await getCase(fx.coordinatorA, created.id);
    expect(await expectFirstDaysCurrent(created.id)).toEqual({ idfs: 700, drfs: 900 });
    const updated = await updateCase(
      fx.coordinatorA,
      created.id,
      updateFrom(detail, "Pathology report reviewed", (raw) => {
        raw.patient.ypNCategory = "N1";
        raw.patient.rcbClass = "RCB_II";
        raw.patient.daysToMetastasis = 1000;
        raw.recurrences = [{ kind: "REGIONAL", day: 650 }];
      }),
    );
    expect(updated.version).toBe(2);
    const after = await getCase(fx.coordinatorA, created.id);
    expect(earlyOf(after)).toMatchObject({ ypNCategory: "N1", rcbClass: "RCB_II", pathologicCompleteResponse: false, recurrences: [{ kind: "REGIONAL", day: 650 }] });
    expect(await storedEvents(created.id)).toEqual([
      { kind: "REGIONAL", day: 650 },
      { kind: "DISTANT", day: 1000 },
    ]);
    // The stored first days followed the edit: an earlier invasive event, a later metastasis.
    expect(await expectFirstDaysCurrent(created.id)).toEqual({ idfs: 650, drfs: 1000 });
    const audit = await (await getDb()).auditEvent.findFirst({ where: { entity: "PATIENT", entityId: String(created.id), action: "UPDATE" }, orderBy: { id: "desc" } });
    expect(audit?.changes).toMatchObject({
      pathologicCompleteResponse: { before: true, after: false },
      recurrences: { before: "LOCAL day 700; CONTRALATERAL_INVASIVE day 1300", after: "REGIONAL day 650" },
    });
  });

  it("keeps the stored first recurrence days current on every write of recurrence_events, SQL by hand included", async () => {
    const db = await getDb();
    const one = await createCase(fx.coordinatorA, testSchemas.CaseInputSchema.parse(buildCasePayload(typedDraft(), { includeSite: false })));
    const two = await createCase(fx.coordinatorA, testSchemas.CaseInputSchema.parse(buildCasePayload(typedDraft(), { includeSite: false })));
    expect(await expectFirstDaysCurrent(one.id)).toEqual({ idfs: 700, drfs: 900 });
    // One statement over two patients: an update of the day, then of the kind.
    await db.$executeRawUnsafe(`UPDATE recurrence_events SET day = day - 200 WHERE kind = 'LOCAL' AND patient_id IN (${one.id}, ${two.id})`);
    for (const id of [one.id, two.id]) expect(await expectFirstDaysCurrent(id)).toEqual({ idfs: 500, drfs: 900 });
    await db.$executeRawUnsafe(`UPDATE recurrence_events SET kind = 'DISTANT' WHERE kind = 'LOCAL' AND patient_id = ${one.id}`);
    expect(await expectFirstDaysCurrent(one.id)).toEqual({ idfs: 500, drfs: 500 });
    // A row moved to the other patient counts for it and no longer for the first.
    await db.$executeRawUnsafe(`UPDATE recurrence_events SET patient_id = ${two.id}, day = 100 WHERE kind = 'DISTANT' AND day = 500 AND patient_id = ${one.id}`);
    expect(await expectFirstDaysCurrent(one.id)).toEqual({ idfs: 900, drfs: 900 });
    expect(await expectFirstDaysCurrent(two.id)).toEqual({ idfs: 100, drfs: 100 });
    await db.$executeRawUnsafe(`DELETE FROM recurrence_events WHERE patient_id IN (${one.id}, ${two.id}) AND kind = 'DISTANT'`);
    expect(await expectFirstDaysCurrent(one.id)).toEqual({ idfs: 1300, drfs: null });
    expect(await expectFirstDaysCurrent(two.id)).toEqual({ idfs: 500, drfs: null });
    await db.$executeRawUnsafe(`INSERT INTO recurrence_events (patient_id, kind, day) VALUES (${one.id}, 'SECOND_PRIMARY_INVASIVE', 40), (${two.id}, 'DISTANT', 1200)`);
    expect(await expectFirstDaysCurrent(one.id)).toEqual({ idfs: 40, drfs: null });
    expect(await expectFirstDaysCurrent(two.id)).toEqual({ idfs: 500, drfs: 1200 });
  });

  it("exports the fields and the entered events, and imports the export back as the same case", async () => {
    const created = await createCase(fx.coordinatorB, parseCase({ ...buildCasePayload(typedDraft(), { includeSite: false }), patient: { ...(buildCasePayload(typedDraft(), { includeSite: false }).patient as object), studyId: nextStudyId(fx.siteB.code) } }));
    const original = await getCase(fx.coordinatorB, created.id);
    const files = await download(fx.coordinatorB);
    expect(files["patients.csv"]).toMatch(/pathologic_complete_response/);
    expect(files["recurrence_events.csv"]?.split("\r\n").filter(Boolean)).toEqual([
      "patient_id,study_id,kind,day",
      `${created.id},${original.studyId},LOCAL,700`,
      `${created.id},${original.studyId},CONTRALATERAL_INVASIVE,1300`,
    ]);

    const copyId = nextStudyId(fx.siteB.code);
    // A new case from the export: new study ID, and the stored tests' and lines' ids left out.
    const renamed = (name: string) => strToU8(blankColumn((files[name] ?? "").replaceAll(original.studyId, copyId), ["test_id", "line_id"]));
    const checked = await importCases(
      fx.coordinatorB,
      { patients: renamed("patients.csv"), her2_tests: renamed("her2_tests.csv"), treatment_lines: renamed("treatment_lines.csv"), recurrence_events: renamed("recurrence_events.csv") },
      { mode: "create", dryRun: true },
    );
    expect(checked.errors).toEqual([]);
    const report = await importCases(
      fx.coordinatorB,
      { patients: renamed("patients.csv"), her2_tests: renamed("her2_tests.csv"), treatment_lines: renamed("treatment_lines.csv"), recurrence_events: renamed("recurrence_events.csv") },
      { mode: "create", dryRun: false },
    );
    expect(report).toMatchObject({ committed: true, errorCount: 0, patientsToCreate: 1, patientsWithRecurrenceChanges: 1 });
    const copy = await (await getDb()).patient.findUniqueOrThrow({ where: { studyId: copyId } });
    expect(earlyOf(await getCase(fx.coordinatorB, copy.id))).toEqual(earlyOf(original));
    expect(await storedEvents(copy.id)).toEqual(await storedEvents(created.id));
    expect(await expectFirstDaysCurrent(copy.id)).toEqual({ idfs: 700, drfs: 900 });

    // Update mode: the file's events replace the stored ones; without the file they are kept.
    const events = `study_id,kind,day\r\n${copyId},SECOND_PRIMARY_INVASIVE,1400\r\n`;
    const patientsCsv = (await download(fx.coordinatorB))["patients.csv"] ?? "";
    const dry = await importCases(fx.coordinatorB, { patients: strToU8(patientsCsv), recurrence_events: strToU8(events) }, { mode: "update", dryRun: true });
    expect(dry.errors).toEqual([]);
    const updated = await importCases(fx.coordinatorB, { patients: strToU8(patientsCsv), recurrence_events: strToU8(events) }, { mode: "update", dryRun: false });
    expect(updated).toMatchObject({ committed: true, errorCount: 0, patientsToUpdate: 2, patientsWithRecurrenceChanges: 2 });
    expect(await storedEvents(copy.id)).toEqual([
      { kind: "DISTANT", day: 900 },
      { kind: "SECOND_PRIMARY_INVASIVE", day: 1400 },
    ]);
    expect(await expectFirstDaysCurrent(copy.id)).toEqual({ idfs: 900, drfs: 900 });
    // The other patient of patients.csv has no row in the file: it has no entered event now.
    expect(await storedEvents(created.id)).toEqual([{ kind: "DISTANT", day: 900 }]);
    expect(await expectFirstDaysCurrent(created.id)).toEqual({ idfs: 900, drfs: 900 });
    const kept = await importCases(fx.coordinatorB, { patients: strToU8((await download(fx.coordinatorB))["patients.csv"] ?? "") }, { mode: "update", dryRun: false });
    expect(kept).toMatchObject({ committed: true, errorCount: 0, patientsWithRecurrenceChanges: 0 });
    expect(await storedEvents(copy.id)).toEqual([
      { kind: "DISTANT", day: 900 },
      { kind: "SECOND_PRIMARY_INVASIVE", day: 1400 },
    ]);
  });

  it("refuses bad early-disease rows of an import with the file, row, column and the rule", async () => {
    const files = await download(fx.coordinatorB);
    const lines = (files["patients.csv"] ?? "").split("\r\n");
    const header = lines[0]?.split(",") ?? [];
    const studyId = nextStudyId(fx.siteB.code);
    const cells = (lines[1] ?? "").split(",");
    cells[header.indexOf("study_id")] = studyId;
    cells[header.indexOf("version")] = "";
    const events = `study_id,kind,day\r\n${studyId},LOCAL,1600\r\n${studyId},DISTANT,900\r\n${studyId},LOCAL,0\r\n`;
    const report = await importCases(fx.coordinatorB, { patients: strToU8(`${lines[0]}\r\n${cells.join(",")}\r\n`), recurrence_events: strToU8(events) }, { mode: "create", dryRun: true });
    expect(report.errors).toEqual(
      expect.arrayContaining([
        { file: "recurrence_events.csv", row: 2, column: "day", message: "Recurrence event 1 (day 1600) is after the last contact (day 1500)" },
        { file: "recurrence_events.csv", row: 3, column: "kind", message: "A distant recurrence is entered as days to metastasis (with the recurrent metastatic setting), not as an event" },
        { file: "recurrence_events.csv", row: 4, column: "day", message: "Day of the event must be between 1 and 36500 days since diagnosis" },
        // The patient has no neoadjuvant line in this file: its ypT, ypN and RCB class are refused.
        { file: "patients.csv", row: 2, column: "yp_t_category", message: "The ypT category describes the tumour after neoadjuvant therapy: add the neoadjuvant treatment line, or leave it empty" },
      ]),
    );
  });
});
