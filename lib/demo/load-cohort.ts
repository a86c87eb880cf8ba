// Writes a synthetic cohort with bulk inserts (the seed and the benchmark). The derived columns
// are already computed by the generator with the same functions the case-writing layer uses.
import { insertRows, syncIdSequence, toArrayLiteral, type RawExecutor } from "../db/bulk-insert";
import { LINE_COLUMNS, PATIENT_COLUMNS, RECURRENCE_COLUMNS, TEST_COLUMNS, toColumnValues } from "../db/clinical-columns";
import type { DemoCase } from "./types";

export type LoadCursor = { nextPatientId: number; nextTestId: number; nextLineId: number };

export type LoadCounts = { patients: number; tests: number; lines: number };

/** The rows of one case in the column order above (shared by the unnest inserts and the benchmark's COPY). */
export function buildCaseRows(
  demoCase: DemoCase,
  siteIds: ReadonlyMap<string, number>,
  cursor: LoadCursor,
  now: Date,
): { patient: unknown[]; tests: unknown[][]; lines: unknown[][]; recurrences: unknown[][] } {
  const { patient, tests: patientTests, lines: patientLines } = demoCase;
  const patientId = cursor.nextPatientId++;
  const siteId = siteIds.get(patient.siteCode);
  if (siteId === undefined) throw new Error(`Unknown demo site ${patient.siteCode}`);
  return {
    patient: toColumnValues(PATIENT_COLUMNS, { ...patient, id: patientId, siteId, updatedAt: now }, toArrayLiteral),
    tests: patientTests.map((test) => toColumnValues(TEST_COLUMNS, { ...test, id: cursor.nextTestId++, patientId, updatedAt: now }, toArrayLiteral)),
    lines: patientLines.map((line) => toColumnValues(LINE_COLUMNS, { ...line, id: cursor.nextLineId++, patientId, updatedAt: now }, toArrayLiteral)),
    recurrences: demoCase.recurrences.map((event) => toColumnValues(RECURRENCE_COLUMNS, { ...event, patientId }, toArrayLiteral)),
  };
}

/** Inserts one batch of cases; `siteIds` maps a demo site code to its database id. */
export async function insertCaseBatch(
  db: RawExecutor,
  cases: readonly DemoCase[],
  siteIds: ReadonlyMap<string, number>,
  cursor: LoadCursor,
): Promise<LoadCounts> {
  const now = new Date();
  const patients: unknown[][] = [];
  const tests: unknown[][] = [];
  const lines: unknown[][] = [];
  const recurrences: unknown[][] = [];
  for (const demoCase of cases) {
    const rows = buildCaseRows(demoCase, siteIds, cursor, now);
    patients.push(rows.patient);
    tests.push(...rows.tests);
    lines.push(...rows.lines);
    recurrences.push(...rows.recurrences);
  }
  await insertRows(db, "patients", PATIENT_COLUMNS, patients);
  await insertRows(db, "her2_tests", TEST_COLUMNS, tests);
  await insertRows(db, "treatment_lines", LINE_COLUMNS, lines);
  if (recurrences.length > 0) await insertRows(db, "recurrence_events", RECURRENCE_COLUMNS, recurrences);
  return { patients: patients.length, tests: tests.length, lines: lines.length };
}

export async function syncCohortSequences(db: RawExecutor): Promise<void> {
  for (const table of ["sites", "patients", "her2_tests", "treatment_lines", "recurrence_events"]) await syncIdSequence(db, table);
}
