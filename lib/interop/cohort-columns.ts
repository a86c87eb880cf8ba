// The four clinical tables' columns as the interoperability exports read them through
// postgres.js (read-cohort-cursor.ts): each Prisma field with its column, so that a row comes
// back with Prisma's field names, in Prisma's order, with Prisma's values: a timestamp column is
// read as UTC (Prisma stores DateTime without a zone, in UTC; postgres.js would parse it in the
// process's zone) and an enum array as text[] (postgres.js knows no enum array type; an integer
// array it parses itself, so that one is read as it is). The types
// make the lists complete: a field added to the Prisma schema and not here fails the type check,
// and a DateTime or list field must be declared as one. Pure.
import type { Her2Test, Patient, RecurrenceEvent, TreatmentLine } from "../generated/prisma/client";

type ColumnOf<Value> = [Value] extends [Date | null]
  ? { timestamp: string }
  : [Value] extends [readonly number[]]
    ? { intArray: string }
    : [Value] extends [readonly unknown[]]
      ? { array: string }
      : string;
export type ColumnMap<Model> = { [Field in keyof Model]-?: ColumnOf<Model[Field]> };

export const PATIENT_FIELDS: ColumnMap<Patient> = {
  id: "id",
  studyId: "study_id",
  siteId: "site_id",
  diagnosisYear: "diagnosis_year",
  ageAtDiagnosis: "age_at_diagnosis",
  sex: "sex",
  menopausalStatus: "menopausal_status",
  histologicType: "histologic_type",
  grade: "grade",
  tumourSizeMm: "tumour_size_mm",
  tCategory: "t_category",
  nCategory: "n_category",
  mCategory: "m_category",
  stageGroup: "stage_group",
  erPercent: "er_percent",
  prPercent: "pr_percent",
  ki67Percent: "ki67_percent",
  germlineBrca: "germline_brca",
  diseaseSetting: "disease_setting",
  daysToMetastasis: "days_to_metastasis",
  vitalStatus: "vital_status",
  daysToDeath: "days_to_death",
  daysToLastContact: "days_to_last_contact",
  stagingBasis: "staging_basis",
  ypTCategory: "yp_t_category",
  ypNCategory: "yp_n_category",
  rcbClass: "rcb_class",
  surgeryType: "surgery_type",
  daysToSurgery: "days_to_surgery",
  hrStatus: "hr_status",
  erLow: "er_low",
  cohortLatest: "cohort_latest",
  cohortPrimary: "cohort_primary",
  cohortHighest: "cohort_highest",
  her2FirstCategory: "her2_first_category",
  her2LastCategory: "her2_last_category",
  her2MetastaticCategory: "her2_metastatic_category",
  osKey: "os_key",
  subgroupCode: "subgroup_code",
  her2PreNeoadjuvantCategory: "her2_pre_neoadjuvant_category",
  her2ResidualCategory: "her2_residual_category",
  pathologicCompleteResponse: "pathologic_complete_response",
  firstIdfsRecurrenceDay: "first_idfs_recurrence_day",
  firstDistantRecurrenceDay: "first_distant_recurrence_day",
  evaluableTestCount: "evaluable_test_count",
  ventanaZeroTests: "ventana_zero_tests",
  ventanaUltralowTests: "ventana_ultralow_tests",
  ventanaLowTests: "ventana_low_tests",
  herceptestZeroTests: "herceptest_zero_tests",
  herceptestUltralowTests: "herceptest_ultralow_tests",
  herceptestLowTests: "herceptest_low_tests",
  otherAssayZeroTests: "other_assay_zero_tests",
  otherAssayUltralowTests: "other_assay_ultralow_tests",
  otherAssayLowTests: "other_assay_low_tests",
  ventanaNosTests: "ventana_nos_tests",
  herceptestNosTests: "herceptest_nos_tests",
  otherAssayNosTests: "other_assay_nos_tests",
  metastaticLine1Regimens: "metastatic_line1_regimens",
  metastaticLine2Regimens: "metastatic_line2_regimens",
  metastaticLine3Regimens: "metastatic_line3_regimens",
  metastaticLine4PlusRegimens: "metastatic_line4plus_regimens",
  metastaticLineStarts: { intArray: "metastatic_line_starts" },
  readPairCodes: { intArray: "read_pair_codes" },
  version: "version",
  deletedAt: { timestamp: "deleted_at" },
  createdAt: { timestamp: "created_at" },
  updatedAt: { timestamp: "updated_at" },
};

export const TEST_FIELDS: ColumnMap<Her2Test> = {
  id: "id",
  patientId: "patient_id",
  specimen: "specimen",
  specimenSite: "specimen_site",
  daysSinceDiagnosis: "days_since_diagnosis",
  assay: "assay",
  ihcScore: "ihc_score",
  ishRatio: "ish_ratio",
  ishCopies: "ish_copies",
  blockLabel: "block_label",
  readKind: "read_kind",
  reader: "reader",
  erbb2Mrna: "erbb2_mrna",
  erbb2MrnaAssay: "erbb2_mrna_assay",
  erbb2MrnaUnit: "erbb2_mrna_unit",
  diaMembranePercent: "dia_membrane_percent",
  diaHScore: "dia_h_score",
  ishGroup: "ish_group",
  category: "category",
  treatmentTiming: "treatment_timing",
  residualDisease: "residual_disease",
  readBScore: "read_b_score",
  readBCategory: "read_b_category",
  readCScore: "read_c_score",
  readCCategory: "read_c_category",
  centralScore: "central_score",
  centralCategory: "central_category",
  herceptestScore: "herceptest_score",
  herceptestCategory: "herceptest_category",
  version: "version",
  deletedAt: { timestamp: "deleted_at" },
  createdAt: { timestamp: "created_at" },
  updatedAt: { timestamp: "updated_at" },
};

export const LINE_FIELDS: ColumnMap<TreatmentLine> = {
  id: "id",
  patientId: "patient_id",
  setting: "setting",
  lineNumber: "line_number",
  regimenClass: "regimen_class",
  agents: { array: "agents" },
  startDay: "start_day",
  endDay: "end_day",
  bestResponse: "best_response",
  measurability: "measurability",
  responseConfirmation: "response_confirmation",
  progressionDay: "progression_day",
  her2AtStart: "her2_at_start",
  priorCdk46: "prior_cdk46",
  version: "version",
  deletedAt: { timestamp: "deleted_at" },
  createdAt: { timestamp: "created_at" },
  updatedAt: { timestamp: "updated_at" },
};

export const EVENT_FIELDS: ColumnMap<RecurrenceEvent> = {
  id: "id",
  patientId: "patient_id",
  kind: "kind",
  day: "day",
};

/** `alias.column AS "field"` for every field, in the map's (Prisma's) order. */
export function selectList<Model>(fields: ColumnMap<Model>, alias: string): string {
  return Object.entries(fields as Record<string, string | { timestamp: string } | { array: string } | { intArray: string }>)
    .map(([field, column]) => {
      if (typeof column === "string") return `${alias}.${column} AS "${field}"`;
      if ("timestamp" in column) return `${alias}.${column.timestamp} AT TIME ZONE 'UTC' AS "${field}"`;
      if ("intArray" in column) return `${alias}.${column.intArray} AS "${field}"`;
      return `${alias}.${column.array}::text[] AS "${field}"`;
    })
    .join(", ");
}
