/**
 * The app's fields as the interoperability formats see them (REDCap mapping, the example REDCap
 * project, ODM metadata, the mCODE coverage table): every column of the four case files
 * (patients, HER2 tests, treatment lines, recurrence events; lib/cases/csv-columns.ts, itself
 * generated from the case schemas) with its label (field-labels.ts) and the labels of its codes
 * (coded-values.ts, lib/her2). A field added to the case schemas appears here without any edit;
 * only a new set of code labels needs one line in CODE_LABEL_SETS. Pure.
 */
import { CASE_FILES, CSV_COLUMNS, type CaseFile, type CsvColumn } from "../cases/csv-columns";
import {
  Agent,
  BEST_RESPONSE_LABELS,
  DISEASE_SETTING_LABELS,
  GERMLINE_BRCA_LABELS,
  HER2_ASSAY_LABELS,
  HISTOLOGIC_TYPE_LABELS,
  MENOPAUSAL_STATUS_LABELS,
  M_CATEGORY_LABELS,
  N_CATEGORY_LABELS,
  MEASURABILITY_LABELS,
  RCB_CLASS_LABELS,
  RECURRENCE_KIND_LABELS,
  REGIMEN_CLASS_LABELS,
  RESPONSE_CONFIRMATION_LABELS,
  SEX_LABELS,
  SPECIMEN_LABELS,
  SPECIMEN_SITE_LABELS,
  STAGE_GROUP_LABELS,
  STAGING_BASIS_LABELS,
  SURGERY_TYPE_LABELS,
  TREATMENT_SETTING_LABELS,
  T_CATEGORY_LABELS,
  VITAL_STATUS_LABELS,
  formatAgent,
} from "../cases/coded-values";
import { labelOfField } from "../cases/field-labels";
import { MAX_DAY } from "../cases/schemas";
import { HER2_CATEGORY_LABELS, IHC_SCORE_LABELS } from "../her2/classify";

type CodeLabels = Readonly<Record<string, string>>;

const AGENT_LABELS: CodeLabels = Object.fromEntries(Object.values(Agent).map((agent) => [agent, formatAgent(agent)]));

// Every set of code labels the app has. A column's codes are matched to the set that holds all
// of them, so no column is named here.
const CODE_LABEL_SETS: readonly CodeLabels[] = [
  SEX_LABELS,
  MENOPAUSAL_STATUS_LABELS,
  HISTOLOGIC_TYPE_LABELS,
  T_CATEGORY_LABELS,
  N_CATEGORY_LABELS,
  M_CATEGORY_LABELS,
  STAGE_GROUP_LABELS,
  GERMLINE_BRCA_LABELS,
  DISEASE_SETTING_LABELS,
  VITAL_STATUS_LABELS,
  SPECIMEN_LABELS,
  SPECIMEN_SITE_LABELS,
  HER2_ASSAY_LABELS,
  IHC_SCORE_LABELS,
  HER2_CATEGORY_LABELS,
  TREATMENT_SETTING_LABELS,
  REGIMEN_CLASS_LABELS,
  BEST_RESPONSE_LABELS,
  MEASURABILITY_LABELS,
  RESPONSE_CONFIRMATION_LABELS,
  STAGING_BASIS_LABELS,
  RCB_CLASS_LABELS,
  SURGERY_TYPE_LABELS,
  RECURRENCE_KIND_LABELS,
  AGENT_LABELS,
  { POSITIVE: "Positive", NEGATIVE: "Negative" },
];

/** A code as words when no label set knows it (NEW_CODE → "New code"). */
export function humanizeCode(code: string): string {
  const words = code.toLowerCase().split("_").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The labels of a list of codes: the smallest known set that holds all of them, else the codes as words. */
export function codeLabelsOf(codes: readonly string[]): CodeLabels {
  const candidates = CODE_LABEL_SETS.filter((set) => codes.every((code) => code in set)).sort((a, b) => Object.keys(a).length - Object.keys(b).length);
  const set = candidates[0];
  return Object.fromEntries(codes.map((code) => [code, set?.[code] ?? humanizeCode(code)]));
}

/** The files the interoperability formats map: the import's four (a part added to CASE_FILES comes along). */
export const CATALOGUE_FILES = CASE_FILES;
export type CatalogueFile = CaseFile;

export type CatalogueField = CsvColumn & {
  file: CatalogueFile;
  /** Plain-language name (the case form's). */
  label: string;
  /** Labels of the allowed codes (code and codes columns). */
  codeLabels: CodeLabels | null;
  /** A whole number of days since diagnosis (every event day; a recurrence's starts at day 1). */
  isDay: boolean;
};

function toCatalogueField(file: CatalogueFile, column: CsvColumn): CatalogueField {
  return {
    ...column,
    file,
    // An entered field has the form's label (even when its column is its name, as a recurrence's kind and day).
    label: column.role === "entered" || column.field !== column.column ? labelOfField(column.field) : humanizeCode(column.column),
    codeLabels: column.codes ? codeLabelsOf(column.codes) : null,
    isDay: column.kind === "integer" && (column.minimum === 0 || column.minimum === 1) && column.maximum === MAX_DAY,
  };
}

/** Every column of `file` (keys, entered fields, derived export-only columns). */
export function catalogueFields(file: CatalogueFile): CatalogueField[] {
  return CSV_COLUMNS[file].map((column) => toCatalogueField(file, column));
}

/** The fields a person enters (what an import maps and an ODM form collects). */
export function enteredFields(file: CatalogueFile): CatalogueField[] {
  return catalogueFields(file).filter((field) => field.role === "entered");
}

