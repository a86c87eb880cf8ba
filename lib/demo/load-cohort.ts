// Writes a synthetic cohort with bulk inserts (the seed and the benchmark). The derived columns
// are already computed by the generator with the same functions the case-writing layer uses.
import { insertRows, syncIdSequence, toArrayLiteral, type ColumnSpec, type RawExecutor } from "../db/bulk-insert";
import { DERIVED_COUNT_COLUMNS } from "../cases/derive-case";
import type { DemoCase } from "./types";

export const PATIENT_COLUMNS: ColumnSpec[] = [
  { column: "id", type: "int4" },
  { column: "study_id", type: "text" },
  { column: "site_id", type: "int4" },
  { column: "diagnosis_year", type: "int4" },
  { column: "age_at_diagnosis", type: "int4" },
  { column: "sex", type: '"Sex"' },
  { column: "menopausal_status", type: '"MenopausalStatus"' },
  { column: "histologic_type", type: '"HistologicType"' },
  { column: "grade", type: "int4" },
  { column: "tumour_size_mm", type: "int4" },
  { column: "t_category", type: '"TCategory"' },
  { column: "n_category", type: '"NCategory"' },
  { column: "m_category", type: '"MCategory"' },
  { column: "stage_group", type: '"StageGroup"' },
  { column: "er_percent", type: "int4" },
  { column: "pr_percent", type: "int4" },
  { column: "ki67_percent", type: "int4" },
  { column: "germline_brca", type: '"GermlineBrca"' },
  { column: "disease_setting", type: '"DiseaseSetting"' },
  { column: "days_to_metastasis", type: "int4" },
  { column: "vital_status", type: '"VitalStatus"' },
  { column: "days_to_death", type: "int4" },
  { column: "days_to_last_contact", type: "int4" },
  { column: "hr_status", type: '"HrStatus"' },
  { column: "er_low", type: "bool" },
  { column: "cohort_latest", type: '"Her2Category"' },
  { column: "cohort_primary", type: '"Her2Category"' },
  { column: "cohort_highest", type: '"Her2Category"' },
  { column: "her2_first_category", type: '"Her2Category"' },
  { column: "her2_last_category", type: '"Her2Category"' },
  { column: "her2_metastatic_category", type: '"Her2Category"' },
  { column: "evaluable_test_count", type: "int4" },
  { column: "updated_at", type: "timestamp" },
  ...DERIVED_COUNT_COLUMNS.map(({ column, type }) => ({ column, type })),
];

export const TEST_COLUMNS: ColumnSpec[] = [
  { column: "id", type: "int4" },
  { column: "patient_id", type: "int4" },
  { column: "specimen", type: '"Specimen"' },
  { column: "specimen_site", type: '"SpecimenSite"' },
  { column: "days_since_diagnosis", type: "int4" },
  { column: "assay", type: '"Her2Assay"' },
  { column: "ihc_score", type: '"IhcScore"' },
  { column: "ish_ratio", type: "float8" },
  { column: "ish_copies", type: "float8" },
  { column: "ish_group", type: "int4" },
  { column: "category", type: '"Her2Category"' },
  { column: "updated_at", type: "timestamp" },
];

export const LINE_COLUMNS: ColumnSpec[] = [
  { column: "id", type: "int4" },
  { column: "patient_id", type: "int4" },
  { column: "setting", type: '"TreatmentSetting"' },
  { column: "line_number", type: "int4" },
  { column: "regimen_class", type: '"RegimenClass"' },
  { column: "agents", type: '"Agent"', array: true },
  { column: "start_day", type: "int4" },
  { column: "end_day", type: "int4" },
  { column: "best_response", type: '"BestResponse"' },
  { column: "progression_day", type: "int4" },
  { column: "updated_at", type: "timestamp" },
];

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
