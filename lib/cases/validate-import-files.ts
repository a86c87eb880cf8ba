/**
 * The first half of an import (issue 15 §5), run in the import worker thread
 * (lib/workers/worker-pool.ts): the files are decoded, their headers checked, then their rows
 * parsed by papaparse in chunks and each chunk validated with the case schemas as soon as it is
 * parsed. The typed rows leave in batches (events), so neither thread ever holds the parsed text
 * of a whole file: a 265,000-row dry run took 3 GB and 118 s on the request thread before.
 * Pure: no database, no Next; the study-ID pattern comes in the input.
 */
import Papa from "papaparse";
import { AppError } from "../errors";
import type { TaskContext } from "../workers/worker-task";
import { CSV_FILE_NAMES, type CsvFile } from "./csv-columns";
import { checkHeader, decodeCsvBytes, type CsvRow, type ParsedCsv } from "./csv-read";
import { ImportErrors, readLineRows, readPatientRows, readTestRows, type ImportError, type LineRow, type PatientRow, type TestRow } from "./import-rows";
import { createCaseSchemas } from "./schemas";

export type ImportFilesInput = {
  studyIdPattern: string;
  /** patients first: the other files' rows name its study IDs. */
  files: { file: CsvFile; bytes: Uint8Array }[];
};

export type ValidatedRows =
  | { file: "patients"; rows: (PatientRow | null)[]; studyIds: string[] }
  | { file: "her2_tests"; rows: (TestRow | null)[] }
  | { file: "treatment_lines"; rows: (LineRow | null)[] };

export type ImportFilesEvent =
  /** Every file decoded and its header accepted: what is wrong from now on is row by row. */
  | { type: "accepted" }
  | { type: "progress"; doneBytes: number; totalBytes: number }
  | ({ type: "rows" } & ValidatedRows);

export type ImportFilesResult = { rowCounts: Partial<Record<CsvFile, number>>; errors: ImportError[]; errorCount: number };

/** Text parsed per chunk: its rows are validated and sent before the next chunk is read. */
const CHUNK_CHARACTERS = 1_000_000;
const ROWS_PER_EVENT = 2_000;
const PARSE_CONFIG: { skipEmptyLines: "greedy"; delimitersToGuess: string[] } = { skipEmptyLines: "greedy", delimitersToGuess: [",", ";", "\t"] };

function fileError(file: CsvFile, message: string): AppError {
  return new AppError("VALIDATION", `${CSV_FILE_NAMES[file]}: ${message}`, { fields: [{ path: CSV_FILE_NAMES[file], message }] });
}

/** The header's column names, and whether a data row follows: from the first two records only. */
function readHeader(file: CsvFile, text: string): string[] {
  const preview = Papa.parse<string[]>(text, { ...PARSE_CONFIG, preview: 2 });
  const [header, firstRow] = preview.data;
  if (!header || header.every((cell) => cell.trim() === "")) throw fileError(file, "the file is empty: it needs a header row and at least one data row");
  const names = header.map((cell) => cell.trim().toLowerCase());
  checkHeader(file, names);
  if (!firstRow) throw fileError(file, "the file has a header but no data rows");
  return names;
}

function validateChunk(file: CsvFile, parsed: ParsedCsv, schemas: ReturnType<typeof createCaseSchemas>, errors: ImportErrors): ValidatedRows {
  switch (file) {
    case "patients":
      return { file, rows: readPatientRows(parsed, schemas, errors), studyIds: parsed.rows.map((row) => (row.cells.study_id ?? "").trim()) };
    case "her2_tests":
      return { file, rows: readTestRows(parsed, errors) };
    case "treatment_lines":
      return { file, rows: readLineRows(parsed, errors) };
  }
}

export function validateImportFiles(input: ImportFilesInput, context: TaskContext): ImportFilesResult {
  const schemas = createCaseSchemas(input.studyIdPattern);
  // Whole-file problems first, for every file, before any row: the caller answers them with 400.
  const texts = input.files.map(({ file, bytes }) => {
    const text = decodeCsvBytes(file, bytes);
    return { file, text, header: readHeader(file, text) };
  });
  context.emit({ type: "accepted" } satisfies ImportFilesEvent);

  const errors = new ImportErrors();
  const rowCounts: Partial<Record<CsvFile, number>> = {};
  const totalBytes = texts.reduce((sum, { text }) => sum + text.length, 0);
  let doneBytes = 0;
  for (const entry of texts) {
    const { file, header } = entry;
    let records = 0;
    let pending: CsvRow[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      context.emit({ type: "rows", ...validateChunk(file, { file, header, rows: pending }, schemas, errors) } satisfies ImportFilesEvent);
      pending = [];
    };
    // papaparse streams a string synchronously, chunk by chunk, and calls `complete` at its end.
    let complete = false;
    Papa.parse<string[]>(entry.text, {
      ...PARSE_CONFIG,
      chunkSize: CHUNK_CHARACTERS,
      complete: () => {
        complete = true;
      },
      chunk: (result: Papa.ParseResult<string[]>) => {
        for (const cells of result.data) {
          records += 1;
          if (records === 1) continue; // the header
          // Row numbers as a spreadsheet shows them: the header is row 1.
          pending.push({ row: records, cellCount: cells.length, cells: Object.fromEntries(header.map((name, column) => [name, cells[column] ?? ""])) });
          if (pending.length >= ROWS_PER_EVENT) flush();
        }
        flush();
        doneBytes = Math.min(totalBytes, doneBytes + CHUNK_CHARACTERS);
        context.emit({ type: "progress", doneBytes, totalBytes } satisfies ImportFilesEvent);
      },
    });
    if (!complete) throw new Error(`${CSV_FILE_NAMES[file]}: the parser stopped before the end of the file`);
    rowCounts[file] = Math.max(0, records - 1);
    doneBytes = texts.slice(0, texts.indexOf(entry) + 1).reduce((sum, { text }) => sum + text.length, 0);
  }
  return { rowCounts, errors: errors.list, errorCount: errors.count };
}
