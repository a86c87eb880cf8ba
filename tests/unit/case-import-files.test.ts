// The import template and dictionary come from the case schemas; file-level checks name the problem.
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, toSnakeCase } from "../../lib/cases/csv-columns";
import { decodeCsvBytes, parseCsvText } from "../../lib/cases/csv-read";
import { ImportErrors, cellValue, readLineRows, readPatientRows, readTestRows } from "../../lib/cases/import-rows";
import { buildImportDictionary, buildTemplateCsv } from "../../lib/cases/import-template";
import { ImportRequestSchema } from "../../lib/cases/import-request";
import { PATIENT_FIELDS, createCaseSchemas, findCaseRuleIssues } from "../../lib/cases/schemas";
import type { AppError } from "../../lib/errors";

const schemas = createCaseSchemas(String.raw`^[A-Z][A-Z0-9]{1,5}-\d{2,4}-\d{3,5}$`);

describe("the import template", () => {
  it("has a column for every patient field, and its example passes the same validation as the form", () => {
    const patientColumns = CSV_COLUMNS.patients.map((column) => column.column);
    for (const field of PATIENT_FIELDS) expect(patientColumns).toContain(toSnakeCase(field));
    const errors = new ImportErrors();
    const patients = readPatientRows(parseCsvText("patients", buildTemplateCsv("patients")), schemas, errors);
    const tests = readTestRows(parseCsvText("her2_tests", buildTemplateCsv("her2_tests")), errors);
    const lines = readLineRows(parseCsvText("treatment_lines", buildTemplateCsv("treatment_lines")), errors);
    expect(errors.list).toEqual([]);
    expect(findCaseRuleIssues({ patient: patients[0]?.input, tests: tests.map((row) => row?.input), lines: lines.map((row) => row?.input) })).toEqual([]);
    expect(lines[1]?.input.agents).toEqual(["FULVESTRANT", "PALBOCICLIB"]);
  });

  it("uses an example study ID outside the demo's HER2- series, so its dry run passes on the demo (issue 16 §10)", () => {
    expect(buildTemplateCsv("patients")).toContain("EXAMPL-01-0042");
    expect(buildTemplateCsv("patients")).not.toContain("HER2-");
  });

  it("documents every column with its rule, taken from the schema", () => {
    const dictionary = buildImportDictionary("^X$");
    expect(dictionary).toContain("| `age_at_diagnosis` | **required** | whole number, 0-120 |");
    expect(dictionary).toContain("| `grade` | optional | whole number, 1-3 |");
    expect(dictionary).toMatch(/\| `ihc_score` \| optional \| one of `IHC_0_NULL`, `IHC_0_ULTRALOW`/);
    expect(dictionary).toContain("| `cohort_latest` | ignored on import");
  });
});

describe("import wording (issue 16 §10)", () => {
  const testsHeader = "study_id,specimen,days_since_diagnosis,assay,ihc_score";

  it("takes the IHC score as printed (0, 1+, 2+, 3+) and lists the accepted values otherwise", () => {
    const errors = new ImportErrors();
    const rows = readTestRows(
      parseCsvText("her2_tests", `${testsHeader}\nA,PRIMARY_BIOPSY,0,VENTANA_4B5,2+\nA,PRIMARY_BIOPSY,0,VENTANA_4B5,0\nA,PRIMARY_BIOPSY,0,VENTANA_4B5,4+\n`),
      errors,
    );
    expect(rows.map((row) => row?.input.ihcScore)).toEqual(["IHC_2", "IHC_0_NOS", undefined]);
    expect(errors.list).toEqual([expect.objectContaining({ row: 4, column: "ihc_score", message: expect.stringMatching(/must be 0, 1\+, 2\+ or 3\+.*IHC_0_ULTRALOW/) })]);
  });

  it("advises the year only when diagnosis_year holds a date, not days since diagnosis", () => {
    const errors = new ImportErrors();
    const template = buildTemplateCsv("patients").replace(",2019,", ",2019-03-04,");
    readPatientRows(parseCsvText("patients", template), schemas, errors);
    expect(errors.list).toEqual([expect.objectContaining({ column: "diagnosis_year", message: "Diagnosis year takes the year only (e.g. 2019), not a full date" })]);
  });

  it("sorts the errors by file, row and column", () => {
    const errors = new ImportErrors();
    errors.add({ file: "treatment_lines.csv", row: 2, column: "setting", message: "x" });
    errors.add({ file: "patients.csv", row: 5, column: "sex", message: "x" });
    errors.add({ file: "patients.csv", row: 3, column: "sex", message: "x" });
    errors.add({ file: "patients.csv", row: 3, column: "age_at_diagnosis", message: "x" });
    expect(errors.sorted().map((error) => `${error.file}:${error.row}:${error.column}`)).toEqual([
      "patients.csv:3:age_at_diagnosis",
      "patients.csv:3:sex",
      "patients.csv:5:sex",
      "treatment_lines.csv:2:setting",
    ]);
  });
});

describe("reading an uploaded file", () => {
  const encode = (text: string) => new TextEncoder().encode(text);

  it("drops a UTF-8 byte-order mark and refuses UTF-16 and Latin-1", () => {
    expect(decodeCsvBytes("patients", encode("\uFEFFstudy_id"))).toBe("study_id");
    expect(() => decodeCsvBytes("patients", Uint8Array.from([0xff, 0xfe, 0x73, 0x00]))).toThrow(/UTF-16/);
    expect(() => decodeCsvBytes("patients", Uint8Array.from([0x4d, 0xfc, 0x6c]))).toThrow(/not UTF-8/);
  });

  it("refuses an empty file, a header alone, and wrong columns, naming them", () => {
    expect(() => parseCsvText("patients", "")).toThrow(/empty/);
    expect(() => parseCsvText("her2_tests", "study_id,specimen,days_since_diagnosis,assay\n")).toThrow(/no data rows/);
    const error = (() => {
      try {
        parseCsvText("her2_tests", "study_id,specimen,day,assay,assay\nA,B,1,C,D\n");
      } catch (caught) {
        return caught as AppError;
      }
      return null;
    })();
    expect(error?.code).toBe("VALIDATION");
    expect(error?.message).toBe(
      "her2_tests.csv: missing column days_since_diagnosis; unknown column day; column given twice: assay. Download the template for the expected columns.",
    );
  });

  it("converts cells by the column's kind", () => {
    const column = (name: string) => CSV_COLUMNS.treatment_lines.find((item) => item.column === name) ?? CSV_COLUMNS.her2_tests.find((item) => item.column === name);
    expect(cellValue(column("start_day")!, " 12 ")).toBe(12);
    expect(cellValue(column("ish_ratio")!, "1,85")).toBe(1.85);
    expect(cellValue(column("end_day")!, "")).toBeNull();
    expect(cellValue(column("start_day")!, "")).toBeUndefined();
    expect(cellValue(column("agents")!, "letrozole; palbociclib")).toEqual(["LETROZOLE", "PALBOCICLIB"]);
    expect(cellValue(column("best_response")!, "pr")).toBe("PR");
    expect(cellValue(column("start_day")!, "2021-01-05")).toBe("2021-01-05");
  });
});

describe("the import request", () => {
  it("needs the patients file and a known mode", () => {
    const missing = ImportRequestSchema.safeParse({ mode: "create", dryRun: "true" });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]).toMatchObject({ path: ["patients"], message: "Choose the patients.csv file" });
    const mode = ImportRequestSchema.safeParse({ mode: "replace", dryRun: "true", patients: new File(["x"], "patients.csv") });
    expect(mode.error?.issues[0]?.message).toBe('Mode must be "create" or "update"');
    const empty = ImportRequestSchema.parse({ patients: new File(["x"], "p.csv"), her2_tests: new File([], "") });
    expect(empty).toMatchObject({ mode: "create", dryRun: true, her2_tests: undefined });
  });
});
