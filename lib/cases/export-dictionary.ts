/**
 * data-dictionary.md of an analysis export: what each file and column holds, generated from the
 * same column definitions that wrote the files, plus the derivations and survival endpoints a
 * statistician needs (docs/data-dictionary.md §11 has the full text). Pure.
 */
import { CASE_FILES, CSV_FILE_NAMES, CSV_COLUMNS, CODES_SEPARATOR, type CsvColumn } from "./csv-columns";

function valuesOf(column: CsvColumn): string {
  switch (column.kind) {
    case "integer":
      return column.minimum !== undefined && column.maximum !== undefined ? `integer ${column.minimum}-${column.maximum}` : "integer";
    case "number":
      return column.minimum !== undefined && column.maximum !== undefined ? `number ${column.minimum}-${column.maximum}` : "number";
    case "code":
      return (column.codes ?? []).map((code) => `\`${code}\``).join(", ") || "code";
    case "codes":
      return `codes joined with \`${CODES_SEPARATOR}\``;
    case "text":
      return "text";
  }
}

export function buildExportDictionary(meta: { exportedAt: Date; exportedBy: string; scope: string; summary: { patients: number; tests: number; lines: number } }): string {
  const files = CASE_FILES.map((file) =>
    [
      `## ${CSV_FILE_NAMES[file]}`,
      "",
      "| column | values | meaning |",
      "| --- | --- | --- |",
      ...CSV_COLUMNS[file].map((column) => `| \`${column.column}\` | ${valuesOf(column)} | ${column.description.replace(/\|/g, "\\|")} |`),
      "",
    ].join("\n"),
  );
  return [
    "# HER2 cohort export: data dictionary",
    "",
    `Exported ${meta.exportedAt.toISOString()} (UTC) by ${meta.exportedBy}; ${meta.scope}.`,
    `${meta.summary.patients.toLocaleString("en")} patients, ${meta.summary.tests.toLocaleString("en")} HER2 tests, ${meta.summary.lines.toLocaleString("en")} treatment lines (deleted rows are not exported).`,
    "",
    "- Tidy CSV (RFC 4180): one row per patient, test or line; UTF-8; comma-separated; empty cell = missing (R: `read.csv(f, na.strings = \"\")`; Stata: `import delimited`; SAS: `PROC IMPORT DBMS=CSV`).",
    "- Join `her2_tests.csv`, `treatment_lines.csv` and `recurrence_events.csv` to `patients.csv` on `patient_id` (or `study_id`). `recurrence_events.csv` holds the entered invasive disease events; the distant recurrence is `days_to_metastasis` of a `RECURRENT_METASTATIC` patient.",
    "- De-identified: no calendar dates. `diagnosis_year` is the index year; every other time is whole days since diagnosis. `age_at_diagnosis` = 90 means 90 or older.",
    "- Derived columns (HR status, HER2 category and ISH group, cohorts) are computed by the application from the entered values with ASCO/CAP 2018 and the cohort rules below; they are current at export time.",
    "",
    "## Cohort rules",
    "",
    "Only evaluable tests (`POSITIVE`, `LOW`, `ULTRALOW`, `ZERO`) count; an empty cohort means unclassified. Tests are ordered by day, then specimen (other < primary biopsy < primary surgical < metastatic), then expression.",
    "",
    "- `cohort_latest`: the last evaluable test.",
    "- `cohort_primary`: the earliest evaluable test of the primary tumour (a surgical specimen wins over a biopsy on the same day).",
    "- `cohort_highest`: the highest expression, POSITIVE > LOW > ULTRALOW > ZERO.",
    "",
    "## Survival endpoints",
    "",
    "- OS from diagnosis: event `vital_status == \"DEAD\"`; time `days_to_death` if dead, else `days_to_last_contact`.",
    "- PFS of a line: event = the earlier of `progression_day` and `days_to_death`; time = that day − `start_day`; otherwise censored at `days_to_last_contact` − `start_day`.",
    "- Response (RECIST 1.1): objective response = CR or PR; disease control = CR, PR or SD.",
    "- pCR: `pathologic_complete_response` (ypT0/Tis ypN0). iDFS (STEEP 2.0): event = the earliest of any `recurrence_events` row, `days_to_metastasis` (recurrent metastatic patients) and `days_to_death`; DRFS: the earlier of `days_to_metastasis` and `days_to_death`; otherwise censored at `days_to_last_contact`; time from diagnosis, or minus `days_to_surgery` from surgery.",
    "",
    "```r",
    "library(survival)",
    "pts <- read.csv(\"patients.csv\", na.strings = \"\")",
    "pts$os_event <- as.integer(pts$vital_status == \"DEAD\")",
    "pts$os_days  <- ifelse(pts$os_event == 1, pts$days_to_death, pts$days_to_last_contact)",
    "survfit(Surv(os_days, os_event) ~ cohort_latest, data = pts)",
    "```",
    "",
    ...files,
  ].join("\n");
}
