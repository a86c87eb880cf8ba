// A synthetic cohort as the three import files (the benchmark and the import tests), written
// with the import template's own columns.
import { templateColumns, type CsvFile } from "../cases/csv-columns";
import { toCsvLine } from "../cases/csv-write";
import type { DemoCase } from "./types";

export type CohortCsv = Record<CsvFile, string>;

export function writeCohortCsv(cases: Iterable<DemoCase>): CohortCsv {
  const columns = { patients: templateColumns("patients"), her2_tests: templateColumns("her2_tests"), treatment_lines: templateColumns("treatment_lines") };
  const parts: Record<CsvFile, string[]> = {
    patients: [toCsvLine(columns.patients.map((column) => column.column))],
    her2_tests: [toCsvLine(columns.her2_tests.map((column) => column.column))],
    treatment_lines: [toCsvLine(columns.treatment_lines.map((column) => column.column))],
  };
  for (const { patient, tests, lines } of cases) {
    const patientCells: Record<string, unknown> = { ...patient, siteCode: patient.siteCode, version: null };
    parts.patients.push(toCsvLine(columns.patients.map((column) => patientCells[column.field] ?? null)));
    for (const test of tests) {
      const cells: Record<string, unknown> = { ...test, studyId: patient.studyId, id: null, version: null };
      parts.her2_tests.push(toCsvLine(columns.her2_tests.map((column) => cells[column.field] ?? null)));
    }
    for (const line of lines) {
      const cells: Record<string, unknown> = { ...line, studyId: patient.studyId, id: null, version: null };
      parts.treatment_lines.push(toCsvLine(columns.treatment_lines.map((column) => cells[column.field] ?? null)));
    }
  }
  return { patients: parts.patients.join(""), her2_tests: parts.her2_tests.join(""), treatment_lines: parts.treatment_lines.join("") };
}
