import "server-only";
// CSV import (issue 5.5): every row of every file is validated with the case schemas and every
// error is reported by file, row and column; a dry run stops there. A commit validates again
// and writes everything in one transaction with bulk inserts, or nothing at all.
import { getDb } from "../db/client";
import { can, type SessionUser } from "../auth/roles";
import { AppError } from "../errors";
import { CSV_FILE_NAMES, type CsvFile } from "./csv-columns";
import { decodeCsvBytes, parseCsvText, type ParsedCsv } from "./csv-read";
import { caseSchemas } from "./case-schemas";
import { planImport, type ImportPlan } from "./plan-import";
import { ImportErrors, readLineRows, readPatientRows, readTestRows, type ImportError, type LineRow, type PatientRow, type TestRow } from "./import-rows";
import { commitImportPlan } from "./commit-import";
import { compactAfterBulkWrite } from "../db/patient-counts-upkeep";
import { BULK_LOAD_ROWS, refreshPlannerStatistics } from "../db/refresh-statistics";

export const IMPORT_MODES = ["create", "update"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export type ImportUpload = { patients: Uint8Array; her2_tests?: Uint8Array | null; treatment_lines?: Uint8Array | null };

export type ImportPhase = "validating" | "checking" | "writing";
export type ImportProgress = { phase: ImportPhase; done: number; total: number };

export type ImportReport = {
  mode: ImportMode;
  dryRun: boolean;
  committed: boolean;
  rows: Record<string, number>;
  patientsToCreate: number;
  patientsToUpdate: number;
  testsToCreate: number;
  testsToUpdate: number;
  linesToCreate: number;
  linesToUpdate: number;
  existingStudyIds: string[];
  errorCount: number;
  errors: ImportError[];
  milliseconds: number;
};

export type ImportOptions = { mode: ImportMode; dryRun: boolean; onProgress?: (progress: ImportProgress) => void };

const VALIDATION_CHUNK = 2_000;

/** Lets a streamed response flush its progress lines between chunks of synchronous work. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function readInChunks<T>(parsed: ParsedCsv, read: (chunk: ParsedCsv) => T[], onChunk: (rows: number) => void): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < parsed.rows.length; start += VALIDATION_CHUNK) {
    const chunk = { ...parsed, rows: parsed.rows.slice(start, start + VALIDATION_CHUNK) };
    out.push(...read(chunk));
    onChunk(chunk.rows.length);
    await yieldToEventLoop();
  }
  return out;
}

export type PreparedImport = { files: Partial<Record<CsvFile, ParsedCsv>>; run: (options: ImportOptions) => Promise<ImportReport> };

/**
 * Checks the role and the files as a whole (encoding, header), so that a route can answer
 * 400/403 before it starts streaming progress; `run` then validates every row and commits.
 */
export async function prepareImport(user: SessionUser, upload: ImportUpload): Promise<PreparedImport> {
  if (!can(user, "cases:import")) throw new AppError("FORBIDDEN", "Your role cannot import cases.");
  const files: Partial<Record<CsvFile, ParsedCsv>> = { patients: parseCsvText("patients", decodeCsvBytes("patients", upload.patients)) };
  if (upload.her2_tests) files.her2_tests = parseCsvText("her2_tests", decodeCsvBytes("her2_tests", upload.her2_tests));
  if (upload.treatment_lines) files.treatment_lines = parseCsvText("treatment_lines", decodeCsvBytes("treatment_lines", upload.treatment_lines));
  return { files, run: (options) => runImport(user, files, options) };
}

export async function importCases(user: SessionUser, upload: ImportUpload, options: ImportOptions): Promise<ImportReport> {
  return (await prepareImport(user, upload)).run(options);
}

async function runImport(user: SessionUser, files: Partial<Record<CsvFile, ParsedCsv>>, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const progress = (phase: ImportPhase, done: number, total: number) => options.onProgress?.({ phase, done, total });

  const errors = new ImportErrors();
  const total = Object.values(files).reduce((sum, parsed) => sum + (parsed?.rows.length ?? 0), 0);
  let done = 0;
  const advance = (rows: number) => {
    done += rows;
    progress("validating", done, total);
  };
  progress("validating", 0, total);
  const patientRows: (PatientRow | null)[] = await readInChunks(files.patients as ParsedCsv, (chunk) => readPatientRows(chunk, caseSchemas, errors), advance);
  const testRows: (TestRow | null)[] = files.her2_tests ? await readInChunks(files.her2_tests, (chunk) => readTestRows(chunk, errors), advance) : [];
  const lineRows: (LineRow | null)[] = files.treatment_lines ? await readInChunks(files.treatment_lines, (chunk) => readLineRows(chunk, errors), advance) : [];

  progress("checking", 0, 1);
  const db = await getDb();
  const listedStudyIds = new Set((files.patients?.rows ?? []).map((row) => (row.cells.study_id ?? "").trim()));
  const plan: ImportPlan = await planImport(db, user, { patientRows, testRows, lineRows, listedStudyIds, mode: options.mode, errors });
  progress("checking", 1, 1);

  const report: ImportReport = {
    mode: options.mode,
    dryRun: options.dryRun,
    committed: false,
    rows: Object.fromEntries(Object.entries(files).map(([file, parsed]) => [CSV_FILE_NAMES[file as CsvFile], parsed?.rows.length ?? 0])),
    patientsToCreate: plan.newCases.length,
    patientsToUpdate: plan.updates.length,
    testsToCreate: plan.newCases.reduce((sum, item) => sum + item.tests.length, 0) + plan.updates.reduce((sum, item) => sum + item.newTests.length, 0),
    testsToUpdate: plan.updates.reduce((sum, item) => sum + item.changedTests.length, 0),
    linesToCreate: plan.newCases.reduce((sum, item) => sum + item.lines.length, 0) + plan.updates.reduce((sum, item) => sum + item.newLines.length, 0),
    linesToUpdate: plan.updates.reduce((sum, item) => sum + item.changedLines.length, 0),
    existingStudyIds: plan.existingStudyIds,
    errorCount: errors.count,
    errors: errors.sorted(),
    milliseconds: 0,
  };
  if (errors.count > 0 && !options.dryRun) {
    report.milliseconds = Math.round(performance.now() - started);
    throw new AppError("VALIDATION", `Nothing was imported: the files have ${errors.count.toLocaleString("en")} error${errors.count === 1 ? "" : "s"}.`, {
      fields: errors.sorted().slice(0, 50).map((error) => ({ path: [error.file, error.row, error.column].filter((part) => part !== null).join(":"), message: error.message })),
      details: report,
    });
  }
  if (!options.dryRun) {
    try {
      await commitImportPlan(db, user, plan, options.mode, (written, of) => progress("writing", written, of));
    } catch (error) {
      // A study ID inserted by someone else between validation and commit: the unique index
      // refuses it and the transaction rolls back whole.
      if (error instanceof Error && /patients_study_id_key|unique constraint/i.test(error.message)) {
        throw new AppError("CONFLICT", "A study ID in the file was added by someone else while the import ran; nothing was imported. Check the file again.");
      }
      throw error;
    }
    report.committed = true;
    await compactAfterBulkWrite(db);
    const written = report.patientsToCreate + report.patientsToUpdate + report.testsToCreate + report.testsToUpdate + report.linesToCreate + report.linesToUpdate;
    if (written >= BULK_LOAD_ROWS) await refreshPlannerStatistics(db);
  }
  report.milliseconds = Math.round(performance.now() - started);
  return report;
}
