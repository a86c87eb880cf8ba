// The mCODE STU4 profiles' required elements, checked by hand (no npm package ships the mCODE
// profiles): for each profile the elements its StructureDefinition makes 1..1 or 1..* over the
// FHIR base and US Core (HL7/fhir-mCODE-ig input/fsh/SD_*.fsh), plus the bundle's own rules
// (one Patient, references resolved inside the bundle) and the export's date rule (every date
// synthetic: 1 July of the diagnosis year + the days-since-diagnosis extension). Test-only.
import type { Bundle, Condition, MedicationAdministration, Observation, Patient, Procedure, Reference, Resource, Specimen } from "@medplum/fhirtypes";
import { LOCAL_EXTENSIONS, MCODE_EXTENSIONS, PROFILES } from "../../lib/fhir/terminology";
import { syntheticDate } from "../../lib/fhir/patient-bundle";

const TNM_PROFILES: string[] = [PROFILES.tnmPrimaryTumor, PROFILES.tnmRegionalNodes, PROFILES.tnmDistantMetastases, PROFILES.tnmStageGroup];
// The kind of staging each LOINC code names, and the AJCC prefixes its values may carry: "the
// selected prefix SHALL be consistent with the Observation.code value" (mCODE STU4, group-disease.md).
const CLINICAL_TNM = new Set(["21905-5", "21906-3", "21907-1"]);
const PATHOLOGY_TNM = new Set(["21899-0", "21900-6"]);

function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) referencesIn(item, out);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "reference" && typeof item === "string") out.push(item);
      else referencesIn(item, out);
    }
  }
  return out;
}

export function mcodeProblems(bundle: Bundle): string[] {
  const problems: string[] = [];
  const need = (condition: unknown, message: string) => {
    if (!condition) problems.push(message);
  };
  need(bundle.type === "collection", "Bundle.type must be collection");
  need(bundle.meta?.profile?.includes(PROFILES.bundle), "Bundle.meta.profile must name mcode-patient-bundle");
  const entries = bundle.entry ?? [];
  need(entries.length >= 1, "Bundle.entry 1..*");
  const byUrl = new Map(entries.map((entry) => [entry.fullUrl, entry.resource]));
  const patients = entries.filter((entry) => entry.resource?.resourceType === "Patient");
  need(patients.length === 1, "exactly one Patient (cancerPatient slice 1..1)");
  const patient = patients[0]?.resource as Patient | undefined;
  const patientUrl = patients[0]?.fullUrl;
  const year = patient?.extension?.find((extension) => extension.url === LOCAL_EXTENSIONS.diagnosisYear)?.valueInteger;
  need(typeof year === "number", "Patient carries the diagnosis year");
  const toPatient = (reference: Reference | undefined, where: string) => need(reference?.reference === patientUrl, `${where}: subject must be the bundle's Patient`);

  for (const entry of entries) {
    const resource = entry.resource as Resource | undefined;
    need(resource, "entry.resource 1..1");
    if (!resource) continue;
    const where = `${resource.resourceType}/${resource.id ?? "?"}`;
    need(entry.fullUrl === `urn:uuid:${resource.id}`, `${where}: fullUrl is urn:uuid:<id>`);
    for (const reference of referencesIn(resource)) need(byUrl.has(reference), `${where}: reference ${reference} resolves inside the bundle`);
    const profiles = resource.meta?.profile ?? [];
    need(!("contained" in resource), `${where}: no contained resources (every resource is an entry)`);
    if (resource.resourceType === "Patient") {
      const item = resource as Patient;
      need(item.meta?.profile?.includes(PROFILES.patient), `${where}: mcode-cancer-patient`);
      need(item.identifier?.[0]?.system && item.identifier[0].value, `${where}: identifier.system and .value (US Core 1..1)`);
      need(item.name && item.name.length > 0 && item.name.every((name) => (name.family || name.given) !== undefined || name.extension?.some((extension) => extension.valueCode === "masked")), `${where}: name 1..* (masked)`);
      need(item.name?.every((name) => !name.family && !name.given && !name.text), `${where}: no name is exported`);
      need(item.gender, `${where}: gender 1..1`);
    } else if (resource.resourceType === "Condition") {
      const item = resource as Condition;
      need(profiles.includes(PROFILES.primaryCondition) || profiles.includes(PROFILES.secondaryCondition), `${where}: a cancer condition profile`);
      need(item.category?.some((category) => category.coding?.some((coding) => coding.code === "problem-list-item" || coding.code === "health-concern")), `${where}: US Core category problem-list-item or health-concern`);
      need(item.code?.coding?.length, `${where}: code 1..1`);
      toPatient(item.subject, where);
      if (profiles.includes(PROFILES.secondaryCondition)) {
        need(!item.stage, `${where}: secondary condition has no stage (NotUsed)`);
        need(item.extension?.some((extension) => extension.url === MCODE_EXTENSIONS.conditionRelated), `${where}: related primary cancer condition`);
      }
    } else if (resource.resourceType === "Observation") {
      const item = resource as Observation;
      need(item.status, `${where}: status 1..1`);
      need(item.code?.coding?.length, `${where}: code 1..1`);
      toPatient(item.subject, where);
      if (TNM_PROFILES.some((profile) => profiles.includes(profile))) {
        need(item.method, `${where}: method 1..1 (TNM)`);
        need(item.focus?.length === 1, `${where}: focus (the primary cancer condition)`);
        need(item.valueCodeableConcept, `${where}: value as a CodeableConcept`);
        need(item.category?.length, `${where}: US Core category 1..*`);
        const code = item.code?.coding?.find((coding) => coding.system === "http://loinc.org")?.code ?? "";
        const value = item.valueCodeableConcept?.coding?.find((coding) => coding.system === "http://cancerstaging.org")?.code ?? "";
        if (CLINICAL_TNM.has(code)) need(/^c[TNM]/.test(value), `${where}: a clinical category (${code}) has a cT/cN/cM value, not ${value}`);
        if (PATHOLOGY_TNM.has(code)) need(/^(p|yp)[TN]/.test(value), `${where}: a pathological category (${code}) has a pT/pN or ypT/ypN value, not ${value}`);
      } else if (profiles.includes(PROFILES.tumorMarker)) {
        need(item.category?.some((category) => category.coding?.some((coding) => coding.code === "laboratory")), `${where}: US Core Lab category laboratory`);
        need(item.effectiveDateTime, `${where}: effective[x] (dateTime)`);
        need([item.valueQuantity, item.valueRatio, item.valueString, item.valueCodeableConcept].filter(Boolean).length === 1, `${where}: value[x] 1..1 (Quantity, Ratio, string or CodeableConcept)`);
      } else if (profiles.includes(PROFILES.diseaseStatus)) {
        need(item.code?.coding?.some((coding) => coding.code === "97509-4"), `${where}: code LOINC 97509-4`);
        need(item.valueCodeableConcept, `${where}: value as a CodeableConcept`);
        need(!item.component && !item.specimen && !item.hasMember, `${where}: NotUsed elements absent`);
      } else problems.push(`${where}: an Observation without an mCODE profile`);
    } else if (resource.resourceType === "MedicationAdministration") {
      const item = resource as MedicationAdministration;
      need(profiles.includes(PROFILES.medicationAdministration), `${where}: mcode-cancer-related-medication-administration`);
      need(item.status, `${where}: status 1..1`);
      need(item.medicationCodeableConcept || item.medicationReference, `${where}: medication[x] 1..1`);
      toPatient(item.subject, where);
      need(item.effectivePeriod || item.effectiveDateTime, `${where}: effective[x] 1..1`);
      need(item.reasonCode || item.reasonReference, `${where}: mcode-reason-required`);
    } else if (resource.resourceType === "Procedure") {
      const item = resource as Procedure;
      need(profiles.includes(PROFILES.surgicalProcedure), `${where}: mcode-cancer-related-surgical-procedure`);
      need(item.status, `${where}: status 1..1`);
      need(item.code?.coding?.length, `${where}: code 1..1 (US Core)`);
      toPatient(item.subject, where);
      need(item.status !== "completed" || item.performedDateTime || item.performedPeriod, `${where}: performed[x] when completed (us-core-7)`);
      need(item.reasonCode || item.reasonReference, `${where}: mcode-reason-required`);
    } else if (resource.resourceType === "Specimen") {
      const item = resource as Specimen;
      need(profiles.includes(PROFILES.specimen), `${where}: mcode-human-specimen`);
      need(item.type, `${where}: type (US Core Specimen 1..1)`);
      toPatient(item.subject, where);
    } else problems.push(`${where}: unexpected resource type`);

    // Every date is synthetic: 1 July of the diagnosis year + the day the resource carries.
    if (typeof year === "number") {
      const json = JSON.stringify(resource);
      const dates = [...json.matchAll(/"(\d{4}-\d{2}-\d{2})"/g)].map((match) => match[1]);
      const days = [...json.matchAll(/"url":"http:\/\/her2-cohort-dashboard\.invalid\/fhir\/StructureDefinition\/days-since-diagnosis","valueInteger":(\d+)/g)].map((match) => Number(match[1]));
      for (const date of dates) need(days.some((day) => syntheticDate(year, day) === date), `${where}: date ${date} is not 1 July ${year} + a recorded day`);
    }
  }
  return problems;
}
