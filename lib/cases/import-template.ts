/**
 * The downloadable import template (three CSV files with their header and one example case) and
 * the import data dictionary, both generated from the column definitions in csv-columns.ts,
 * which come from the case schemas. Pure.
 */
import { CASE_FILES, CSV_FILE_NAMES, CODES_SEPARATOR, importColumns, templateColumns, type CaseFile, type CsvColumn } from "./csv-columns";
import { toCsvLine } from "./csv-write";
import { describeStudyIdFormat } from "./study-id";

// One valid example case (HER2-low: IHC 2+ with a negative ISH), with a metastatic relapse. Its
// study ID's prefix is not the demo's (HER2-), so a dry run of the unedited template passes on a
// demo database too (issue 16 §10).
const EXAMPLE_ROWS: Readonly<Record<CaseFile, readonly Record<string, unknown>[]>> = {
  patients: [
    {
      study_id: "EXAMPL-01-0042", site_code: "01", diagnosis_year: 2019, age_at_diagnosis: 57, sex: "FEMALE", menopausal_status: "POSTMENOPAUSAL",
      histologic_type: "NST", grade: 2, tumour_size_mm: 24, t_category: "T2", n_category: "N1", m_category: "M0", stage_group: "STAGE_II",
      er_percent: 90, pr_percent: 40, ki67_percent: 18, germline_brca: "NEGATIVE", disease_setting: "RECURRENT_METASTATIC",
      days_to_metastasis: 1100, vital_status: "ALIVE", days_to_last_contact: 1850,
    },
  ],
  her2_tests: [
    { study_id: "EXAMPL-01-0042", specimen: "PRIMARY_BIOPSY", specimen_site: "BREAST", days_since_diagnosis: 0, assay: "VENTANA_4B5", ihc_score: "IHC_2", ish_ratio: 1.4, ish_copies: 2.9 },
    { study_id: "EXAMPL-01-0042", specimen: "METASTATIC", specimen_site: "LIVER", days_since_diagnosis: 1112, assay: "VENTANA_4B5", ihc_score: "IHC_0_ULTRALOW" },
  ],
  treatment_lines: [
    { study_id: "EXAMPL-01-0042", setting: "ADJUVANT", line_number: 1, regimen_class: "ENDOCRINE", agents: ["LETROZOLE"], start_day: 70, end_day: 1100 },
    { study_id: "EXAMPL-01-0042", setting: "METASTATIC", line_number: 1, regimen_class: "ENDOCRINE_CDK46", agents: ["FULVESTRANT", "PALBOCICLIB"], start_day: 1120, best_response: "PR" },
  ],
  // The distant recurrence is days_to_metastasis above; a local recurrence came first.
  recurrence_events: [{ study_id: "EXAMPL-01-0042", kind: "LOCAL", day: 820 }],
};

export function buildTemplateCsv(file: CaseFile): string {
  const columns = templateColumns(file);
  return [toCsvLine(columns.map((column) => column.column)), ...EXAMPLE_ROWS[file].map((row) => toCsvLine(columns.map((column) => row[column.column] ?? null)))].join("");
}

function describeValues(column: CsvColumn): string {
  switch (column.kind) {
    case "integer":
    case "number": {
      const what = column.kind === "integer" ? "whole number" : "number";
      if (column.minimum !== undefined && column.maximum !== undefined) return `${what}, ${column.minimum}-${column.maximum}`;
      if (column.minimum !== undefined) return `${what}, ≥ ${column.minimum}`;
      return what;
    }
    case "code":
      return `one of ${(column.codes ?? []).map((code) => `\`${code}\``).join(", ")}`;
    case "codes":
      return `codes separated by \`${CODES_SEPARATOR}\`, each one of ${(column.codes ?? []).map((code) => `\`${code}\``).join(", ")}`;
    case "text":
      return "text";
  }
}

export function buildImportDictionary(studyIdPattern: string): string {
  const sections = CASE_FILES.map((file) => {
    const rows = importColumns(file).map(
      (column) =>
        `| \`${column.column}\` | ${column.role === "export-only" ? "ignored on import (derived or system, written by exports)" : column.required ? "**required**" : "optional"} | ${describeValues(column)} | ${column.description.replace(/\|/g, "\\|")} |`,
    );
    return [`## ${CSV_FILE_NAMES[file]}`, "", "| column | required | values | meaning |", "| --- | --- | --- | --- |", ...rows].join("\n");
  });
  return [
    "# Import data dictionary",
    "",
    "Generated from the application's validation schemas: what is accepted here is exactly what the case form accepts.",
    "",
    "- Four files, UTF-8 (\"CSV UTF-8\"), comma-, semicolon- or tab-separated, with a header row; row numbers in error reports count the header as row 1.",
    "- `patients.csv` is required and has one row per patient; `her2_tests.csv`, `treatment_lines.csv` and `recurrence_events.csv` are optional and have one row per test, line or invasive disease event, tied to the patient by `study_id`. When `recurrence_events.csv` is given it holds every event of each patient in `patients.csv` (a patient without a row has none) and replaces the stored events; without it an update keeps them. A distant recurrence is `days_to_metastasis`, not an event row.",
    `- Study IDs must match \`${studyIdPattern}\` (${describeStudyIdFormat(studyIdPattern)}); the group \`site\` is the site code, which must be the code of the case\'s site. No calendar dates: the diagnosis is a year, every event a whole number of days since diagnosis (a date in any cell is refused).`,
    "- Empty cells mean \"not recorded\". Codes may be in any letter case. Ages of 90 and over are stored as 90.",
    "- Mode \"Create new cases\" refuses study IDs that already exist (they are listed). Mode \"Update existing cases\" changes them: give the patient's `version` from an export, and `test_id`/`line_id` with `version` to change a stored test or line (rows without an id are added; stored rows not in the file are kept).",
    "- Every file is checked in full and every error is listed by file, row and column; nothing is written unless all rows are valid, and then everything is written at once.",
    "",
    ...sections.flatMap((section) => [section, ""]),
  ].join("\n");
}
