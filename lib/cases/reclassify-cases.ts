import "server-only";
// Recomputes every stored derived value with the current rules (npm run db:reclassify), for when
// lib/her2 changes: each test's HER2 category and timing against neoadjuvant therapy and the
// Agreement tab's stored pairs of reads (on live tests), each line's HER2 status at its start and
// whether a CDK4/6-inhibitor line came before it, and each patient's derived columns (cohorts, transitions,
// negative-call counts, metastatic-line regimens). Batches of patients in id order, each batch in its
// own transaction with its patients locked (a concurrent case write waits, then sees the new
// values); the pure functions compute, and only rows whose values changed are written, in one
// statement per table per batch. Idempotent: a second run changes nothing.
import type { PrismaClient } from "../generated/prisma/client";
import type { Her2Category, IhcScore } from "../her2/classify";
import { COHORT_RULES, type CohortRule, type ReadKind, type Specimen, type TreatmentTiming } from "../her2/cohort";
import { recordAuditEvent } from "../audit/record-audit-event";
import { PATIENT_COLUMNS } from "../db/clinical-columns";
import { compactAfterBulkWrite } from "../db/patient-counts-upkeep";
import { isSameValue } from "./audit-changes";
import {
  PATIENT_DERIVED_FIELDS,
  deriveLineHer2AtStart,
  derivePriorCdk46,
  derivePatientColumns,
  deriveTestColumns,
  deriveTestTiming,
  type LineForCaseDerivation,
  type LiveTestForDerivation,
  type PatientDerivedColumns,
} from "./derive-case";
import type { Her2AssayName } from "./derive-patient";
import { SPECIMEN_READ_COLUMNS, SPECIMEN_READ_FIELDS, deriveSpecimenReads, type SpecimenReadColumns } from "./derive-specimen-reads";

export type ReclassifyOptions = { batchSize?: number; onProgress?: (done: number) => void };

export type ReclassifyReport = {
  patients: number;
  tests: number;
  testsChanged: number;
  /** Live tests whose stored pairs of reads (the Agreement tab) changed. */
  pairsChanged: number;
  /** Treatment lines whose HER2 status at the start, or prior CDK4/6-inhibitor flag, changed. */
  linesChanged: number;
  patientsChanged: number;
  /** Patients whose cohort changed, per cohort rule. */
  cohortChanges: Record<CohortRule, number>;
  milliseconds: number;
};

/** The derived patient columns with their SQL names and types, in PATIENT_DERIVED_FIELDS' order. */
const DERIVED_PATIENT_COLUMNS = PATIENT_DERIVED_FIELDS.map((field) => {
  const spec = PATIENT_COLUMNS.find((column) => column.field === field);
  if (!spec) throw new Error(`No column for the derived field ${field}`);
  return spec;
});

type PatientRow = { id: number; er_percent: number | null; pr_percent: number | null; diagnosis_year: number } & Record<string, unknown>;

type TestRow = {
  id: number;
  patient_id: number;
  specimen: Specimen;
  days_since_diagnosis: number;
  ihc_score: IhcScore | null;
  ish_ratio: number | null;
  ish_copies: number | null;
  ish_group: number | null;
  category: Her2Category;
  assay: Her2AssayName;
  block_label: string | null;
  read_kind: ReadKind;
  reader: string | null;
  treatment_timing: TreatmentTiming;
  residual_disease: boolean;
  live: boolean;
} & SpecimenReadColumns;

type LineRow = LineForCaseDerivation & { id: number; patientId: number; her2AtStart: Her2Category | null; priorCdk46: boolean; live: boolean };

const COHORT_FIELD: Readonly<Record<CohortRule, keyof PatientDerivedColumns>> = {
  latest: "cohortLatest",
  primary: "cohortPrimary",
  highest: "cohortHighest",
};

function storedDerived(row: PatientRow): PatientDerivedColumns {
  return Object.fromEntries(
    DERIVED_PATIENT_COLUMNS.map(({ field, column, type, array }) => [
      field,
      row[column] === null || type === "bool" || type.startsWith('"') ? row[column] : array ? (row[column] as unknown[]).map(Number) : Number(row[column]),
    ]),
  ) as PatientDerivedColumns;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row)) ?? [];
    list.push(row);
    groups.set(key(row), list);
  }
  return groups;
}

export async function reclassifyCases(db: PrismaClient, options: ReclassifyOptions = {}): Promise<ReclassifyReport> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 5_000;
  const report: ReclassifyReport = {
    patients: 0,
    tests: 0,
    testsChanged: 0,
    pairsChanged: 0,
    linesChanged: 0,
    patientsChanged: 0,
    cohortChanges: { latest: 0, primary: 0, highest: 0 },
    milliseconds: 0,
  };
  let lastId = 0;
  for (;;) {
    const batch = await db.$transaction(
      async (tx) => {
        // Soft-deleted patients are included: a restored case must come back with current values.
        const patients = await tx.$queryRawUnsafe<PatientRow[]>(
          `SELECT id, er_percent, pr_percent, diagnosis_year, ${DERIVED_PATIENT_COLUMNS.map(({ column, type }) => (type.startsWith('"') ? `${column}::text AS ${column}` : column)).join(", ")}
             FROM patients WHERE id > $1 ORDER BY id LIMIT $2 FOR UPDATE`,
          lastId,
          batchSize,
        );
        if (patients.length === 0) return null;
        const firstId = patients[0]?.id ?? 0;
        const endId = patients.at(-1)?.id ?? 0;
        const tests = await tx.$queryRawUnsafe<TestRow[]>(
          `SELECT id, patient_id, specimen::text AS specimen, days_since_diagnosis, ihc_score::text AS ihc_score,
                  ish_ratio, ish_copies, ish_group, category::text AS category, assay::text AS assay, block_label,
                  read_kind::text AS read_kind, reader, treatment_timing::text AS treatment_timing, residual_disease, deleted_at IS NULL AS live,
                  ${SPECIMEN_READ_FIELDS.map((field) => `${SPECIMEN_READ_COLUMNS[field].column}::text AS "${field}"`).join(", ")}
             FROM her2_tests WHERE patient_id BETWEEN $1 AND $2 ORDER BY id`,
          firstId,
          endId,
        );
        const lines = await tx.$queryRawUnsafe<LineRow[]>(
          `SELECT id, patient_id AS "patientId", setting::text AS setting, line_number AS "lineNumber", regimen_class::text AS "regimenClass",
                  start_day AS "startDay", end_day AS "endDay", her2_at_start::text AS "her2AtStart", prior_cdk46 AS "priorCdk46", deleted_at IS NULL AS live
             FROM treatment_lines WHERE patient_id BETWEEN $1 AND $2 ORDER BY id`,
          firstId,
          endId,
        );
        const linesByPatient = groupBy(lines, (line) => line.patientId);
        const liveLines = (patientId: number) => (linesByPatient.get(patientId) ?? []).filter((line) => line.live);

        // Every test (deleted ones too, so that a restore brings current values): its category,
        // then its timing against the patient's live neoadjuvant lines.
        const changedTests: [number, string, number | null, string, boolean][] = [];
        const liveByPatient = new Map<number, LiveTestForDerivation[]>();
        const liveRowsByPatient = new Map<number, TestRow[]>();
        for (const test of tests) {
          const derived = deriveTestColumns({ ihcScore: test.ihc_score, ishRatio: test.ish_ratio, ishCopies: test.ish_copies });
          const timing = deriveTestTiming({ daysSinceDiagnosis: test.days_since_diagnosis, specimen: test.specimen }, liveLines(test.patient_id));
          if (derived.category !== test.category || derived.ishGroup !== test.ish_group || timing.treatmentTiming !== test.treatment_timing || timing.residualDisease !== test.residual_disease) {
            changedTests.push([test.id, derived.category, derived.ishGroup, timing.treatmentTiming, timing.residualDisease]);
          }
          if (!test.live) continue;
          const list = liveByPatient.get(test.patient_id) ?? [];
          list.push({
            daysSinceDiagnosis: test.days_since_diagnosis,
            specimen: test.specimen,
            category: derived.category,
            assay: test.assay,
            blockLabel: test.block_label,
            readKind: test.read_kind,
            ihcScore: test.ihc_score,
            reader: test.reader,
          });
          liveByPatient.set(test.patient_id, list);
          liveRowsByPatient.set(test.patient_id, [...(liveRowsByPatient.get(test.patient_id) ?? []), test]);
        }

        // The stored pairs of each patient's live tests (in id order, which breaks ties between
        // reads), kept for the patient's own columns (its pair codes) below.
        const changedPairs: (readonly unknown[])[] = [];
        const pairsByPatient = new Map<number, SpecimenReadColumns[]>();
        for (const [patientId, rows] of liveRowsByPatient) {
          const pairs = deriveSpecimenReads(liveByPatient.get(patientId) ?? []);
          pairsByPatient.set(patientId, pairs);
          for (const [index, row] of rows.entries()) {
            const next = pairs[index] as SpecimenReadColumns;
            if (SPECIMEN_READ_FIELDS.some((field) => row[field] !== next[field])) changedPairs.push([row.id, ...SPECIMEN_READ_FIELDS.map((field) => next[field])]);
          }
        }

        const changedLines: [number, string | null, boolean][] = [];
        for (const line of lines) {
          const her2AtStart = deriveLineHer2AtStart(line, liveByPatient.get(line.patientId) ?? []);
          const priorCdk46 = derivePriorCdk46(line, liveLines(line.patientId));
          if (her2AtStart !== line.her2AtStart || priorCdk46 !== line.priorCdk46) changedLines.push([line.id, her2AtStart, priorCdk46]);
        }

        const changedPatients: (readonly unknown[])[] = [];
        const cohortChanges: Record<CohortRule, number> = { latest: 0, primary: 0, highest: 0 };
        for (const patient of patients) {
          const stored = storedDerived(patient);
          const derived = derivePatientColumns(
            { erPercent: patient.er_percent, prPercent: patient.pr_percent, diagnosisYear: patient.diagnosis_year },
            liveByPatient.get(patient.id) ?? [], liveLines(patient.id), pairsByPatient.get(patient.id) ?? []);
          if (PATIENT_DERIVED_FIELDS.every((field) => isSameValue(stored[field], derived[field]))) continue;
          for (const rule of COHORT_RULES) {
            if (stored[COHORT_FIELD[rule]] !== derived[COHORT_FIELD[rule]]) cohortChanges[rule] += 1;
          }
          changedPatients.push([patient.id, ...PATIENT_DERIVED_FIELDS.map((field) => derived[field])]);
        }

        if (changedTests.length > 0) {
          await tx.$executeRawUnsafe(
            `UPDATE her2_tests t SET category = u.category::"Her2Category", ish_group = u.ish_group,
                    treatment_timing = u.treatment_timing::"TreatmentTiming", residual_disease = u.residual_disease, updated_at = now()
               FROM unnest($1::int4[], $2::text[], $3::int4[], $4::text[], $5::bool[]) AS u(id, category, ish_group, treatment_timing, residual_disease)
              WHERE t.id = u.id`,
            ...[0, 1, 2, 3, 4].map((index) => changedTests.map((row) => row[index])),
          );
        }
        if (changedPairs.length > 0) {
          await tx.$executeRawUnsafe(
            `UPDATE her2_tests t SET ${SPECIMEN_READ_FIELDS.map((field) => `${SPECIMEN_READ_COLUMNS[field].column} = u.${SPECIMEN_READ_COLUMNS[field].column}::${SPECIMEN_READ_COLUMNS[field].type}`).join(", ")}
               FROM unnest($1::int4[], ${SPECIMEN_READ_FIELDS.map((_, i) => `$${i + 2}::text[]`).join(", ")})
                    AS u(id, ${SPECIMEN_READ_FIELDS.map((field) => SPECIMEN_READ_COLUMNS[field].column).join(", ")})
              WHERE t.id = u.id`,
            ...Array.from({ length: SPECIMEN_READ_FIELDS.length + 1 }, (_, index) => changedPairs.map((row) => row[index] ?? null)),
          );
        }
        if (changedLines.length > 0) {
          await tx.$executeRawUnsafe(
            `UPDATE treatment_lines l SET her2_at_start = u.her2_at_start::"Her2Category", prior_cdk46 = u.prior_cdk46, updated_at = now()
               FROM unnest($1::int4[], $2::text[], $3::bool[]) AS u(id, her2_at_start, prior_cdk46) WHERE l.id = u.id`,
            changedLines.map((row) => row[0]),
            changedLines.map((row) => row[1]),
            changedLines.map((row) => row[2]),
          );
        }
        if (changedPatients.length > 0) {
          // unnest cannot produce nested arrays: an array column's values travel as array literals.
          const column = (index: number) =>
            changedPatients.map((row) => {
              const value = row[index] ?? null;
              return Array.isArray(value) ? `{${value.join(",")}}` : value;
            });
          const arrayType = (type: string, array?: boolean) => (array || type.startsWith('"') ? "text" : type);
          const cast = (type: string, array?: boolean) => (array ? `::${type}[]` : type.startsWith('"') ? `::${type}` : "");
          await tx.$executeRawUnsafe(
            `UPDATE patients p SET ${DERIVED_PATIENT_COLUMNS.map(({ column: name, type, array }) => `${name} = u.${name}${cast(type, array)}`).join(", ")}, updated_at = now()
               FROM unnest($1::int4[], ${DERIVED_PATIENT_COLUMNS.map(({ type, array }, i) => `$${i + 2}::${arrayType(type, array)}[]`).join(", ")})
                    AS u(id, ${DERIVED_PATIENT_COLUMNS.map(({ column: name }) => name).join(", ")})
              WHERE p.id = u.id`,
            ...Array.from({ length: PATIENT_DERIVED_FIELDS.length + 1 }, (_, index) => column(index)),
          );
        }
        return {
          lastId: endId,
          patients: patients.length,
          tests: tests.length,
          testsChanged: changedTests.length,
          pairsChanged: changedPairs.length,
          linesChanged: changedLines.length,
          patientsChanged: changedPatients.length,
          cohortChanges,
        };
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    if (batch === null) break;
    lastId = batch.lastId;
    report.patients += batch.patients;
    report.tests += batch.tests;
    report.testsChanged += batch.testsChanged;
    report.pairsChanged += batch.pairsChanged;
    report.linesChanged += batch.linesChanged;
    report.patientsChanged += batch.patientsChanged;
    for (const rule of COHORT_RULES) report.cohortChanges[rule] += batch.cohortChanges[rule];
    options.onProgress?.(report.patients);
  }
  if (report.patientsChanged > 0) await compactAfterBulkWrite(db);
  if (report.testsChanged > 0 || report.pairsChanged > 0 || report.linesChanged > 0 || report.patientsChanged > 0) {
    await recordAuditEvent(db, {
      actor: null,
      entity: "PATIENT",
      action: "UPDATE",
      reason: "Reclassification with the current HER2 rules (npm run db:reclassify)",
      changes: {
        testsChanged: report.testsChanged,
        pairsChanged: report.pairsChanged,
        linesChanged: report.linesChanged,
        patientsChanged: report.patientsChanged,
        cohortLatestChanged: report.cohortChanges.latest,
        cohortPrimaryChanged: report.cohortChanges.primary,
        cohortHighestChanged: report.cohortChanges.highest,
      },
    });
  }
  report.milliseconds = Math.round(performance.now() - started);
  return report;
}
