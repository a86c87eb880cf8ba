// The column lists of the three clinical tables, each column with the camelCase field it is
// read from, in the order the bulk writers send them: the seed and benchmark loaders
// (lib/demo/load-cohort.ts, scripts/bench/copy-cohort.ts) and the CSV import commit
// (lib/cases/commit-import.ts) build their rows with `toColumnValues`, so a new column is added
// here once.
import { DERIVED_COUNT_COLUMNS } from "../cases/derive-case";
import { SPECIMEN_READ_COLUMNS, SPECIMEN_READ_FIELDS } from "../cases/derive-specimen-reads";
import type { ColumnSpec } from "./bulk-insert";

export type FieldColumnSpec = ColumnSpec & { field: string };

function column(field: string, name: string, type: string, array = false): FieldColumnSpec {
  return array ? { field, column: name, type, array } : { field, column: name, type };
}

export const PATIENT_COLUMNS: FieldColumnSpec[] = [
  column("id", "id", "int4"),
  column("studyId", "study_id", "text"),
  column("siteId", "site_id", "int4"),
  column("diagnosisYear", "diagnosis_year", "int4"),
  column("ageAtDiagnosis", "age_at_diagnosis", "int4"),
  column("sex", "sex", '"Sex"'),
  column("menopausalStatus", "menopausal_status", '"MenopausalStatus"'),
  column("histologicType", "histologic_type", '"HistologicType"'),
  column("grade", "grade", "int4"),
  column("tumourSizeMm", "tumour_size_mm", "int4"),
  column("tCategory", "t_category", '"TCategory"'),
  column("nCategory", "n_category", '"NCategory"'),
  column("mCategory", "m_category", '"MCategory"'),
  column("stageGroup", "stage_group", '"StageGroup"'),
  column("erPercent", "er_percent", "int4"),
  column("prPercent", "pr_percent", "int4"),
  column("ki67Percent", "ki67_percent", "int4"),
  column("germlineBrca", "germline_brca", '"GermlineBrca"'),
  column("diseaseSetting", "disease_setting", '"DiseaseSetting"'),
  column("daysToMetastasis", "days_to_metastasis", "int4"),
  column("vitalStatus", "vital_status", '"VitalStatus"'),
  column("daysToDeath", "days_to_death", "int4"),
  column("daysToLastContact", "days_to_last_contact", "int4"),
  column("stagingBasis", "staging_basis", '"StagingBasis"'),
  column("ypTCategory", "yp_t_category", '"TCategory"'),
  column("ypNCategory", "yp_n_category", '"NCategory"'),
  column("rcbClass", "rcb_class", '"RcbClass"'),
  column("surgeryType", "surgery_type", '"SurgeryType"'),
  column("daysToSurgery", "days_to_surgery", "int4"),
  column("pathologicCompleteResponse", "pathologic_complete_response", "bool"),
  column("hrStatus", "hr_status", '"HrStatus"'),
  column("erLow", "er_low", "bool"),
  column("cohortLatest", "cohort_latest", '"Her2Category"'),
  column("cohortPrimary", "cohort_primary", '"Her2Category"'),
  column("cohortHighest", "cohort_highest", '"Her2Category"'),
  column("her2FirstCategory", "her2_first_category", '"Her2Category"'),
  column("her2LastCategory", "her2_last_category", '"Her2Category"'),
  column("her2MetastaticCategory", "her2_metastatic_category", '"Her2Category"'),
  column("her2PreNeoadjuvantCategory", "her2_pre_neoadjuvant_category", '"Her2Category"'),
  column("her2ResidualCategory", "her2_residual_category", '"Her2Category"'),
  column("evaluableTestCount", "evaluable_test_count", "int4"),
  column("updatedAt", "updated_at", "timestamp"),
  ...DERIVED_COUNT_COLUMNS.map(({ field, column: name, type }) => column(field, name, type)),
  column("metastaticLineStarts", "metastatic_line_starts", "int4", true),
  column("readPairCodes", "read_pair_codes", "int4", true),
];

/** Recurrence events (ids from the column's default: no other row refers to them). */
export const RECURRENCE_COLUMNS: FieldColumnSpec[] = [
  column("patientId", "patient_id", "int4"),
  column("kind", "kind", '"RecurrenceKind"'),
  column("day", "day", "int4"),
];

export const TEST_COLUMNS: FieldColumnSpec[] = [
  column("id", "id", "int4"),
  column("patientId", "patient_id", "int4"),
  column("specimen", "specimen", '"Specimen"'),
  column("specimenSite", "specimen_site", '"SpecimenSite"'),
  column("daysSinceDiagnosis", "days_since_diagnosis", "int4"),
  column("assay", "assay", '"Her2Assay"'),
  column("ihcScore", "ihc_score", '"IhcScore"'),
  column("ishRatio", "ish_ratio", "float8"),
  column("ishCopies", "ish_copies", "float8"),
  column("blockLabel", "block_label", "text"),
  column("readKind", "read_kind", '"ReadKind"'),
  column("reader", "reader", "text"),
  column("erbb2Mrna", "erbb2_mrna", "float8"),
  column("erbb2MrnaAssay", "erbb2_mrna_assay", '"MrnaAssay"'),
  column("erbb2MrnaUnit", "erbb2_mrna_unit", '"MrnaUnit"'),
  column("diaMembranePercent", "dia_membrane_percent", "float8"),
  column("diaHScore", "dia_h_score", "int4"),
  column("ishGroup", "ish_group", "int4"),
  column("category", "category", '"Her2Category"'),
  column("treatmentTiming", "treatment_timing", '"TreatmentTiming"'),
  column("residualDisease", "residual_disease", "bool"),
  ...SPECIMEN_READ_FIELDS.map((field) => column(field, SPECIMEN_READ_COLUMNS[field].column, SPECIMEN_READ_COLUMNS[field].type)),
  column("updatedAt", "updated_at", "timestamp"),
];

export const LINE_COLUMNS: FieldColumnSpec[] = [
  column("id", "id", "int4"),
  column("patientId", "patient_id", "int4"),
  column("setting", "setting", '"TreatmentSetting"'),
  column("lineNumber", "line_number", "int4"),
  column("regimenClass", "regimen_class", '"RegimenClass"'),
  column("agents", "agents", '"Agent"', true),
  column("startDay", "start_day", "int4"),
  column("endDay", "end_day", "int4"),
  column("bestResponse", "best_response", '"BestResponse"'),
  column("measurability", "measurability", '"Measurability"'),
  column("responseConfirmation", "response_confirmation", '"ResponseConfirmation"'),
  column("progressionDay", "progression_day", "int4"),
  column("her2AtStart", "her2_at_start", '"Her2Category"'),
  column("priorCdk46", "prior_cdk46", "bool"),
  column("updatedAt", "updated_at", "timestamp"),
];

/**
 * One row for a bulk insert or COPY, in `columns`' order, from a record holding every field
 * (a missing field is a programming error, not NULL: it throws, so a new column cannot be
 * silently left empty). Array columns travel as array literals (bulk-insert.ts).
 */
export function toColumnValues(columns: readonly FieldColumnSpec[], record: Readonly<Record<string, unknown>>, toArray: (values: readonly string[]) => string): unknown[] {
  return columns.map((spec) => {
    if (!(spec.field in record)) throw new Error(`No value for column ${spec.column} (field ${spec.field})`);
    const value = record[spec.field];
    return spec.array && Array.isArray(value) ? toArray(value as string[]) : value;
  });
}
