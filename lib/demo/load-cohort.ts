// Writes a synthetic cohort with bulk inserts (the seed and the benchmark). The derived columns
// are already computed by the generator with the same functions the case-writing layer uses.
import { insertRows, syncIdSequence, toArrayLiteral, type RawExecutor } from "../db/bulk-insert";
import { LINE_COLUMNS, PATIENT_COLUMNS, TEST_COLUMNS } from "../db/clinical-columns";
import { DERIVED_COUNT_COLUMNS } from "../cases/derive-case";
import type { DemoCase } from "./types";

export type LoadCursor = { nextPatientId: number; nextTestId: number; nextLineId: number };

export type LoadCounts = { patients: number; tests: number; lines: number };

/** The rows of one case in the column order above (shared by the unnest inserts and the benchmark's COPY). */
export function buildCaseRows(
  demoCase: DemoCase,
  siteIds: ReadonlyMap<string, number>,
  cursor: LoadCursor,
  now: Date,
): { patient: unknown[]; tests: unknown[][]; lines: unknown[][] } {
  const { patient, tests: patientTests, lines: patientLines } = demoCase;
  const patientId = cursor.nextPatientId++;
  const siteId = siteIds.get(patient.siteCode);
  if (siteId === undefined) throw new Error(`Unknown demo site ${patient.siteCode}`);
  return {
    patient: [
      patientId, patient.studyId, siteId, patient.diagnosisYear, patient.ageAtDiagnosis, patient.sex,
      patient.menopausalStatus, patient.histologicType, patient.grade, patient.tumourSizeMm, patient.tCategory,
      patient.nCategory, patient.mCategory, patient.stageGroup, patient.erPercent, patient.prPercent,
      patient.ki67Percent, patient.germlineBrca, patient.diseaseSetting, patient.daysToMetastasis,
      patient.vitalStatus, patient.daysToDeath, patient.daysToLastContact, patient.hrStatus, patient.erLow,
      patient.cohortLatest, patient.cohortPrimary, patient.cohortHighest, patient.her2FirstCategory,
      patient.her2LastCategory, patient.her2MetastaticCategory, patient.evaluableTestCount, now,
      ...DERIVED_COUNT_COLUMNS.map(({ field }) => patient[field]),
    ],
    tests: patientTests.map((test) => [
      cursor.nextTestId++, patientId, test.specimen, test.specimenSite, test.daysSinceDiagnosis, test.assay,
      test.ihcScore, test.ishRatio, test.ishCopies, test.ishGroup, test.category, now,
    ]),
    lines: patientLines.map((line) => [
      cursor.nextLineId++, patientId, line.setting, line.lineNumber, line.regimenClass, toArrayLiteral(line.agents),
      line.startDay, line.endDay, line.bestResponse, line.progressionDay, now,
    ]),
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
  for (const demoCase of cases) {
    const rows = buildCaseRows(demoCase, siteIds, cursor, now);
    patients.push(rows.patient);
    tests.push(...rows.tests);
    lines.push(...rows.lines);
  }
  await insertRows(db, "patients", PATIENT_COLUMNS, patients);
  await insertRows(db, "her2_tests", TEST_COLUMNS, tests);
  await insertRows(db, "treatment_lines", LINE_COLUMNS, lines);
  return { patients: patients.length, tests: tests.length, lines: lines.length };
}

export async function syncCohortSequences(db: RawExecutor): Promise<void> {
  for (const table of ["sites", "patients", "her2_tests", "treatment_lines"]) await syncIdSequence(db, table);
}
