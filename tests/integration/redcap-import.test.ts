// The example REDCap project imports end to end: dictionary + records → suggested mapping →
// the app's import files (dates turned into days in the translation) → the CSV import's dry run
// and commit; the cases in the database are the ones the example was made from, field by
// field. Saved mappings are per study, scoped by site and audited.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/db/client";
import { sortRecurrences } from "../../lib/cases/early-disease";
import { importCases } from "../../lib/cases/import-cases";
import { HER2_TEST_FIELDS, PATIENT_FIELDS, TREATMENT_LINE_FIELDS } from "../../lib/cases/schemas";
import type { DemoSite } from "../../lib/demo/demo-sites";
import { AppError } from "../../lib/errors";
import { parseRedcapDictionary } from "../../lib/redcap/dictionary";
import { buildExampleDictionary, buildExampleRecords, exampleCases, exampleDagName } from "../../lib/redcap/example-project";
import { parseRedcapRecords } from "../../lib/redcap/records";
import { listRedcapMappings, saveRedcapMapping } from "../../lib/redcap/saved-mappings";
import { suggestMapping } from "../../lib/redcap/suggest-mapping";
import { relabelImportErrors, translateRecords } from "../../lib/redcap/translate-records";
import { createFixture, type Fixture } from "../support/fixtures";

let fx: Fixture;
const encoder = new TextEncoder();
const SITES: DemoSite[] = [
  { code: "01", name: "One", weight: 0.5, ihcOneBias: 0, hercepTestShare: 0.1 },
  { code: "02", name: "Two", weight: 0.5, ihcOneBias: 0.2, hercepTestShare: 0.4 },
];

beforeAll(async () => {
  fx = await createFixture("rc");
});

function translateExample(cases: ReturnType<typeof exampleCases>, options: { ownSite: boolean; siteCodes: Record<string, string> }) {
  const dictionary = parseRedcapDictionary(buildExampleDictionary());
  const records = parseRedcapRecords(buildExampleRecords(cases), dictionary);
  const mapping = suggestMapping(dictionary, records, { siteCodes: Object.values(options.siteCodes), ownSite: options.ownSite });
  if (mapping.site.source === "dag") mapping.site.codes = Object.fromEntries(Object.entries(options.siteCodes).map(([demo, real]) => [exampleDagName(demo), real]));
  return { dictionary, mapping, translated: translateRecords(dictionary, records, mapping) };
}

const upload = (csv: Record<"patients" | "her2_tests" | "treatment_lines" | "recurrence_events", string>) => ({
  patients: encoder.encode(csv.patients),
  her2_tests: encoder.encode(csv.her2_tests),
  treatment_lines: encoder.encode(csv.treatment_lines),
  recurrence_events: encoder.encode(csv.recurrence_events),
});

describe("the example REDCap project", () => {
  it("imports as exactly the cases it was made from (administrator, one site per data access group)", async () => {
    const cases = exampleCases(SITES, 30).map((item) => ({ ...item, patient: { ...item.patient, studyId: item.patient.studyId.replace(/^RCAP-01-/, `RCAD-${fx.siteA.code}-`).replace(/^RCAP-02-/, `RCAD-${fx.siteB.code}-`) } }));
    const { translated } = translateExample(cases, { ownSite: false, siteCodes: { "01": fx.siteA.code, "02": fx.siteB.code } });
    expect(translated.issues).toEqual([]);
    const dry = await importCases(fx.admin, upload(translated.csv), { mode: "create", dryRun: true });
    expect(dry).toMatchObject({ errorCount: 0, patientsToCreate: 30 });
    const report = await importCases(fx.admin, upload(translated.csv), { mode: "create", dryRun: false });
    expect(report.committed).toBe(true);

    const db = await getDb();
    let recurrenceRows = 0;
    for (const expected of cases) {
      const stored = await db.patient.findUniqueOrThrow({
        where: { studyId: expected.patient.studyId },
        include: { site: true, her2Tests: { orderBy: { id: "asc" } }, treatmentLines: { orderBy: { id: "asc" } }, recurrenceEvents: { select: { kind: true, day: true }, orderBy: [{ day: "asc" }, { kind: "asc" }] } },
      });
      expect(stored.site.code).toBe(expected.patient.siteCode === "01" ? fx.siteA.code : fx.siteB.code);
      for (const field of PATIENT_FIELDS) expect({ field, value: stored[field] }).toEqual({ field, value: expected.patient[field] });
      expect(stored.her2Tests).toHaveLength(expected.tests.length);
      stored.her2Tests.forEach((test, index) => {
        for (const field of HER2_TEST_FIELDS) expect({ field, value: test[field] }).toEqual({ field, value: expected.tests[index]?.[field] });
        expect(test.category).toBe(expected.tests[index]?.category);
      });
      expect(stored.treatmentLines).toHaveLength(expected.lines.length);
      stored.treatmentLines.forEach((line, index) => {
        const want = expected.lines[index];
        for (const field of TREATMENT_LINE_FIELDS) {
          if (field === "agents") expect([...line.agents].sort()).toEqual([...(want?.agents ?? [])].sort());
          else expect({ field, value: line[field] }).toEqual({ field, value: want?.[field] });
        }
      });
      expect(stored.cohortLatest).toBe(expected.patient.cohortLatest);
      // The recurrence events (issue 14 §1): the entered ones from the recurrence_event instrument, the distant one from the date of metastasis.
      expect({ studyId: expected.patient.studyId, events: stored.recurrenceEvents }).toEqual({ studyId: expected.patient.studyId, events: sortRecurrences(expected.recurrences) });
      recurrenceRows += stored.recurrenceEvents.filter((event) => event.kind !== "DISTANT").length;
    }
    expect(recurrenceRows).toBe(translated.counts.rows.recurrence_events);
    expect(recurrenceRows).toBeGreaterThan(0);
    const event = await db.auditEvent.findFirst({ where: { entity: "IMPORT", userId: fx.admin.id }, orderBy: { id: "desc" } });
    expect(event?.changes).toMatchObject({ patientsCreated: 30 });
  });

  it("imports a coordinator's records into their own site, and names the server's errors by record, instrument, instance and field", async () => {
    const cases = exampleCases([SITES[0] as DemoSite], 12).map((item) => ({ ...item, patient: { ...item.patient, studyId: item.patient.studyId.replace(/^RCAP-01-/, `RCCO-${fx.siteA.code}-`) } }));
    const { translated, mapping, dictionary } = translateExample(cases, { ownSite: true, siteCodes: {} });
    expect(mapping.site).toEqual({ source: "own" });
    // A last contact before a HER2 test: the translation cannot know, the import's case rules do.
    const index = cases.findIndex((item) => item.tests.some((test) => test.daysSinceDiagnosis > 30));
    const target = cases[index];
    const lastTest = Math.max(...(target?.tests.map((test) => test.daysSinceDiagnosis) ?? [0]));
    const lines = translated.csv.patients.split("\r\n");
    const header = (lines[0] ?? "").split(",");
    const contact = header.indexOf("days_to_last_contact");
    const row = lines.findIndex((line) => line.startsWith(`${target?.patient.studyId},`));
    const cells = (lines[row] ?? "").split(",");
    cells[contact] = String(lastTest - 1);
    lines[row] = cells.join(",");
    const broken = { ...translated.csv, patients: lines.join("\r\n") };
    const report = await importCases(fx.coordinatorA, upload(broken), { mode: "create", dryRun: true });
    expect(report.errorCount).toBeGreaterThan(0);
    const issues = relabelImportErrors(report.errors, translated, mapping, dictionary.recordIdField);
    const onTest = issues.find((issue) => issue.instrument === "her2_test");
    expect(onTest).toMatchObject({ record: String(index + 1), field: "her2_test_date" });
    expect(onTest?.message).toMatch(/is after the last contact/);
    expect(target?.tests[(onTest?.instance ?? 0) - 1]?.daysSinceDiagnosis).toBe(lastTest);

    const clean = await importCases(fx.coordinatorA, upload(translated.csv), { mode: "create", dryRun: false });
    expect(clean.committed).toBe(true);
    const db = await getDb();
    expect(await db.patient.count({ where: { studyId: { startsWith: "RCCO-" }, siteId: fx.siteA.id } })).toBe(12);
  });
});

describe("saved mappings", () => {
  it("are kept per site, offered to that site's coordinators and the study's, versioned and audited", async () => {
    const dictionary = parseRedcapDictionary(buildExampleDictionary());
    const mapping = suggestMapping(dictionary, null, { siteCodes: [], ownSite: true });
    const fieldNames = dictionary.fields.map((field) => field.name);
    const saved = await saveRedcapMapping(fx.coordinatorA, { name: "Site A registry", fieldNames, mapping });
    const studyWide = await saveRedcapMapping(fx.admin, { name: "Study template", fieldNames, mapping });
    expect((await listRedcapMappings(fx.coordinatorA)).map((item) => [item.name, item.editable])).toEqual([["Site A registry", true], ["Study template", false]]);
    expect((await listRedcapMappings(fx.coordinatorB)).map((item) => item.name)).toEqual(["Study template"]);
    await expect(listRedcapMappings(fx.investigator)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(saveRedcapMapping(fx.coordinatorB, { id: saved.id, expectedVersion: 1, name: "Site A registry", fieldNames, mapping })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(saveRedcapMapping(fx.coordinatorA, { id: studyWide.id, expectedVersion: 1, name: "Study template", fieldNames, mapping })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(saveRedcapMapping(fx.coordinatorB, { name: "Site A registry", fieldNames, mapping })).rejects.toMatchObject({ code: "CONFLICT" });
    const updated = await saveRedcapMapping(fx.coordinatorA, { id: saved.id, expectedVersion: 1, name: "Site A registry", fieldNames, mapping: { ...mapping, diagnosisDateField: null } });
    expect(updated.version).toBe(2);
    const stale = await saveRedcapMapping(fx.coordinatorA, { id: saved.id, expectedVersion: 1, name: "Site A registry", fieldNames, mapping }).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(AppError);
    expect((stale as AppError).code).toBe("CONFLICT");
    const db = await getDb();
    const events = await db.auditEvent.findMany({ where: { entity: "REDCAP_MAPPING", entityId: String(saved.id) }, orderBy: { id: "asc" } });
    expect(events.map((event) => event.action)).toEqual(["CREATE", "UPDATE"]);
    expect(events[0]?.siteId).toBe(fx.siteA.id);
  });
});
