/**
 * The columns of the three CSV files (import template, import validation, export), derived from
 * the same zod schemas the case form and the server use: a field's type, whether it is required,
 * its range and its allowed codes all come from the schema (z.toJSONSchema), so the template,
 * the data dictionary and the validation cannot drift apart. Pure.
 */
import { z } from "zod";
import { HER2_TEST_FIELDS, Her2TestInputSchema, PatientFieldsSchema, RecurrenceInputSchema, TreatmentLineInputSchema } from "./schemas";

/** The files of a case that the interoperability formats (REDCap, ODM, FHIR) map field by field. */
export const CSV_FILES = ["patients", "her2_tests", "treatment_lines"] as const;
export type CsvFile = (typeof CSV_FILES)[number];

/**
 * Every file of the CSV import and the analysis export: the three above and the recurrence
 * events of early disease (issue 14 §1), one row per event.
 */
export const CASE_FILES = [...CSV_FILES, "recurrence_events"] as const;
export type CaseFile = (typeof CASE_FILES)[number];

export const CSV_FILE_NAMES: Readonly<Record<CaseFile, string>> = {
  patients: "patients.csv",
  her2_tests: "her2_tests.csv",
  treatment_lines: "treatment_lines.csv",
  recurrence_events: "recurrence_events.csv",
};

export type CsvColumnKind = "integer" | "number" | "code" | "codes" | "text";

export type CsvColumn = {
  column: string;
  /** The schema field (camelCase), or a key column's own name. */
  field: string;
  kind: CsvColumnKind;
  /** The column must be in the header, and the cell must not be empty. */
  required: boolean;
  /** An empty cell takes the schema's default (e.g. sex FEMALE, read kind LOCAL). */
  defaulted?: boolean;
  description: string;
  codes?: readonly string[];
  minimum?: number;
  maximum?: number;
  /** key: identifies the row; entered: a case field; export-only: written by exports, ignored on import. */
  role: "key" | "entered" | "export-only";
};

type JsonProperty = {
  type?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  description?: string;
  anyOf?: JsonProperty[];
  items?: JsonProperty;
  default?: unknown;
};

// Descriptions for fields whose schema comes from lib/her2 without one.
const EXTRA_DESCRIPTIONS: Readonly<Record<string, string>> = {
  ihcScore: "HER2 IHC score; empty when no IHC was done.",
  ishRatio: "Dual-probe ISH HER2/CEP17 ratio; empty when no ISH. Enter with ish_copies or not at all.",
  ishCopies: "Dual-probe ISH mean HER2 copies per cell; empty when no ISH. Enter with ish_ratio or not at all.",
};

export function toSnakeCase(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2").toLowerCase();
}

function entered(schema: z.ZodType): CsvColumn[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties: Record<string, JsonProperty>; required?: string[] };
  const requiredFields = new Set(json.required ?? []);
  return Object.entries(json.properties).map(([field, property]) => {
    const variants = property.anyOf ?? [property];
    const nullable = variants.some((variant) => variant.type === "null");
    const value = variants.find((variant) => variant.type !== "null") ?? property;
    const kind: CsvColumnKind =
      value.type === "integer" ? "integer" : value.type === "number" ? "number" : value.type === "array" ? "codes" : value.enum ? "code" : "text";
    const codes = value.enum ?? value.items?.enum;
    const maximum = value.maximum !== undefined && value.maximum < 1e9 ? value.maximum : undefined;
    return {
      column: toSnakeCase(field),
      field,
      kind,
      required: requiredFields.has(field) && !nullable && !("default" in property),
      ...(property.default !== undefined && property.default !== null ? { defaulted: true } : {}),
      description: property.description ?? EXTRA_DESCRIPTIONS[field] ?? "",
      ...(codes ? { codes } : {}),
      ...(value.minimum !== undefined ? { minimum: value.minimum } : {}),
      ...(maximum !== undefined ? { maximum } : {}),
      role: "entered" as const,
    };
  });
}

const studyIdColumn: CsvColumn = {
  column: "study_id",
  field: "studyId",
  kind: "text",
  required: true,
  description: "Study ID of the patient (the study's format, e.g. HER2-01-0042). In her2_tests.csv and treatment_lines.csv it names a patient of patients.csv.",
  role: "key",
};

function versionColumn(what: string): CsvColumn {
  return {
    column: "version",
    field: "version",
    kind: "integer",
    required: false,
    description: `"Update existing" mode only: the version of the ${what} as exported; the row is refused if it changed since.`,
    minimum: 1,
    role: "key",
  };
}

function exportOnly(column: string, kind: CsvColumnKind, description: string, codes?: readonly string[]): CsvColumn {
  return { column, field: column, kind, required: false, description, role: "export-only", ...(codes ? { codes } : {}) };
}

const HER2_CATEGORY_CODES = ["POSITIVE", "LOW", "ULTRALOW", "ZERO", "ZERO_NOS", "EQUIVOCAL", "INDETERMINATE"] as const;
const TREATMENT_TIMING_CODES = ["NO_NEOADJUVANT", "BEFORE_NEOADJUVANT", "DURING_NEOADJUVANT", "AFTER_NEOADJUVANT"] as const;

export const CSV_COLUMNS: Readonly<Record<CaseFile, readonly CsvColumn[]>> = {
  patients: [
    exportOnly("patient_id", "integer", "Database id of the patient (export only; joins the other files)."),
    studyIdColumn,
    {
      column: "site_code",
      field: "siteCode",
      kind: "text",
      required: false,
      description: "Code of the enrolling site (e.g. 01). Required for administrators; coordinators may leave it empty (their own site) and cannot name another.",
      role: "key",
    },
    versionColumn("patient"),
    ...entered(PatientFieldsSchema),
    exportOnly("hr_status", "code", "Derived: HR status (POSITIVE if ER or PR ≥ 1 %).", ["POSITIVE", "NEGATIVE"]),
    exportOnly("er_low", "text", "Derived: ER 1-10 % (true/false)."),
    exportOnly("cohort_latest", "code", "Derived: HER2 cohort under the latest-test rule; empty = unclassified.", HER2_CATEGORY_CODES),
    exportOnly("cohort_primary", "code", "Derived: HER2 cohort under the primary-tumour rule; empty = unclassified.", HER2_CATEGORY_CODES),
    exportOnly("cohort_highest", "code", "Derived: HER2 cohort under the highest-expression rule; empty = unclassified.", HER2_CATEGORY_CODES),
    exportOnly("her2_first_category", "code", "Derived: first evaluable HER2 category (two or more evaluable tests).", HER2_CATEGORY_CODES),
    exportOnly("her2_last_category", "code", "Derived: last evaluable HER2 category (two or more evaluable tests).", HER2_CATEGORY_CODES),
    exportOnly("her2_metastatic_category", "code", "Derived: latest evaluable metastatic HER2 category.", HER2_CATEGORY_CODES),
    exportOnly("her2_pre_neoadjuvant_category", "code", "Derived: HER2 category of the primary tumour before neoadjuvant therapy (patients treated before surgery).", HER2_CATEGORY_CODES),
    exportOnly("her2_residual_category", "code", "Derived: HER2 category of the residual tumour at surgery after neoadjuvant therapy.", HER2_CATEGORY_CODES),
    exportOnly("pathologic_complete_response", "text", "Derived: pathological complete response (true = ypT0/Tis ypN0); empty unless ypT and ypN are known."),
    exportOnly("evaluable_test_count", "integer", "Derived: number of specimens with an evaluable HER2 call (re-reads of one block count once)."),
  ],
  her2_tests: [
    {
      column: "test_id",
      field: "id",
      kind: "integer",
      required: false,
      description: '"Update existing" mode: id of the stored test to change (from an export); empty adds a new test.',
      minimum: 1,
      role: "key",
    },
    exportOnly("patient_id", "integer", "Database id of the patient (export only)."),
    studyIdColumn,
    versionColumn("test"),
    ...entered(Her2TestInputSchema).sort(
      (a, b) => HER2_TEST_FIELDS.indexOf(a.field as (typeof HER2_TEST_FIELDS)[number]) - HER2_TEST_FIELDS.indexOf(b.field as (typeof HER2_TEST_FIELDS)[number]),
    ),
    exportOnly("ish_group", "integer", "Derived: ASCO/CAP 2018 ISH group 1-5."),
    exportOnly("category", "code", "Derived: HER2 category of the test.", HER2_CATEGORY_CODES),
    exportOnly("treatment_timing", "code", "Derived: when the specimen was taken relative to the patient's neoadjuvant therapy.", TREATMENT_TIMING_CODES),
    exportOnly("residual_disease", "text", "Derived: true for the residual tumour at surgery (a primary surgical specimen after neoadjuvant therapy)."),
  ],
  treatment_lines: [
    {
      column: "line_id",
      field: "id",
      kind: "integer",
      required: false,
      description: '"Update existing" mode: id of the stored line to change (from an export); empty adds a new line.',
      minimum: 1,
      role: "key",
    },
    exportOnly("patient_id", "integer", "Database id of the patient (export only)."),
    studyIdColumn,
    versionColumn("line"),
    ...entered(TreatmentLineInputSchema),
    exportOnly("her2_at_start", "code", "Derived: HER2 status known at the line's start (the latest evaluable specimen on or before it); line-based endpoints group by it. Empty = unknown.", HER2_CATEGORY_CODES),
  ],
  recurrence_events: [
    exportOnly("patient_id", "integer", "Database id of the patient (export only)."),
    studyIdColumn,
    ...entered(RecurrenceInputSchema),
  ],
};

/** The columns an import file may have (export-only columns are accepted and ignored). */
export function importColumns(file: CaseFile): readonly CsvColumn[] {
  return CSV_COLUMNS[file];
}

/** The columns of the import template: keys and entered fields, in order. */
export function templateColumns(file: CaseFile): readonly CsvColumn[] {
  return CSV_COLUMNS[file].filter((column) => column.role !== "export-only");
}

/** Separator of several codes in one cell (agents). */
export const CODES_SEPARATOR = ";";
