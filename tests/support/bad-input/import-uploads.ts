// Import uploads for the bad-input suite: a small valid cohort as the three CSV files, and
// corruptions of the files (cells, header, bytes) and of the form around them (mode, dry run,
// missing file, content type, malformed multipart), each invalid on its own.
import fc from "fast-check";
import Papa from "papaparse";
import { CSV_FILES, templateColumns, type CsvFile } from "../../../lib/cases/csv-columns";
import { toCsvLine } from "../../../lib/cases/csv-write";
import { writeCohortCsv } from "../../../lib/demo/cohort-csv";
import type { DemoSite } from "../../../lib/demo/demo-sites";
import { generateCohort } from "../../../lib/demo/generate-cohort";
import { fullDate, hugeString, unknownCode } from "./corruptions";

export type CsvTables = Record<CsvFile, string[][]>;

/** A valid cohort of `patients` cases at `siteCode`, as cell tables (header first). */
export function cohortTables(siteCode: string, patients: number, seed: number): CsvTables {
  const site: DemoSite = { code: siteCode, name: "Bad input", weight: 1, ihcOneBias: 0, hercepTestShare: 0.1 };
  const cases = [...generateCohort({ patients, seed, sites: [site] })].map((demoCase, index) => ({
    ...demoCase,
    patient: { ...demoCase.patient, studyId: `BADIN-${siteCode}-${String(1000 + index)}` },
  }));
  const csv = writeCohortCsv(cases);
  const parse = (text: string) => Papa.parse<string[]>(text, { skipEmptyLines: "greedy" }).data;
  return { patients: parse(csv.patients), her2_tests: parse(csv.her2_tests), treatment_lines: parse(csv.treatment_lines) };
}

export function tablesToCsv(tables: CsvTables): Record<CsvFile, string> {
  return Object.fromEntries(CSV_FILES.map((file) => [file, tables[file].map((cells) => toCsvLine(cells)).join("")])) as Record<CsvFile, string>;
}

export type FileCorruption = { describe: string; apply: (tables: CsvTables) => CsvTables };

const DAY_COLUMN = /(^days_|_day$|^days$)/;

/** Cell values that are certainly wrong for a column of this kind. */
function badCell(column: { column: string; kind: string; required: boolean }): fc.Arbitrary<string> {
  const empty = column.required ? [fc.constant("")] : [];
  switch (column.kind) {
    case "integer":
    case "number":
      return fc.oneof(
        fc.constantFrom("-1", "abc", "NaN", "Infinity", "-Infinity", "1e999", "١٢", "12 mm", "--5"),
        ...(DAY_COLUMN.test(column.column) ? [fullDate] : []),
        hugeString,
        ...empty,
      );
    case "code":
    case "codes":
      // The import upper-cases codes, so only a character that stays outside A-Z, 0-9 and "_"
      // once upper-cased makes a code certainly unknown.
      return fc.oneof(unknownCode.filter((code) => code.split(";").some((part) => !/^[A-Z0-9_]*$/.test(part.trim().toUpperCase()))), hugeString, ...empty);
    default:
      return fc.oneof(unknownCode.map((code) => `${code}🧬`), hugeString, ...empty);
  }
}

function cellCorruption(file: CsvFile, rows: number): fc.Arbitrary<FileCorruption> {
  const columns = templateColumns(file).filter((column) => column.required || column.kind !== "text");
  return fc
    .tuple(fc.integer({ min: 1, max: rows }), fc.constantFrom(...columns))
    .chain(([row, column]) => badCell(column).map((value) => ({ row, column, value })))
    .map(({ row, column, value }) => ({
      describe: `${file} row ${row + 1} ${column.column} = ${JSON.stringify(value.slice(0, 30))}${value.length > 30 ? "…" : ""}`,
      apply: (tables) => {
        const copy = structuredClone(tables);
        const index = (copy[file][0] ?? []).indexOf(column.column);
        const cells = copy[file][row];
        if (cells && index >= 0) cells[index] = value;
        return copy;
      },
    }));
}

function headerCorruption(file: CsvFile): fc.Arbitrary<FileCorruption> {
  const required = templateColumns(file).filter((column) => column.required).map((column) => column.column);
  return fc.oneof(
    fc.constantFrom(...required).map((column) => ({
      describe: `${file} without the ${column} column`,
      apply: (tables: CsvTables) => {
        const copy = structuredClone(tables);
        const index = (copy[file][0] ?? []).indexOf(column);
        copy[file] = copy[file].map((cells) => cells.filter((_cell, position) => position !== index));
        return copy;
      },
    })),
    fc.array(unknownCode, { minLength: 1, maxLength: 5 }).map((header) => ({
      describe: `${file} with the header ${JSON.stringify(header)}`,
      apply: (tables: CsvTables) => ({ ...structuredClone(tables), [file]: [header, ...tables[file].slice(1)] }),
    })),
  );
}

/** Corruptions of the CSV contents; the tables have `rows` data rows per file at least. */
export function fileCorruptions(rows: Record<CsvFile, number>): fc.Arbitrary<FileCorruption> {
  return fc.oneof(
    { arbitrary: fc.oneof(...CSV_FILES.map((file) => cellCorruption(file, rows[file]))), weight: 4 },
    { arbitrary: fc.oneof(...CSV_FILES.map((file) => headerCorruption(file))), weight: 1 },
  );
}

/** Whole-file byte garbage for the patients file: random bytes, UTF-16, Latin-1, binary, empty. */
export const garbageBytes: fc.Arbitrary<{ describe: string; bytes: Uint8Array }> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 2_000 }).map((bytes) => ({ describe: `${bytes.length} random bytes`, bytes })),
  fc.constant({ describe: "UTF-16 text", bytes: new Uint8Array([0xff, 0xfe, 0x73, 0x00, 0x74, 0x00]) }),
  fc.constant({ describe: "Latin-1 text", bytes: new Uint8Array([0x73, 0x74, 0x75, 0x64, 0x79, 0xe9, 0x0a]) }),
  fc.constant({ describe: "a PNG header", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) }),
  fc.string({ minLength: 1, maxLength: 200 }).map((text) => ({ describe: "random text", bytes: new TextEncoder().encode(text) })),
);
