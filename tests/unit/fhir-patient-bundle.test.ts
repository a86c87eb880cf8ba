// mCODE bundles of synthetic cases (the demo generator, every kind of data): every resource is
// valid FHIR R4 for both validators and every bundle meets the mCODE profiles' required
// elements; the early-disease fields (issue 14 §1) are checked field by field on hand-made cases.
// The database export is tested in tests/integration/interop-exports.test.ts.
import type { Bundle, Condition, MedicationAdministration, Observation, Procedure, Resource } from "@medplum/fhirtypes";
import { describe, expect, it } from "vitest";
import { generateCohort } from "../../lib/demo/generate-cohort";
import { buildPatientBundle, syntheticDate, type FhirCase } from "../../lib/fhir/patient-bundle";
import { LOCAL_EXTENSIONS, LOCAL_SYSTEMS, PROFILES } from "../../lib/fhir/terminology";
import { fhirProblems } from "../support/fhir-validation";
import { mcodeProblems } from "../support/mcode-checks";

export function demoFhirCases(patients: number, seed: number): FhirCase[] {
  let nextId = 1;
  return [...generateCohort({ patients, seed })].map((item, index) => ({
    patient: { ...item.patient, id: index + 1 },
    tests: item.tests.map((test) => ({ ...test, id: nextId++ })),
    lines: item.lines.map((line) => ({ ...line, id: nextId++ })),
    recurrences: item.recurrences.map((event) => ({ ...event, id: nextId++ })),
  }));
}

/** A neoadjuvant-treated patient with every early-disease field, every kind of event and a measured, confirmed metastatic response. */
function earlyCase(patient: Partial<FhirCase["patient"]> = {}, recurrences: FhirCase["recurrences"] = []): FhirCase {
  return {
    patient: {
      id: 7, studyId: "EARLY-01-0001", siteCode: "01", diagnosisYear: 2020, ageAtDiagnosis: 48, sex: "FEMALE", histologicType: "NST",
      tCategory: "T2", nCategory: "N1", mCategory: "M0", stageGroup: "STAGE_II", erPercent: 0, prPercent: 0, ki67Percent: 40,
      diseaseSetting: "RECURRENT_METASTATIC", daysToMetastasis: 900, vitalStatus: "ALIVE", daysToDeath: null, daysToLastContact: 1500, cohortLatest: "LOW",
      stagingBasis: "CLINICAL", ypTCategory: "TIS", ypNCategory: "N0", surgeryType: "MASTECTOMY", daysToSurgery: 200,
      ...patient,
    },
    tests: [{ id: 11, specimen: "PRIMARY_BIOPSY", specimenSite: "BREAST", daysSinceDiagnosis: 0, assay: "VENTANA_4B5", ihcScore: "IHC_1", ishRatio: null, ishCopies: null, category: "LOW" }],
    lines: [
      { id: 21, setting: "NEOADJUVANT", lineNumber: 1, regimenClass: "CHEMOTHERAPY", agents: ["PACLITAXEL"], startDay: 20, endDay: 160, bestResponse: null, measurability: null, responseConfirmation: null, progressionDay: null },
      { id: 22, setting: "METASTATIC", lineNumber: 1, regimenClass: "T_DXD", agents: ["TRASTUZUMAB_DERUXTECAN"], startDay: 920, endDay: null, bestResponse: "PR", measurability: "MEASURABLE", responseConfirmation: "CONFIRMED", progressionDay: null },
    ],
    recurrences,
  };
}

const EVENTS: FhirCase["recurrences"] = [
  { id: 31, kind: "LOCAL", day: 700 },
  { id: 32, kind: "REGIONAL", day: 750 },
  { id: 33, kind: "CONTRALATERAL_INVASIVE", day: 800 },
  { id: 34, kind: "SECOND_PRIMARY_INVASIVE", day: 850 },
  // Stored beside the day of metastasis; the secondary condition already says it.
  { id: 35, kind: "DISTANT", day: 900 },
];

function resourcesOf(bundle: Bundle): Resource[] {
  return (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
}

function validityProblems(bundle: Bundle): string[] {
  return [...fhirProblems(bundle), ...resourcesOf(bundle).flatMap((resource) => fhirProblems(resource).map((problem) => `${resource.resourceType}: ${problem}`)), ...mcodeProblems(bundle)];
}

const observationsOf = (bundle: Bundle, code: string) =>
  resourcesOf(bundle).filter((resource): resource is Observation => resource.resourceType === "Observation" && (resource.code?.coding?.some((coding) => coding.code === code) ?? false));
const ajccValue = (observation: Observation | undefined) => observation?.valueCodeableConcept?.coding?.[0]?.code;

describe("mCODE patient bundles", () => {
  it("are valid FHIR R4 and meet the mCODE profiles, for 40 synthetic patients", { timeout: 120_000 }, () => {
    const problems: string[] = [];
    let resources = 0;
    for (const item of demoFhirCases(40, 77)) {
      const bundle = buildPatientBundle(item, new Date("2026-01-01T00:00:00Z"));
      problems.push(...fhirProblems(bundle).map((problem) => `${item.patient.studyId} bundle: ${problem}`));
      for (const entry of bundle.entry ?? []) {
        resources += 1;
        if (entry.resource) problems.push(...fhirProblems(entry.resource).map((problem) => `${item.patient.studyId} ${entry.resource?.resourceType}: ${problem}`));
      }
      problems.push(...mcodeProblems(bundle).map((problem) => `${item.patient.studyId}: ${problem}`));
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(resources).toBeGreaterThan(40 * 10);
  });

  it("send ypT/ypN as pathological categories with the yp prefix, the surgery as a Procedure, and every recurrence event on its day", () => {
    const bundle = buildPatientBundle(earlyCase({}, EVENTS), new Date("2026-01-01T00:00:00Z"));
    expect(validityProblems(bundle)).toEqual([]);
    // Clinical T and N at diagnosis; ypT and ypN after neoadjuvant therapy, on the day of surgery.
    expect(ajccValue(observationsOf(bundle, "21905-5")[0])).toBe("cT2");
    expect(ajccValue(observationsOf(bundle, "21906-3")[0])).toBe("cN1");
    const [ypT] = observationsOf(bundle, "21899-0");
    const [ypN] = observationsOf(bundle, "21900-6");
    expect(ypT).toMatchObject({ meta: { profile: [PROFILES.tnmPrimaryTumor] }, effectiveDateTime: syntheticDate(2020, 200) });
    expect(ajccValue(ypT)).toBe("ypTis");
    expect(ypN).toMatchObject({ meta: { profile: [PROFILES.tnmRegionalNodes] }, effectiveDateTime: syntheticDate(2020, 200) });
    expect(ajccValue(ypN)).toBe("ypN0");
    expect(observationsOf(bundle, "21908-9")).toHaveLength(1);

    const procedures = resourcesOf(bundle).filter((resource): resource is Procedure => resource.resourceType === "Procedure");
    expect(procedures).toHaveLength(1);
    expect(procedures[0]).toMatchObject({ meta: { profile: [PROFILES.surgicalProcedure] }, status: "completed", performedDateTime: syntheticDate(2020, 200) });
    expect(procedures[0]?.code?.coding?.[0]).toMatchObject({ system: "http://snomed.info/sct", code: "69031006" });
    expect(procedures[0]?.extension).toEqual([{ url: LOCAL_EXTENSIONS.daysSinceDiagnosis, valueInteger: 200 }]);

    // Local and regional recurrences: the primary cancer's disease status, worsened, on their days.
    const statuses = observationsOf(bundle, "97509-4");
    const eventOf = (observation: Observation) => observation.valueCodeableConcept?.coding?.find((coding) => coding.system === LOCAL_SYSTEMS.recurrenceKind)?.code;
    expect(statuses.filter(eventOf).map((observation) => [eventOf(observation), observation.effectiveDateTime, observation.valueCodeableConcept?.coding?.[0]?.code])).toEqual([
      ["LOCAL", syntheticDate(2020, 700), "271299001"],
      ["REGIONAL", syntheticDate(2020, 750), "271299001"],
    ]);
    const conditions = resourcesOf(bundle).filter((resource): resource is Condition => resource.resourceType === "Condition");
    const primaries = conditions.filter((condition) => condition.meta?.profile?.includes(PROFILES.primaryCondition));
    expect(primaries.map((condition) => [condition.code?.coding?.[0]?.code, condition.onsetDateTime])).toEqual([
      ["C50.919", syntheticDate(2020, 0)],
      ["C50.919", syntheticDate(2020, 800)],
      ["363346000", syntheticDate(2020, 850)],
    ]);
    // The distant recurrence is the one secondary condition (days to metastasis), not repeated from its event row.
    expect(conditions.filter((condition) => condition.meta?.profile?.includes(PROFILES.secondaryCondition)).map((condition) => condition.onsetDateTime)).toEqual([syntheticDate(2020, 900)]);

    // Measurability and confirmation of the metastatic line's response, in the line extension.
    const drug = resourcesOf(bundle).find((resource): resource is MedicationAdministration => resource.resourceType === "MedicationAdministration" && resource.effectivePeriod?.start === syntheticDate(2020, 920));
    const line = drug?.extension?.find((extension) => extension.url === LOCAL_EXTENSIONS.treatmentLine)?.extension ?? [];
    expect(line.find((extension) => extension.url === "measurability")?.valueCoding).toMatchObject({ system: LOCAL_SYSTEMS.measurability, code: "MEASURABLE" });
    expect(line.find((extension) => extension.url === "responseConfirmation")?.valueCoding).toMatchObject({ system: LOCAL_SYSTEMS.responseConfirmation, code: "CONFIRMED" });
  });

  it("send T, N and the stage group as pathological when surgery came first, and no Procedure without surgery", () => {
    const surgeryFirst = buildPatientBundle(
      earlyCase({ diseaseSetting: "EARLY", daysToMetastasis: null, stagingBasis: "PATHOLOGICAL", ypTCategory: null, ypNCategory: null, surgeryType: "BREAST_CONSERVING", daysToSurgery: 30 }),
      new Date("2026-01-01T00:00:00Z"),
    );
    expect(validityProblems(surgeryFirst)).toEqual([]);
    expect(observationsOf(surgeryFirst, "21905-5")).toHaveLength(0);
    expect(observationsOf(surgeryFirst, "21899-0").map(ajccValue)).toEqual(["pT2"]);
    expect(observationsOf(surgeryFirst, "21900-6").map(ajccValue)).toEqual(["pN1"]);
    // M stays clinical (cM0): AJCC's pathological stage takes cM unless a metastasis was proven in tissue.
    expect(observationsOf(surgeryFirst, "21907-1").map(ajccValue)).toEqual(["cM0"]);
    expect(observationsOf(surgeryFirst, "21902-2")).toHaveLength(1);
    // Read on the surgical specimen: dated the day of surgery (M, clinical, at diagnosis).
    expect([...observationsOf(surgeryFirst, "21899-0"), ...observationsOf(surgeryFirst, "21900-6"), ...observationsOf(surgeryFirst, "21902-2")].map((observation) => observation.effectiveDateTime)).toEqual([syntheticDate(2020, 30), syntheticDate(2020, 30), syntheticDate(2020, 30)]);
    expect(observationsOf(surgeryFirst, "21907-1")[0]?.effectiveDateTime).toBe(syntheticDate(2020, 0));
    const primary = resourcesOf(surgeryFirst).find((resource): resource is Condition => resource.resourceType === "Condition");
    expect(primary?.stage?.[0]?.type?.coding?.[0]?.code).toBe("21902-2");
    const procedure = resourcesOf(surgeryFirst).find((resource): resource is Procedure => resource.resourceType === "Procedure");
    expect(procedure?.code?.coding?.[0]?.code).toBe("64368001");
    expect(procedure?.performedDateTime).toBe(syntheticDate(2020, 30));

    const notOperated = buildPatientBundle(earlyCase({ ypTCategory: null, ypNCategory: null, surgeryType: "NONE", daysToSurgery: null }), new Date());
    expect(resourcesOf(notOperated).some((resource) => resource.resourceType === "Procedure")).toBe(false);
    expect(observationsOf(notOperated, "21899-0")).toHaveLength(0);
  });

  it("catches what it is meant to catch", () => {
    const [item] = demoFhirCases(1, 3);
    const bundle = buildPatientBundle(item as FhirCase, new Date());
    const observation = bundle.entry?.find((entry) => entry.resource?.resourceType === "Observation")?.resource as unknown as Record<string, unknown>;
    expect(fhirProblems({ ...observation, status: "done" } as never).length).toBeGreaterThan(0);
    expect(fhirProblems({ ...observation, valueCodeableConcept: "3+" } as never).length).toBeGreaterThan(0);
    const broken = structuredClone(bundle);
    (broken.entry?.[0]?.resource as { gender?: string }).gender = undefined;
    broken.entry?.push({ fullUrl: "urn:uuid:x", resource: { resourceType: "Observation", id: "x", status: "final", code: { text: "x" }, subject: { reference: "urn:uuid:nowhere" }, effectiveDateTime: "2020-03-04" } });
    const problems = mcodeProblems(broken);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/gender 1..1/), expect.stringMatching(/resolves inside the bundle/), expect.stringMatching(/not 1 July/)]));
    // A prefix that contradicts the kind of staging its code names.
    const early = buildPatientBundle(earlyCase({}, EVENTS), new Date());
    const clinicalT = observationsOf(early, "21905-5")[0];
    const ypT = observationsOf(early, "21899-0")[0];
    if (clinicalT?.valueCodeableConcept?.coding?.[0]) clinicalT.valueCodeableConcept.coding[0].code = "ypT2";
    if (ypT?.valueCodeableConcept?.coding?.[0]) ypT.valueCodeableConcept.coding[0].code = "cTis";
    const procedure = resourcesOf(early).find((resource): resource is Procedure => resource.resourceType === "Procedure");
    if (procedure) delete procedure.reasonReference;
    expect(mcodeProblems(early)).toEqual(
      expect.arrayContaining([expect.stringMatching(/clinical category \(21905-5\) has a cT\/cN\/cM value, not ypT2/), expect.stringMatching(/pathological category \(21899-0\) .* not cTis/), expect.stringMatching(/Procedure\/.*mcode-reason-required/)]),
    );
    expect(syntheticDate(2020, 0)).toBe("2020-07-01");
    expect(syntheticDate(2020, 184)).toBe("2021-01-01");
  });
});
