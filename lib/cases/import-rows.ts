/**
 * CSV rows → typed case parts, with every problem named by file, row and column. Cells are
 * converted by the column's kind (numbers, codes, lists of codes) and then parsed with the same
 * zod schemas as the case form, so a row is accepted exactly when the form would accept it.
 * Pure.
 */
import type { z } from "zod";
import { CSV_FILE_NAMES, importColumns, toSnakeCase, type CaseFile, type CsvColumn } from "./csv-columns";
import type { CsvRow, ParsedCsv } from "./csv-read";
import { FULL_DATE_MESSAGE, looksLikeFullDate } from "./full-dates";
import {
  Her2TestInputSchema,
  RecurrenceInputSchema,
  TreatmentLineInputSchema,
  type CaseSchemas,
  type RecurrenceInput,
  type Her2TestInput,
  type PatientInput,
  type TreatmentLineInput,
} from "./schemas";

export type ImportError = { file: string; row: number | null; column: string | null; message: string };

export const MAX_REPORTED_ERRORS = 10_000;

/** Collects errors; keeps the first MAX_REPORTED_ERRORS and counts them all. */
export class ImportErrors {
  readonly list: ImportError[] = [];
  count = 0;
  add(error: ImportError): void {
    this.count += 1;
    if (this.list.length < MAX_REPORTED_ERRORS) this.list.push(error);
  }
  /** The errors by file (patients, tests, lines), row and column (issue 16 §10): one file's rows are checked in passes, not in order. */
  sorted(): ImportError[] {
    const fileOrder = Object.values(CSV_FILE_NAMES);
    return [...this.list].sort(
      (a, b) => fileOrder.indexOf(a.file) - fileOrder.indexOf(b.file) || (a.row ?? 0) - (b.row ?? 0) || (a.column ?? "").localeCompare(b.column ?? ""),
    );
  }
}

/**
 * The IHC score as printed on a pathology report (issue 16 §10): 1+, 2+ and 3+ are the codes
 * IHC_1-IHC_3; a bare 0 is IHC 0 without the null/ultralow distinction (IHC_0_NOS).
 */
const PRINTED_IHC_SCORES: Readonly<Record<string, string>> = { "0": "IHC_0_NOS", "1+": "IHC_1", "2+": "IHC_2", "3+": "IHC_3" };
const IHC_SCORE_ADVICE = "IHC score must be 0, 1+, 2+ or 3+, or one of the codes IHC_0_NULL, IHC_0_ULTRALOW, IHC_0_NOS, IHC_1, IHC_2, IHC_3; leave it empty when no IHC was done";

export type KeyedRow<T> = { row: number; studyId: string; id: number | null; version: number | null; input: T };
export type PatientRow = KeyedRow<Omit<PatientInput, "siteId">> & { siteCode: string | null };
export type TestRow = KeyedRow<Her2TestInput>;
export type LineRow = KeyedRow<TreatmentLineInput>;
export type RecurrenceRow = KeyedRow<RecurrenceInput>;

const NUMBER_TEXT = /^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/;

/** A cell as the schema expects it: numbers as numbers, codes upper-cased, empty as null (or absent when required or defaulted). */
export function cellValue(column: CsvColumn, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") {
    if (column.kind === "codes") return [];
    return column.required || column.defaulted ? undefined : null;
  }
  switch (column.kind) {
    case "integer":
    case "number":
      return NUMBER_TEXT.test(trimmed) ? Number(trimmed.replace(",", ".")) : trimmed;
    case "code":
      if (column.field === "ihcScore" && trimmed.replace(/\s/g, "") in PRINTED_IHC_SCORES) return PRINTED_IHC_SCORES[trimmed.replace(/\s/g, "")];
      return looksLikeFullDate(trimmed) ? trimmed : trimmed.toUpperCase();
    case "codes":
      return trimmed
        .split(/[;|]/)
        .map((part) => part.trim().toUpperCase())
        .filter((part) => part !== "");
    case "text":
      return trimmed;
  }
}

function rowObject(file: CaseFile, row: CsvRow, roles: readonly CsvColumn["role"][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const column of importColumns(file)) {
    if (!roles.includes(column.role) || column.field === "studyId") continue;
    if (!(column.column in row.cells)) {
      // An optional column left out of the file means "not recorded" for every row. The IHC
      // score is nullable without a default in the shared HER2 schema, so it is set explicitly.
      if (column.field === "ihcScore") object[column.field] = null;
      continue;
    }
    object[column.field] = cellValue(column, row.cells[column.column] ?? "");
  }
  return object;
}

function reportIssues(errors: ImportErrors, file: CaseFile, row: number, issues: readonly z.core.$ZodIssue[]): void {
  for (const issue of issues) {
    const field = issue.path[0];
    if (issue.code === "unrecognized_keys") continue; // the header check already refused unknown columns
    const message = field === "ihcScore" && (issue.code === "invalid_value" || issue.code === "invalid_type") ? IHC_SCORE_ADVICE : issue.message;
    errors.add({ file: CSV_FILE_NAMES[file], row, column: typeof field === "string" ? toSnakeCase(field) : null, message });
  }
}

/** Key columns: the study ID (any text; its format is checked with the patient), an optional id and version. */
function readKeys(file: CaseFile, row: CsvRow, errors: ImportErrors): { studyId: string; id: number | null; version: number | null; ok: boolean } {
  let ok = true;
  const studyId = (row.cells.study_id ?? "").trim();
  if (studyId === "") {
    errors.add({ file: CSV_FILE_NAMES[file], row: row.row, column: "study_id", message: "Study ID is required" });
    ok = false;
  }
  const readPositive = (column: string, label: string): number | null => {
    const text = (row.cells[column] ?? "").trim();
    if (text === "") return null;
    if (!/^\d+$/.test(text) || Number(text) < 1) {
      errors.add({ file: CSV_FILE_NAMES[file], row: row.row, column, message: looksLikeFullDate(text) ? FULL_DATE_MESSAGE : `${label} must be a whole number of 1 or more` });
      ok = false;
      return null;
    }
    return Number(text);
  };
  const idColumn = file === "her2_tests" ? "test_id" : file === "treatment_lines" ? "line_id" : null;
  const id = idColumn ? readPositive(idColumn, idColumn === "test_id" ? "Test id" : "Line id") : null;
  const version = readPositive("version", "Version");
  return { studyId, id, version, ok };
}

function checkCellCount(parsed: ParsedCsv, row: CsvRow, errors: ImportErrors): boolean {
  if (row.cellCount === parsed.header.length) return true;
  errors.add({
    file: CSV_FILE_NAMES[parsed.file],
    row: row.row,
    column: null,
    message: `The row has ${row.cellCount} cells but the header has ${parsed.header.length} (a missing or extra separator, or an unclosed quote)`,
  });
  return false;
}

export function readPatientRows(parsed: ParsedCsv, schemas: CaseSchemas, errors: ImportErrors): (PatientRow | null)[] {
  return parsed.rows.map((row) => {
    if (!checkCellCount(parsed, row, errors)) return null;
    const keys = readKeys("patients", row, errors);
    const result = schemas.PatientInputSchema.safeParse({ studyId: row.cells.study_id ?? "", ...rowObject("patients", row, ["entered"]) });
    if (!result.success) {
      reportIssues(errors, "patients", row.row, result.error.issues);
      return null;
    }
    if (!keys.ok) return null;
    const siteCode = (row.cells.site_code ?? "").trim();
    return { row: row.row, studyId: result.data.studyId, id: null, version: keys.version, siteCode: siteCode === "" ? null : siteCode, input: result.data };
  });
}

export function readTestRows(parsed: ParsedCsv, errors: ImportErrors): (TestRow | null)[] {
  return parsed.rows.map((row) => {
    if (!checkCellCount(parsed, row, errors)) return null;
    const keys = readKeys("her2_tests", row, errors);
    const result = Her2TestInputSchema.safeParse(rowObject("her2_tests", row, ["entered"]));
    if (!result.success) reportIssues(errors, "her2_tests", row.row, result.error.issues);
    if (keys.id !== null && keys.version === null) {
      errors.add({ file: CSV_FILE_NAMES.her2_tests, row: row.row, column: "version", message: "Give the version of the test to change (from the export)" });
      return null;
    }
    return result.success && keys.ok ? { row: row.row, studyId: keys.studyId, id: keys.id, version: keys.version, input: result.data } : null;
  });
}

export function readLineRows(parsed: ParsedCsv, errors: ImportErrors): (LineRow | null)[] {
  return parsed.rows.map((row) => {
    if (!checkCellCount(parsed, row, errors)) return null;
    const keys = readKeys("treatment_lines", row, errors);
    const result = TreatmentLineInputSchema.safeParse(rowObject("treatment_lines", row, ["entered"]));
    if (!result.success) reportIssues(errors, "treatment_lines", row.row, result.error.issues);
    if (keys.id !== null && keys.version === null) {
      errors.add({ file: CSV_FILE_NAMES.treatment_lines, row: row.row, column: "version", message: "Give the version of the line to change (from the export)" });
      return null;
    }
    return result.success && keys.ok ? { row: row.row, studyId: keys.studyId, id: keys.id, version: keys.version, input: result.data } : null;
  });
}

/** recurrence_events.csv: one invasive disease event per row, tied to its patient by study ID. */
export function readRecurrenceRows(parsed: ParsedCsv, errors: ImportErrors): (RecurrenceRow | null)[] {
  return parsed.rows.map((row) => {
    if (!checkCellCount(parsed, row, errors)) return null;
    const keys = readKeys("recurrence_events", row, errors);
    const result = RecurrenceInputSchema.safeParse(rowObject("recurrence_events", row, ["entered"]));
    if (!result.success) reportIssues(errors, "recurrence_events", row.row, result.error.issues);
    return result.success && keys.ok ? { row: row.row, studyId: keys.studyId, id: null, version: null, input: result.data } : null;
  });
}
