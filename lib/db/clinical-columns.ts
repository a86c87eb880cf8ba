// The column lists of the three clinical tables in the order the bulk writers send them: the
// seed and benchmark loaders (lib/demo/load-cohort.ts, scripts/bench/copy-cohort.ts) and the CSV
// import commit (lib/cases/commit-import.ts) share them, so a new column is added once.
import { DERIVED_COUNT_COLUMNS } from "../cases/derive-case";
import type { ColumnSpec } from "./bulk-insert";

export const PATIENT_COLUMNS: ColumnSpec[] = [
  { column: "id", type: "int4" },
  { column: "study_id", type: "text" },
  { column: "site_id", type: "int4" },
  { column: "diagnosis_year", type: "int4" },
  { column: "age_at_diagnosis", type: "int4" },
  { column: "sex", type: '"Sex"' },
  { column: "menopausal_status", type: '"MenopausalStatus"' },
  { column: "histologic_type", type: '"HistologicType"' },
  { column: "grade", type: "int4" },
  { column: "tumour_size_mm", type: "int4" },
  { column: "t_category", type: '"TCategory"' },
  { column: "n_category", type: '"NCategory"' },
  { column: "m_category", type: '"MCategory"' },
  { column: "stage_group", type: '"StageGroup"' },
  { column: "er_percent", type: "int4" },
  { column: "pr_percent", type: "int4" },
  { column: "ki67_percent", type: "int4" },
  { column: "germline_brca", type: '"GermlineBrca"' },
  { column: "disease_setting", type: '"DiseaseSetting"' },
  { column: "days_to_metastasis", type: "int4" },
  { column: "vital_status", type: '"VitalStatus"' },
  { column: "days_to_death", type: "int4" },
  { column: "days_to_last_contact", type: "int4" },
  { column: "hr_status", type: '"HrStatus"' },
  { column: "er_low", type: "bool" },
  { column: "cohort_latest", type: '"Her2Category"' },
  { column: "cohort_primary", type: '"Her2Category"' },
  { column: "cohort_highest", type: '"Her2Category"' },
  { column: "her2_first_category", type: '"Her2Category"' },
  { column: "her2_last_category", type: '"Her2Category"' },
  { column: "her2_metastatic_category", type: '"Her2Category"' },
  { column: "evaluable_test_count", type: "int4" },
  { column: "updated_at", type: "timestamp" },
  ...DERIVED_COUNT_COLUMNS.map(({ column, type }) => ({ column, type })),
];

export const TEST_COLUMNS: ColumnSpec[] = [
  { column: "id", type: "int4" },
  { column: "patient_id", type: "int4" },
  { column: "specimen", type: '"Specimen"' },
  { column: "specimen_site", type: '"SpecimenSite"' },
  { column: "days_since_diagnosis", type: "int4" },
  { column: "assay", type: '"Her2Assay"' },
  { column: "ihc_score", type: '"IhcScore"' },
  { column: "ish_ratio", type: "float8" },
  { column: "ish_copies", type: "float8" },
  { column: "ish_group", type: "int4" },
  { column: "category", type: '"Her2Category"' },
  { column: "updated_at", type: "timestamp" },
];

export const LINE_COLUMNS: ColumnSpec[] = [
  { column: "id", type: "int4" },
  { column: "patient_id", type: "int4" },
  { column: "setting", type: '"TreatmentSetting"' },
  { column: "line_number", type: "int4" },
  { column: "regimen_class", type: '"RegimenClass"' },
  { column: "agents", type: '"Agent"', array: true },
  { column: "start_day", type: "int4" },
  { column: "end_day", type: "int4" },
  { column: "best_response", type: '"BestResponse"' },
  { column: "progression_day", type: "int4" },
  { column: "updated_at", type: "timestamp" },
];
