// The mCODE FHIR and CDISC ODM exports from a real database: every resource of every exported
// bundle validates (FHIR R4 definitions with Medplum and FHIR's JSON schema, plus the mCODE
// profiles' required elements), the bundle of a patient with every kind of data is checked
// field by field, the ODM file validates against the ODM 1.3.2 XSD with AuditRecords and
// AdminData from the audit trail, and every export is scoped to the user, filtered, small-cell
// checked and audited.
import { unzipSync, strFromU8 } from "fflate";
import type { Bundle, Condition, MedicationAdministration, Observation, Patient, Procedure, Specimen } from "@medplum/fhirtypes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDashboardFilters } from "../../lib/analytics/filters";
import { createCase } from "../../lib/cases/create-case";
import { importCases } from "../../lib/cases/import-cases";
import { getDb } from "../../lib/db/client";
import { env } from "../../lib/env";
import { AppError } from "../../lib/errors";
import { exportFhirCohort, exportPatientBundle } from "../../lib/fhir/export-fhir";
import { syntheticDate } from "../../lib/fhir/patient-bundle";
import { LOCAL_EXTENSIONS, PROFILES } from "../../lib/fhir/terminology";
import { exportOdm } from "../../lib/odm/export-odm";
import { parseCase, rawCase } from "../support/case-inputs";
import { fhirProblems } from "../support/fhir-validation";
import { createFixture, type Fixture } from "../support/fixtures";
import { mcodeProblems } from "../support/mcode-checks";
import { odmSchemaErrors } from "../support/odm-validation";
import { syntheticImportFiles } from "../support/synthetic-import";

let fx: Fixture;
let fullCaseId: number;
const noFilters = parseDashboardFilters({});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

async function ndjsonBundles(user: Fixture["admin"], filters = noFilters): Promise<Bundle[]> {
  const { stream } = await exportFhirCohort(user, filters, "ndjson");
  return new TextDecoder().decode(await readAll(stream)).split("\n").filter(Boolean).map((line) => JSON.parse(line) as Bundle);
}

beforeAll(async () => {
  fx = await createFixture("io");
  await importCases(fx.admin, syntheticImportFiles({ patients: 60, seed: 31, siteCode: fx.siteA.code, prefix: "IOA" }), { mode: "create", dryRun: false });
  await importCases(fx.admin, syntheticImportFiles({ patients: 30, seed: 32, siteCode: fx.siteB.code, prefix: "IOB" }), { mode: "create", dryRun: false });
  // A patient with every kind of data: TNM and stage, receptors and Ki-67, a HER2-low biopsy with
  // ISH, an ultralow metastatic biopsy, two lines (one with two drugs and a progression), death.
  const created = await createCase(fx.coordinatorA, parseCase(rawCase({
    patient: { studyId: `FULL-${fx.siteA.code}-0001`, diagnosisYear: 2019, ageAtDiagnosis: 61, histologicType: "NST", grade: 2, tumourSizeMm: 24, tCategory: "T2", nCategory: "N1", mCategory: "M0", stageGroup: "STAGE_II", erPercent: 90, prPercent: 0, ki67Percent: 30, diseaseSetting: "RECURRENT_METASTATIC", daysToMetastasis: 1000, vitalStatus: "DEAD", daysToDeath: 1500, daysToLastContact: 1500 },
    tests: [
      { specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_2", ishRatio: 1.4, ishCopies: 2.9 },
      { specimen: "METASTATIC", specimenSite: "LIVER", daysSinceDiagnosis: 1010, assay: "HERCEPTEST", ihcScore: "IHC_0_ULTRALOW", ishRatio: null, ishCopies: null },
    ],
    lines: [
      { setting: "ADJUVANT", lineNumber: 1, regimenClass: "ENDOCRINE", agents: ["LETROZOLE"], startDay: 60, endDay: 990, bestResponse: null, progressionDay: 1000 },
      { setting: "METASTATIC", lineNumber: 1, regimenClass: "ENDOCRINE_CDK46", agents: ["FULVESTRANT", "PALBOCICLIB"], startDay: 1020, endDay: null, bestResponse: "PR", progressionDay: 1400 },
    ],
  })));
  fullCaseId = created.id;
});

afterAll(() => {
  env.SMALL_CELL_THRESHOLD = 0;
});

describe("the mCODE export", () => {
  it("writes one valid mCODE bundle per patient in scope, every resource valid FHIR R4", { timeout: 180_000 }, async () => {
    const bundles = await ndjsonBundles(fx.admin);
    expect(bundles).toHaveLength(91);
    const problems: string[] = [];
    let resources = 0;
    for (const bundle of bundles) {
      problems.push(...fhirProblems(bundle), ...mcodeProblems(bundle));
      for (const entry of bundle.entry ?? []) {
        resources += 1;
        if (entry.resource) problems.push(...fhirProblems(entry.resource).map((problem) => `${bundle.identifier?.value} ${entry.resource?.resourceType}: ${problem}`));
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(resources).toBeGreaterThan(91 * 10);
    const db = await getDb();
    const event = await db.auditEvent.findFirst({ where: { entity: "EXPORT", userId: fx.admin.id }, orderBy: { id: "desc" } });
    expect(event?.changes).toMatchObject({ format: "FHIR mCODE NDJSON", patients: 91, scope: "all sites" });
  });

  it("gives a coordinator their site's patients only, and the filtered cohort when filters are given", async () => {
    const own = await ndjsonBundles(fx.coordinatorA);
    expect(own).toHaveLength(61);
    expect(own.every((bundle) => /^(IOA|FULL)-/.test(bundle.identifier?.value ?? ""))).toBe(true);
    const siteB = await ndjsonBundles(fx.admin, parseDashboardFilters({ site: fx.siteB.code }));
    expect(siteB).toHaveLength(30);
    const early = await ndjsonBundles(fx.admin, parseDashboardFilters({ setting: "EARLY" }));
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((bundle) => !bundle.entry?.some((entry) => entry.resource?.meta?.profile?.includes(PROFILES.secondaryCondition)))).toBe(true);
    await expect(exportPatientBundle(fx.coordinatorB, fullCaseId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("writes a ZIP of one bundle per patient", async () => {
    const { stream, contentType } = await exportFhirCohort(fx.coordinatorA, noFilters, "zip");
    expect(contentType).toBe("application/zip");
    const files = unzipSync(await readAll(stream));
    expect(Object.keys(files)).toHaveLength(61);
    const full = JSON.parse(strFromU8(files[`FULL-${fx.siteA.code}-0001.json`] as Uint8Array)) as Bundle;
    expect(mcodeProblems(full)).toEqual([]);
  });

  it("refuses an investigator a filtered cohort smaller than the small-cell threshold", async () => {
    env.SMALL_CELL_THRESHOLD = 5;
    try {
      const tiny = parseDashboardFilters({ site: fx.siteA.code, from: "2019", to: "2019", setting: "RECURRENT_METASTATIC" });
      const error = await exportFhirCohort(fx.investigator, tiny, "ndjson").catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toMatch(/fewer than 5 patients/);
      await expect(exportFhirCohort(fx.admin, tiny, "ndjson")).resolves.toBeTruthy();
    } finally {
      env.SMALL_CELL_THRESHOLD = 0;
    }
  });

  it("writes the patient with every kind of data field by field", async () => {
    const { bundle } = await exportPatientBundle(fx.coordinatorA, fullCaseId);
    expect(mcodeProblems(bundle)).toEqual([]);
    const resources = (bundle.entry ?? []).map((entry) => entry.resource);
    const patient = resources.find((resource): resource is Patient => resource?.resourceType === "Patient");
    expect(patient?.identifier).toEqual([{ system: expect.stringContaining("study-id"), value: `FULL-${fx.siteA.code}-0001` }]);
    expect(patient?.name?.[0]?.family).toBeUndefined();
    expect(patient).toMatchObject({ gender: "female", deceasedDateTime: syntheticDate(2019, 1500) });
    expect(patient?.extension).toEqual(expect.arrayContaining([{ url: LOCAL_EXTENSIONS.ageAtDiagnosis, valueInteger: 61 }, { url: LOCAL_EXTENSIONS.diagnosisYear, valueInteger: 2019 }]));
    const conditions = resources.filter((resource): resource is Condition => resource?.resourceType === "Condition");
    const primary = conditions.find((condition) => condition.meta?.profile?.includes(PROFILES.primaryCondition));
    expect(primary?.code?.coding?.[0]?.code).toBe("C50.919");
    expect(primary?.onsetDateTime).toBe("2019-07-01");
    expect(primary?.stage?.[0]?.summary?.coding?.[0]).toMatchObject({ system: "http://cancerstaging.org", code: "2" });
    expect(JSON.stringify(primary?.extension)).toContain("82711006");
    const secondary = conditions.find((condition) => condition.meta?.profile?.includes(PROFILES.secondaryCondition));
    expect(secondary).toMatchObject({ onsetDateTime: syntheticDate(2019, 1000), bodySite: [{ text: "Liver" }] });
    const observations = resources.filter((resource): resource is Observation => resource?.resourceType === "Observation");
    const byCode = (code: string) => observations.filter((observation) => observation.code?.coding?.some((coding) => coding.code === code));
    expect(byCode("21905-5")[0]?.valueCodeableConcept?.coding?.[0]?.code).toBe("cT2");
    expect(byCode("21906-3")[0]?.valueCodeableConcept?.coding?.[0]?.code).toBe("cN1");
    expect(byCode("21907-1")[0]?.valueCodeableConcept?.coding?.[0]?.code).toBe("cM0");
    expect(byCode("21908-9")[0]?.method?.coding?.[0]?.code).toBe("897275008");
    expect(byCode("85337-4")[0]?.valueCodeableConcept?.coding?.[0]?.code).toBe("LA6576-8");
    expect(byCode("85329-1")[0]?.valueQuantity).toMatchObject({ value: 90, code: "%" });
    expect(byCode("85339-0")[0]?.valueCodeableConcept?.coding?.[0]?.code).toBe("LA6577-6");
    expect(byCode("29593-1")[0]?.valueQuantity?.value).toBe(30);
    const ihc = byCode("85319-2");
    expect(ihc.map((observation) => observation.valueCodeableConcept?.coding?.[0]?.code)).toEqual(["LA11842-4", "LA6111-4"]);
    expect(ihc[1]?.effectiveDateTime).toBe(syntheticDate(2019, 1010));
    expect(byCode("49683-6")[0]?.valueQuantity?.value).toBe(1.4);
    expect(byCode("74860-8")[0]?.valueQuantity?.value).toBe(2.9);
    expect(byCode("48676-1").map((observation) => observation.valueCodeableConcept?.coding?.[0]?.code)).toEqual(["1381317004", "1381318009"]);
    const specimens = resources.filter((resource): resource is Specimen => resource?.resourceType === "Specimen");
    expect(specimens.map((specimen) => specimen.collection?.bodySite?.text)).toEqual(["Breast", "Liver"]);
    const drugs = resources.filter((resource): resource is MedicationAdministration => resource?.resourceType === "MedicationAdministration");
    expect(drugs.map((drug) => drug.medicationCodeableConcept?.text)).toEqual(["Letrozole", "Fulvestrant", "Palbociclib"]);
    expect(drugs[1]).toMatchObject({ status: "in-progress", effectivePeriod: { start: syntheticDate(2019, 1020) } });
    expect(JSON.stringify(drugs[1]?.extension)).toContain('"valueInteger":1');
    expect(byCode("97509-4").map((observation) => [observation.effectiveDateTime, observation.valueCodeableConcept?.coding?.[0]?.code])).toEqual([
      [syntheticDate(2019, 1000), "271299001"],
      [syntheticDate(2019, 1400), "271299001"],
    ]);
  });
});

describe("the ODM export", () => {
  it("validates against the ODM 1.3.2 schema, with AuditRecords and AdminData for an administrator", { timeout: 120_000 }, async () => {
    const { stream } = await exportOdm(fx.admin, noFilters);
    const xml = new TextDecoder().decode(await readAll(stream));
    expect(await odmSchemaErrors(xml)).toEqual([]);
    expect(xml.match(/<SubjectData /g)).toHaveLength(91);
    const db = await getDb();
    const rowEvents = await db.auditEvent.count({ where: { entity: { in: ["PATIENT", "HER2_TEST", "TREATMENT_LINE"] } } });
    expect(xml.match(/<AuditRecord /g)).toHaveLength(rowEvents);
    expect(xml).toContain(`<LoginName>${fx.admin.email}</LoginName>`);
    expect(xml).toContain(`<LoginName>${fx.coordinatorA.email}</LoginName>`);
    expect(xml).toContain(`<Location OID="LOC.${fx.siteA.code}"`);
    expect(xml).toContain(`<SubjectData SubjectKey="FULL-${fx.siteA.code}-0001">`);
    expect(xml).toContain('ItemOID="IT.HER2_TEST.IHC_SCORE" Value="IHC_0_ULTRALOW"');
    expect(xml).not.toMatch(/Value="\d{4}-\d{2}-\d{2}/);
  });

  it("gives an investigator the data without the audit trail, and a coordinator their site's", { timeout: 120_000 }, async () => {
    const investigator = new TextDecoder().decode(await readAll((await exportOdm(fx.investigator, noFilters)).stream));
    expect(await odmSchemaErrors(investigator)).toEqual([]);
    expect(investigator).not.toContain("<AuditRecord");
    expect(investigator).not.toContain("<User ");
    const coordinator = new TextDecoder().decode(await readAll((await exportOdm(fx.coordinatorA, noFilters)).stream));
    expect(await odmSchemaErrors(coordinator)).toEqual([]);
    expect(coordinator.match(/<SubjectData /g)).toHaveLength(61);
    expect(coordinator).not.toContain("IOB-");
    expect(coordinator).toContain("<AuditRecord ");
  });
});

// Last in the file: this case would change the cohort counts the tests above check.
describe("the early-disease data in the exports (issue 14 §1)", () => {
  it("writes a neoadjuvant-treated patient's ypT/ypN, surgery, line response details and recurrence events to mCODE and ODM", { timeout: 120_000 }, async () => {
    const studyId = `EARLY-${fx.siteA.code}-0001`;
    const created = await createCase(fx.coordinatorA, parseCase({
      ...rawCase({
        patient: {
          studyId, diagnosisYear: 2020, ageAtDiagnosis: 47, tCategory: "T2", nCategory: "N1", mCategory: "M0", stageGroup: "STAGE_II", erPercent: 0, prPercent: 0,
          diseaseSetting: "RECURRENT_METASTATIC", daysToMetastasis: 1100, vitalStatus: "ALIVE", daysToLastContact: 1600,
          stagingBasis: "CLINICAL", surgeryType: "BREAST_CONSERVING", daysToSurgery: 190, ypTCategory: "T1", ypNCategory: "N0", rcbClass: "RCB_II",
        },
        tests: [{ specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_1", ishRatio: null, ishCopies: null }],
        lines: [
          { setting: "NEOADJUVANT", lineNumber: 1, regimenClass: "CHEMOTHERAPY", agents: ["PACLITAXEL", "CARBOPLATIN"], startDay: 15, endDay: 170, bestResponse: null, progressionDay: null },
          { setting: "METASTATIC", lineNumber: 1, regimenClass: "T_DXD", agents: ["TRASTUZUMAB_DERUXTECAN"], startDay: 1120, endDay: null, bestResponse: "PR", measurability: "MEASURABLE", responseConfirmation: "CONFIRMED", progressionDay: null },
        ],
      }),
      recurrences: [{ kind: "REGIONAL", day: 800 }, { kind: "CONTRALATERAL_INVASIVE", day: 950 }],
    }));
    const { bundle } = await exportPatientBundle(fx.coordinatorA, created.id);
    const problems = [...fhirProblems(bundle), ...mcodeProblems(bundle)];
    for (const entry of bundle.entry ?? []) if (entry.resource) problems.push(...fhirProblems(entry.resource).map((problem) => `${entry.resource?.resourceType}: ${problem}`));
    expect(problems).toEqual([]);
    const resources = (bundle.entry ?? []).map((entry) => entry.resource);
    const observations = resources.filter((resource): resource is Observation => resource?.resourceType === "Observation");
    const valueOf = (code: string) => observations.filter((observation) => observation.code?.coding?.some((coding) => coding.code === code)).map((observation) => [observation.valueCodeableConcept?.coding?.[0]?.code, observation.effectiveDateTime]);
    expect(valueOf("21899-0")).toEqual([["ypT1", syntheticDate(2020, 190)]]);
    expect(valueOf("21900-6")).toEqual([["ypN0", syntheticDate(2020, 190)]]);
    expect(valueOf("21905-5")).toEqual([["cT2", syntheticDate(2020, 0)]]);
    expect(valueOf("97509-4")).toEqual([["271299001", syntheticDate(2020, 800)]]);
    const procedure = resources.find((resource): resource is Procedure => resource?.resourceType === "Procedure");
    expect(procedure).toMatchObject({ status: "completed", performedDateTime: syntheticDate(2020, 190), code: { coding: [{ code: "64368001" }, { code: "BREAST_CONSERVING" }] } });
    const conditions = resources.filter((resource): resource is Condition => resource?.resourceType === "Condition");
    expect(conditions.map((condition) => [condition.meta?.profile?.[0]?.split("/").at(-1), condition.code?.coding?.[0]?.code, condition.onsetDateTime])).toEqual([
      ["mcode-primary-cancer-condition", "C50.919", syntheticDate(2020, 0)],
      ["mcode-secondary-cancer-condition", "C79.9", syntheticDate(2020, 1100)],
      ["mcode-primary-cancer-condition", "C50.919", syntheticDate(2020, 950)],
    ]);
    const drug = resources.find((resource): resource is MedicationAdministration => resource?.resourceType === "MedicationAdministration" && resource.effectivePeriod?.start === syntheticDate(2020, 1120));
    expect(JSON.stringify(drug?.extension)).toContain('"url":"measurability","valueCoding":{"system":"http://her2-cohort-dashboard.invalid/fhir/CodeSystem/measurability","code":"MEASURABLE"');

    const xml = new TextDecoder().decode(await readAll((await exportOdm(fx.coordinatorA, noFilters)).stream));
    expect(await odmSchemaErrors(xml)).toEqual([]);
    const subject = xml.slice(xml.indexOf(`<SubjectData SubjectKey="${studyId}">`), xml.indexOf("</SubjectData>", xml.indexOf(`<SubjectData SubjectKey="${studyId}">`)));
    expect(subject).toContain('<ItemData ItemOID="IT.PATIENT.YP_T_CATEGORY" Value="T1"/><ItemData ItemOID="IT.PATIENT.YP_N_CATEGORY" Value="N0"/><ItemData ItemOID="IT.PATIENT.RCB_CLASS" Value="RCB_II"/><ItemData ItemOID="IT.PATIENT.SURGERY_TYPE" Value="BREAST_CONSERVING"/><ItemData ItemOID="IT.PATIENT.DAYS_TO_SURGERY" Value="190"/>');
    expect(subject).toContain('<ItemData ItemOID="IT.PATIENT.PATHOLOGIC_COMPLETE_RESPONSE" Value="false"/>');
    expect(subject).toContain('<ItemData ItemOID="IT.TREATMENT_LINE.MEASURABILITY" Value="MEASURABLE"/><ItemData ItemOID="IT.TREATMENT_LINE.RESPONSE_CONFIRMATION" Value="CONFIRMED"/>');
    expect(subject.match(/<ItemGroupData ItemGroupOID="IG.RECURRENCE_EVENT" ItemGroupRepeatKey="\d+"><ItemData ItemOID="IT.RECURRENCE_EVENT.KIND" Value="([A-Z_]+)"\/><ItemData ItemOID="IT.RECURRENCE_EVENT.DAY" Value="(\d+)"\/><\/ItemGroupData>/g)?.map((group) => group.replace(/.*KIND" Value="([A-Z_]+)".*DAY" Value="(\d+)".*/, "$1 $2"))).toEqual(["REGIONAL 800", "CONTRALATERAL_INVASIVE 950"]);
  });
});
