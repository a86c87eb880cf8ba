/**
 * The codes the mCODE export uses, in one place, each with where it comes from: LOINC and
 * SNOMED CT codes named by mCODE STU4 (its value sets and examples, HL7/fhir-mCODE-ig) or by the
 * issue that asked for the export; ICD-10-CM codes from mCODE's cancer disorder value sets; AJCC
 * categories in the AJCC code system (cancerstaging.org), which mCODE's "max" value sets allow.
 * Where no code is certain, only text is sent (a wrong code is worse than none). Pure.
 */
import type { CodeableConcept, Coding } from "@medplum/fhirtypes";

export const LOINC = "http://loinc.org";
export const SNOMED = "http://snomed.info/sct";
export const ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
export const AJCC = "http://cancerstaging.org";
export const UCUM = "http://unitsofmeasure.org";
export const OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
export const CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
export const CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
export const CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
export const DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
export const V2_SPECIMEN_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0487";

export const MCODE = "http://hl7.org/fhir/us/mcode/StructureDefinition";
export const PROFILES = {
  bundle: `${MCODE}/mcode-patient-bundle`,
  patient: `${MCODE}/mcode-cancer-patient`,
  primaryCondition: `${MCODE}/mcode-primary-cancer-condition`,
  secondaryCondition: `${MCODE}/mcode-secondary-cancer-condition`,
  tnmPrimaryTumor: `${MCODE}/mcode-tnm-primary-tumor-category`,
  tnmRegionalNodes: `${MCODE}/mcode-tnm-regional-nodes-category`,
  tnmDistantMetastases: `${MCODE}/mcode-tnm-distant-metastases-category`,
  tnmStageGroup: `${MCODE}/mcode-tnm-stage-group`,
  tumorMarker: `${MCODE}/mcode-tumor-marker-test`,
  specimen: `${MCODE}/mcode-human-specimen`,
  medicationAdministration: `${MCODE}/mcode-cancer-related-medication-administration`,
  diseaseStatus: `${MCODE}/mcode-cancer-disease-status`,
  surgicalProcedure: `${MCODE}/mcode-cancer-related-surgical-procedure`,
} as const;

export const MCODE_EXTENSIONS = {
  histologyMorphologyBehavior: `${MCODE}/mcode-histology-morphology-behavior`,
  relatedCondition: `${MCODE}/mcode-related-condition`,
  treatmentIntent: `${MCODE}/mcode-procedure-intent`,
  conditionRelated: "http://hl7.org/fhir/StructureDefinition/condition-related",
} as const;

/**
 * The app's own extensions and code systems (docs/interoperability.md §FHIR): `.invalid` is
 * reserved (RFC 2606), so these URLs can never name someone else's definitions.
 */
export const LOCAL = "http://her2-cohort-dashboard.invalid/fhir";
export const LOCAL_EXTENSIONS = {
  daysSinceDiagnosis: `${LOCAL}/StructureDefinition/days-since-diagnosis`,
  syntheticDates: `${LOCAL}/StructureDefinition/synthetic-dates`,
  diagnosisYear: `${LOCAL}/StructureDefinition/diagnosis-year`,
  ageAtDiagnosis: `${LOCAL}/StructureDefinition/age-at-diagnosis`,
  daysToLastContact: `${LOCAL}/StructureDefinition/days-to-last-contact`,
  site: `${LOCAL}/StructureDefinition/site`,
  treatmentLine: `${LOCAL}/StructureDefinition/treatment-line`,
  her2Category: `${LOCAL}/StructureDefinition/her2-category`,
} as const;
export const LOCAL_SYSTEMS = {
  studyId: `${LOCAL}/NamingSystem/study-id`,
  agent: `${LOCAL}/CodeSystem/agent`,
  regimenClass: `${LOCAL}/CodeSystem/regimen-class`,
  treatmentSetting: `${LOCAL}/CodeSystem/treatment-setting`,
  her2Category: `${LOCAL}/CodeSystem/her2-category`,
  ihcScore: `${LOCAL}/CodeSystem/ihc-score`,
  assay: `${LOCAL}/CodeSystem/her2-assay`,
  specimen: `${LOCAL}/CodeSystem/specimen`,
  specimenSite: `${LOCAL}/CodeSystem/specimen-site`,
  bestResponse: `${LOCAL}/CodeSystem/best-response`,
  measurability: `${LOCAL}/CodeSystem/measurability`,
  responseConfirmation: `${LOCAL}/CodeSystem/response-confirmation`,
  recurrenceKind: `${LOCAL}/CodeSystem/recurrence-kind`,
  surgeryType: `${LOCAL}/CodeSystem/surgery-type`,
} as const;

export const coding = (system: string, code: string, display?: string): Coding => (display === undefined ? { system, code } : { system, code, display });
export const concept = (codings: Coding[], text?: string): CodeableConcept => (text === undefined ? { coding: codings } : { coding: codings, text });

// Tumour markers (mCODE TumorMarkerTestVS; the list).
export const MARKER_CODES = {
  her2Ihc: coding(LOINC, "85319-2", "HER2 [Presence] in Breast cancer specimen by Immune stain"),
  her2IshRatio: coding(LOINC, "49683-6", "ERBB2 gene copy number/Chromosome 17 copy number in Tissue by FISH"),
  her2IshCopies: coding(LOINC, "74860-8", "ERBB2 gene copy number/nucleus in Tissue by FISH"),
  her2Interpretation: coding(LOINC, "48676-1", "HER2 [Interpretation] in Tissue"),
  erPresence: coding(LOINC, "85337-4", "Estrogen receptor Ag [Presence] in Breast cancer specimen by Immune stain"),
  erPercent: coding(LOINC, "85329-1", "Cells.estrogen receptor/100 cells in Breast cancer specimen by Immune stain"),
  prPresence: coding(LOINC, "85339-0", "Progesterone receptor Ag [Presence] in Breast cancer specimen by Immune stain"),
  prPercent: coding(LOINC, "85325-9", "Cells.progesterone receptor/100 cells in Breast cancer specimen by Immune stain"),
  ki67: coding(LOINC, "29593-1", "Cells.Ki-67 nuclear Ag/100 cells in Tissue by Immune stain"),
} as const;

export const POSITIVE = coding(LOINC, "LA6576-8", "Positive");
export const NEGATIVE = coding(LOINC, "LA6577-6", "Negative");
export const EQUIVOCAL = coding(LOINC, "LA4259-3", "Equivocal");
export const INDETERMINATE = coding(LOINC, "LA11884-6", "Indeterminate");

/** IHC score → LOINC answer of 85319-2. Every IHC 0 (null, ultralow, not specified) is LOINC's "0". */
export function ihcAnswer(score: string): Coding | null {
  if (score.startsWith("IHC_0")) return coding(LOINC, "LA6111-4", "0");
  switch (score) {
    case "IHC_1":
      return coding(LOINC, "LA11841-6", "1+");
    case "IHC_2":
      return coding(LOINC, "LA11842-4", "2+");
    case "IHC_3":
      return coding(LOINC, "LA11843-2", "3+");
    default:
      return null;
  }
}

/**
 * HER2 category → value of 48676-1. HER2-low and HER2-ultralow have their own SNOMED CT
 * concepts; HER2-null and HER2-0 not specified are HER2-negative with no finer concept.
 */
export function her2InterpretationOf(category: string): Coding {
  switch (category) {
    case "POSITIVE":
      return POSITIVE;
    case "LOW":
      return coding(SNOMED, "1381317004", "Human epidermal growth factor receptor 2 low");
    case "ULTRALOW":
      return coding(SNOMED, "1381318009", "Human epidermal growth factor receptor 2 ultralow");
    case "EQUIVOCAL":
      return EQUIVOCAL;
    case "INDETERMINATE":
      return INDETERMINATE;
    default:
      // ZERO (HER2-null), ZERO_NOS (HER2-0 not specified) and any future negative category.
      return NEGATIVE;
  }
}

// TNM (mCODE TNM*StagingTypeMaxVS: the LOINC clinical and pathology codes; values in the AJCC
// code system). mCODE STU4 has one profile per category for every kind of staging: the code says
// clinical or pathological, and the value carries the AJCC prefix (cT2, pT2, ypT0), as the IG
// recommends ("Prefixed with a staging classification abbreviation", group-disease.md).
export const TNM_CODES = {
  t: coding(LOINC, "21905-5", "Primary tumor.clinical [Class] Cancer"),
  n: coding(LOINC, "21906-3", "Regional lymph nodes.clinical [Class] Cancer"),
  m: coding(LOINC, "21907-1", "Distant metastases.clinical [Class] Cancer"),
  stage: coding(LOINC, "21908-9", "Stage group.clinical Cancer"),
} as const;
export const TNM_PATHOLOGY_CODES = {
  t: coding(LOINC, "21899-0", "Primary tumor.pathology Cancer"),
  n: coding(LOINC, "21900-6", "Regional lymph nodes.pathology [Class] Cancer"),
  stage: coding(LOINC, "21902-2", "Stage group.pathology Cancer"),
} as const;

/** The AJCC classification prefix: clinical, pathological (surgery first), or after neoadjuvant therapy. */
export type AjccPrefix = "c" | "p" | "yp";

/** T1 → cT1, TIS → cTis, NX → cNX (or pT1, ypT0, ypN0 with another prefix): AJCC category codes. */
export function ajccCategory(code: string, prefix: AjccPrefix = "c"): Coding {
  const value = `${prefix}${code.charAt(0)}${code.slice(1).replace("IS", "is")}`;
  return coding(AJCC, value, value);
}

const STAGE_NUMERALS: Readonly<Record<string, [string, string]>> = { STAGE_0: ["0", "0"], STAGE_I: ["1", "I"], STAGE_II: ["2", "II"], STAGE_III: ["3", "III"], STAGE_IV: ["4", "IV"] };

/** STAGE_III → AJCC "3" ("III"), as mCODE's examples write stage groups (cancerstaging.org#3C "IIIC"). */
export function ajccStageGroup(stage: string): Coding | null {
  const numeral = STAGE_NUMERALS[stage];
  return numeral ? coding(AJCC, numeral[0], numeral[1]) : null;
}

/** The AJCC edition in force in the diagnosis year (mCODE TNMStagingMethodVS); before 2003, text only. */
export function ajccEditionOf(diagnosisYear: number): CodeableConcept {
  if (diagnosisYear >= 2018) return concept([coding(SNOMED, "897275008", "American Joint Commission on Cancer, Cancer Staging Manual, 8th edition neoplasm staging system (tumor staging)")]);
  if (diagnosisYear >= 2010) return concept([coding(SNOMED, "443830009", "American Joint Commission on Cancer, Cancer Staging Manual, 7th edition neoplasm staging system (tumor staging)")]);
  if (diagnosisYear >= 2003) return concept([coding(SNOMED, "444256004", "American Joint Commission on Cancer, Cancer Staging Manual, 6th edition neoplasm staging system (tumor staging)")]);
  return { text: "AJCC staging (edition before the 6th)" };
}

// Conditions (mCODE PrimaryCancerDisorderVS / SecondaryCancerDisorderVS, ICD-10-CM).
export const PRIMARY_BREAST_CANCER = {
  FEMALE: coding(ICD10CM, "C50.919", "Malignant neoplasm of unspecified site of unspecified female breast"),
  MALE: coding(ICD10CM, "C50.929", "Malignant neoplasm of unspecified site of unspecified male breast"),
} as const;
export const SECONDARY_UNSPECIFIED = coding(ICD10CM, "C79.9", "Secondary malignant neoplasm of unspecified site");
/** A second primary cancer of a site the app does not record (mCODE PrimaryMalignantNeoplasmDisorderVS: SNOMED is-a 363346000). */
export const MALIGNANT_NEOPLASM = coding(SNOMED, "363346000", "Malignant neoplastic disease (disorder)");

// Breast surgery (mCODE CancerRelatedSurgicalProcedureVS: SNOMED descendants of 387713003). The
// IG's own example codes partial mastectomy as 64368001; mastectomy is 69031006.
export const SURGERY_CODES: Readonly<Record<string, Coding>> = {
  BREAST_CONSERVING: coding(SNOMED, "64368001", "Excision of part of breast (procedure)"),
  MASTECTOMY: coding(SNOMED, "69031006", "Excision of breast tissue (procedure)"),
};
export const INFILTRATING_DUCT_CARCINOMA = coding(SNOMED, "82711006", "Infiltrating duct carcinoma (morphologic abnormality)");

// Disease status (mCODE ConditionStatusTrendVS) and intent (mCODE examples).
export const DISEASE_STATUS_CODE = coding(LOINC, "97509-4", "Cancer Disease Progression");
export const STATUS_TREND = {
  improved: coding(SNOMED, "268910001", "Patient's condition improved (finding)"),
  stable: coding(SNOMED, "359746009", "Patient's condition stable (finding)"),
  worsened: coding(SNOMED, "271299001", "Patient's condition worsened (finding)"),
  undetermined: coding(SNOMED, "709137006", "Patient condition undetermined (finding)"),
} as const;
export const INTENT = {
  curative: coding(SNOMED, "373808002", "Curative - procedure intent"),
  palliative: coding(SNOMED, "363676003", "Palliative - procedure intent"),
} as const;

/** RECIST best overall response → the trend mCODE records (CR and PR improved, SD stable, PD worse). */
export function trendOfResponse(response: string): Coding {
  switch (response) {
    case "CR":
    case "PR":
      return STATUS_TREND.improved;
    case "SD":
      return STATUS_TREND.stable;
    case "PD":
      return STATUS_TREND.worsened;
    default:
      return STATUS_TREND.undetermined;
  }
}
