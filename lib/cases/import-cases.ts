import "server-only";
// CSV import (issue 5.5): every row of every file is validated with the case schemas and every
// error is reported by file, row and column; a dry run stops there. A commit validates again
// and writes everything in one transaction with bulk inserts, or nothing at all. Parsing and
// row validation run in the import worker thread (validate-import-files.ts), one import per
// server at a time (import-slot.ts), so that an import never stalls other requests (issue 15 §5).
import { getDb } from "../db/client";
import { rememberOwnWrite } from "../db/replica-routing";
import { can, type SessionUser } from "../auth/roles";
import { AppError } from "../errors";
import { CSV_FILE_NAMES, type CaseFile } from "./csv-columns";
import { studyIdPattern } from "./case-schemas";
import { planImport, type ImportPlan } from "./plan-import";
import { ImportErrors, type ImportError, type LineRow, type PatientRow, type RecurrenceRow, type TestRow } from "./import-rows";
import { claimImportSlot } from "./import-slot";
import type { ImportFilesEvent, ImportFilesInput, ImportFilesResult, validateImportFiles } from "./validate-import-files";
import { env } from "../env";
import { defineWorkerTask } from "../workers/worker-task";
import { importPool } from "../workers/pools";
import { commitImportPlan, type BulkWrite } from "./commit-import";
import { compactAfterBulkWrite } from "../db/patient-counts-upkeep";
import { BULK_LOAD_ROWS, refreshPlannerStatistics } from "../db/refresh-statistics";

export const IMPORT_MODES = ["create", "update"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export type ImportUpload = { patients: Uint8Array; her2_tests?: Uint8Array | null; treatment_lines?: Uint8Array | null; recurrence_events?: Uint8Array | null };

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
  /** Patients whose recurrence event rows are written (new cases with events, updates whose events change). */
  patientsWithRecurrenceChanges: number;
  existingStudyIds: string[];
  errorCount: number;
  errors: ImportError[];
  milliseconds: number;
};

export type ImportOptions = {
  mode: ImportMode;
  dryRun: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** How new rows are written: "auto" = COPY on a PostgreSQL server, else INSERTs; "insert" forces INSERTs (the test that compares both). */
  bulkWrite?: BulkWrite;
};

const VALIDATE_IMPORT_FILES = defineWorkerTask<typeof validateImportFiles>("lib/cases/validate-import-files.ts", "validateImportFiles");

/** The rows the import worker has validated so far (validate-import-files.ts), gathered on this thread. */
type ValidatedUpload = {
  patientRows: (PatientRow | null)[];
  testRows: (TestRow | null)[];
  lineRows: (LineRow | null)[];
  /** null when no recurrence_events.csv was uploaded: an update then keeps the stored events. */
  recurrenceRows: (RecurrenceRow | null)[] | null;
  /** Every study ID written in patients.csv, valid row or not. */
  listedStudyIds: Set<string>;
};

export type PreparedImport = { run: (options: ImportOptions) => Promise<ImportReport> };

/**
 * Checks the role, takes this server's import slot (import-slot.ts: a second import meanwhile is
 * refused with 429) and has the import worker check the files as a whole (encoding, header), so
 * that a route can answer 400/403/429 before it starts streaming progress; `run` then waits for
 * the worker's row-by-row validation, plans and commits. The slot is released when `run` ends,
 * or here when the files are refused.
 */
export async function prepareImport(user: SessionUser, upload: ImportUpload): Promise<PreparedImport> {
  if (!can(user, "cases:import")) throw new AppError("FORBIDDEN", "Your role cannot import cases.");
  const releaseSlot = claimImportSlot();
  const started = performance.now();
  try {
    const files: ImportFilesInput["files"] = [{ file: "patients", bytes: upload.patients }];
    if (upload.her2_tests) files.push({ file: "her2_tests", bytes: upload.her2_tests });
    if (upload.treatment_lines) files.push({ file: "treatment_lines", bytes: upload.treatment_lines });
    if (upload.recurrence_events) files.push({ file: "recurrence_events", bytes: upload.recurrence_events });
    const validated: ValidatedUpload = { patientRows: [], testRows: [], lineRows: [], recurrenceRows: upload.recurrence_events ? [] : null, listedStudyIds: new Set() };
    let onProgress: ImportOptions["onProgress"];
    let accept = () => {};
    const accepted = new Promise<void>((resolve) => {
      accept = resolve;
    });
    const onEvent = (raw: unknown) => {
      const event = raw as ImportFilesEvent;
      switch (event.type) {
        case "accepted":
          accept();
          return;
        case "progress":
          onProgress?.({ phase: "validating", done: event.doneBytes, total: event.totalBytes });
          return;
        case "rows":
          switch (event.file) {
            case "patients":
              for (const row of event.rows) validated.patientRows.push(row);
              for (const studyId of event.studyIds) validated.listedStudyIds.add(studyId);
              return;
            case "her2_tests":
              for (const row of event.rows) validated.testRows.push(row);
              return;
            case "treatment_lines":
              for (const row of event.rows) validated.lineRows.push(row);
              return;
            case "recurrence_events":
              for (const row of event.rows) validated.recurrenceRows?.push(row);
              return;
          }
      }
    };
    const validation = importPool().run(VALIDATE_IMPORT_FILES, { studyIdPattern, files }, { budgetMs: env.IMPORT_TIME_BUDGET_MS, onEvent });
    // Settled later by `run`; a refusal of the files is answered here, through the race.
    validation.catch(() => {});
    const early = await Promise.race([accepted.then(() => null), validation]);
    if (early?.status === "not-computed-in-time") throw validationTimedOut(early.budgetMs);
    return {
      run: async (options) => {
        try {
          onProgress = options.onProgress;
          const outcome = await validation;
          if (outcome.status === "not-computed-in-time") throw validationTimedOut(outcome.budgetMs);
          return await runImport(user, validated, outcome.value, options, started);
        } finally {
          releaseSlot();
        }
      },
    };
  } catch (error) {
    releaseSlot();
    throw error;
  }
}

function validationTimedOut(budgetMs: number): AppError {
  const minutes = Math.round(budgetMs / 60_000);
  return new AppError("UNAVAILABLE", `Nothing was imported: checking the files did not finish within ${minutes < 1 ? `${Math.round(budgetMs / 1000)} seconds` : `${minutes} minute${minutes === 1 ? "" : "s"}`}, so the server stopped it. Split the files into smaller parts and import them one after the other.`);
}

export async function importCases(user: SessionUser, upload: ImportUpload, options: ImportOptions): Promise<ImportReport> {
  return (await prepareImport(user, upload)).run(options);
}

async function runImport(user: SessionUser, validated: ValidatedUpload, checked: ImportFilesResult, options: ImportOptions, started: number): Promise<ImportReport> {
  const progress = (phase: ImportPhase, done: number, total: number) => options.onProgress?.({ phase, done, total });

  const errors = new ImportErrors();
  for (const error of checked.errors) errors.add(error);
  // Errors past the reported list are counted, not kept.
  errors.count = checked.errorCount;
  const { patientRows, testRows, lineRows, recurrenceRows, listedStudyIds } = validated;

  progress("checking", 0, 1);
  const db = await getDb();
  const plan: ImportPlan = await planImport(db, user, { patientRows, testRows, lineRows, recurrenceRows, listedStudyIds, mode: options.mode, errors });
  progress("checking", 1, 1);

  const report: ImportReport = {
    mode: options.mode,
    dryRun: options.dryRun,
    committed: false,
    rows: Object.fromEntries(Object.entries(checked.rowCounts).map(([file, count]) => [CSV_FILE_NAMES[file as CaseFile], count])),
    patientsToCreate: plan.newCases.length,
    patientsToUpdate: plan.updates.length,
    testsToCreate: plan.newCases.reduce((sum, item) => sum + item.tests.length, 0) + plan.updates.reduce((sum, item) => sum + item.newTests.length, 0),
    testsToUpdate: plan.updates.reduce((sum, item) => sum + item.changedTests.length, 0),
    linesToCreate: plan.newCases.reduce((sum, item) => sum + item.lines.length, 0) + plan.updates.reduce((sum, item) => sum + item.newLines.length, 0),
    linesToUpdate: plan.updates.reduce((sum, item) => sum + item.changedLines.length, 0),
    patientsWithRecurrenceChanges: plan.newCases.filter((item) => item.recurrences.length > 0).length + plan.updates.filter((item) => item.recurrences !== null).length,
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
      await commitImportPlan(db, user, plan, options.mode, (written, of) => progress("writing", written, of), options.bulkWrite);
    } catch (error) {
      // A study ID inserted by someone else between validation and commit: the unique index
      // refuses it and the transaction rolls back whole.
      if (error instanceof Error && /patients_study_id_key|unique constraint/i.test(error.message)) {
        throw new AppError("CONFLICT", "A study ID in the file was added by someone else while the import ran; nothing was imported. Check the file again.");
      }
      throw error;
    }
    report.committed = true;
    await rememberOwnWrite(user);
    await compactAfterBulkWrite(db);
    const written = report.patientsToCreate + report.patientsToUpdate + report.testsToCreate + report.testsToUpdate + report.linesToCreate + report.linesToUpdate;
    if (written >= BULK_LOAD_ROWS) await refreshPlannerStatistics(db);
  }
  report.milliseconds = Math.round(performance.now() - started);
  return report;
}
