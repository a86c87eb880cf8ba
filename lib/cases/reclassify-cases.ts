import "server-only";
// Recomputes every stored HER2 category and derived patient column (cohorts, negative-call
// counts, metastatic-line regimens) with the current rules (npm run
// db:reclassify), for when lib/her2 changes. Batches of patients in id order, each batch in its
// own transaction with its patients locked (a concurrent case write waits, then sees the new
// values); the pure functions compute, and only rows whose values changed are written, in one
// statement per table per batch. Idempotent: a second run changes nothing.
import type { PrismaClient } from "../generated/prisma/client";
import type { Her2Category, IhcScore } from "../her2/classify";
import { COHORT_RULES, type CohortRule, type Specimen } from "../her2/cohort";
import { recordAuditEvent } from "../audit/record-audit-event";
import { compactAfterBulkWrite } from "../db/patient-counts-upkeep";
import { isSameValue } from "./audit-changes";
import {
  DERIVED_COUNT_COLUMNS,
  PATIENT_DERIVED_FIELDS,
  derivePatientColumns,
  deriveTestColumns,
  type LiveTestForDerivation,
  type PatientDerivedColumns,
} from "./derive-case";
import type { Her2AssayName, NegativeCallCounts } from "./derive-patient";
import type { LineForDerivation, MetastaticLineRegimens } from "./derive-lines";

export type ReclassifyOptions = { batchSize?: number; onProgress?: (done: number) => void };

export type ReclassifyReport = {
  patients: number;
  tests: number;
  testsChanged: number;
  patientsChanged: number;
  /** Patients whose cohort changed, per cohort rule. */
  cohortChanges: Record<CohortRule, number>;
  milliseconds: number;
};

type PatientRow = {
  id: number;
  er_percent: number | null;
  pr_percent: number | null;
  hr_status: string | null;
  er_low: boolean | null;
  cohort_latest: string | null;
  cohort_primary: string | null;
  cohort_highest: string | null;
  her2_first_category: string | null;
  her2_last_category: string | null;
  her2_metastatic_category: string | null;
  evaluable_test_count: number;
} & Record<string, unknown>;

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
  live: boolean;
};

const COHORT_FIELD: Readonly<Record<CohortRule, keyof PatientDerivedColumns>> = {
  latest: "cohortLatest",
  primary: "cohortPrimary",
  highest: "cohortHighest",
};

function storedDerived(row: PatientRow): PatientDerivedColumns {
  return {
    hrStatus: row.hr_status as PatientDerivedColumns["hrStatus"],
    erLow: row.er_low,
    cohortLatest: row.cohort_latest as Her2Category | null,
    cohortPrimary: row.cohort_primary as Her2Category | null,
    cohortHighest: row.cohort_highest as Her2Category | null,
    her2FirstCategory: row.her2_first_category as Her2Category | null,
    her2LastCategory: row.her2_last_category as Her2Category | null,
    her2MetastaticCategory: row.her2_metastatic_category as Her2Category | null,
    evaluableTestCount: row.evaluable_test_count,
    ...(Object.fromEntries(DERIVED_COUNT_COLUMNS.map(({ field, column }) => [field, Number(row[column])])) as NegativeCallCounts & MetastaticLineRegimens),
  };
}

export async function reclassifyCases(db: PrismaClient, options: ReclassifyOptions = {}): Promise<ReclassifyReport> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 5_000;
  const report: ReclassifyReport = {
    patients: 0,
    tests: 0,
    testsChanged: 0,
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
          `SELECT id, er_percent, pr_percent, hr_status::text AS hr_status, er_low,
                  cohort_latest::text AS cohort_latest, cohort_primary::text AS cohort_primary,
                  cohort_highest::text AS cohort_highest, her2_first_category::text AS her2_first_category,
                  her2_last_category::text AS her2_last_category, her2_metastatic_category::text AS her2_metastatic_category,
                  evaluable_test_count, ${DERIVED_COUNT_COLUMNS.map(({ column }) => column).join(", ")}
             FROM patients WHERE id > $1 ORDER BY id LIMIT $2 FOR UPDATE`,
          lastId,
          batchSize,
        );
        if (patients.length === 0) return null;
        const firstId = patients[0]?.id ?? 0;
        const endId = patients.at(-1)?.id ?? 0;
        const tests = await tx.$queryRawUnsafe<TestRow[]>(
          `SELECT id, patient_id, specimen::text AS specimen, days_since_diagnosis, ihc_score::text AS ihc_score,
                  ish_ratio, ish_copies, ish_group, category::text AS category, assay::text AS assay, deleted_at IS NULL AS live
             FROM her2_tests WHERE patient_id BETWEEN $1 AND $2`,
          firstId,
          endId,
        );

        const lines = await tx.$queryRawUnsafe<(LineForDerivation & { patientId: number })[]>(
          `SELECT patient_id AS "patientId", setting::text AS setting, line_number AS "lineNumber", regimen_class::text AS "regimenClass"
             FROM treatment_lines WHERE patient_id BETWEEN $1 AND $2 AND deleted_at IS NULL`,
          firstId,
          endId,
        );
        const linesByPatient = new Map<number, LineForDerivation[]>();
        for (const line of lines) linesByPatient.set(line.patientId, [...(linesByPatient.get(line.patientId) ?? []), line]);

        const changedTests: [number, string, number | null][] = [];
        const liveByPatient = new Map<number, LiveTestForDerivation[]>();
        for (const test of tests) {
          const derived = deriveTestColumns({ ihcScore: test.ihc_score, ishRatio: test.ish_ratio, ishCopies: test.ish_copies });
          if (derived.category !== test.category || derived.ishGroup !== test.ish_group) {
            changedTests.push([test.id, derived.category, derived.ishGroup]);
          }
          if (!test.live) continue;
          const list = liveByPatient.get(test.patient_id) ?? [];
          list.push({ daysSinceDiagnosis: test.days_since_diagnosis, specimen: test.specimen, category: derived.category, assay: test.assay });
          liveByPatient.set(test.patient_id, list);
        }

        const changedPatients: (readonly unknown[])[] = [];
        const cohortChanges: Record<CohortRule, number> = { latest: 0, primary: 0, highest: 0 };
        for (const patient of patients) {
          const stored = storedDerived(patient);
          const derived = derivePatientColumns({ erPercent: patient.er_percent, prPercent: patient.pr_percent }, liveByPatient.get(patient.id) ?? [], linesByPatient.get(patient.id) ?? []);
          if (PATIENT_DERIVED_FIELDS.every((field) => isSameValue(stored[field], derived[field]))) continue;
          for (const rule of COHORT_RULES) {
            if (stored[COHORT_FIELD[rule]] !== derived[COHORT_FIELD[rule]]) cohortChanges[rule] += 1;
          }
          changedPatients.push([patient.id, ...PATIENT_DERIVED_FIELDS.map((field) => derived[field])]);
        }

        if (changedTests.length > 0) {
          await tx.$executeRawUnsafe(
            `UPDATE her2_tests t SET category = u.category::"Her2Category", ish_group = u.ish_group, updated_at = now()
               FROM unnest($1::int4[], $2::text[], $3::int4[]) AS u(id, category, ish_group) WHERE t.id = u.id`,
            changedTests.map((row) => row[0]),
            changedTests.map((row) => row[1]),
            changedTests.map((row) => row[2]),
          );
        }
        if (changedPatients.length > 0) {
          const column = (index: number) => changedPatients.map((row) => row[index] ?? null);
          await tx.$executeRawUnsafe(
            `UPDATE patients p SET hr_status = u.hr_status::"HrStatus", er_low = u.er_low,
                    cohort_latest = u.cohort_latest::"Her2Category", cohort_primary = u.cohort_primary::"Her2Category",
                    cohort_highest = u.cohort_highest::"Her2Category", her2_first_category = u.her2_first_category::"Her2Category",
                    her2_last_category = u.her2_last_category::"Her2Category",
                    her2_metastatic_category = u.her2_metastatic_category::"Her2Category",
                    evaluable_test_count = u.evaluable_test_count,
                    ${DERIVED_COUNT_COLUMNS.map(({ column }) => `${column} = u.${column}`).join(", ")}, updated_at = now()
               FROM unnest($1::int4[], $2::text[], $3::bool[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int4[],
                           ${DERIVED_COUNT_COLUMNS.map((_, i) => `$${11 + i}::int4[]`).join(", ")})
                    AS u(id, hr_status, er_low, cohort_latest, cohort_primary, cohort_highest, her2_first_category,
                         her2_last_category, her2_metastatic_category, evaluable_test_count,
                         ${DERIVED_COUNT_COLUMNS.map(({ column }) => column).join(", ")})
              WHERE p.id = u.id`,
            ...Array.from({ length: PATIENT_DERIVED_FIELDS.length + 1 }, (_, index) => column(index)),
          );
        }
        return { lastId: endId, patients: patients.length, tests: tests.length, testsChanged: changedTests.length, patientsChanged: changedPatients.length, cohortChanges };
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    if (batch === null) break;
    lastId = batch.lastId;
    report.patients += batch.patients;
    report.tests += batch.tests;
    report.testsChanged += batch.testsChanged;
    report.patientsChanged += batch.patientsChanged;
    for (const rule of COHORT_RULES) report.cohortChanges[rule] += batch.cohortChanges[rule];
    options.onProgress?.(report.patients);
  }
  if (report.patientsChanged > 0) await compactAfterBulkWrite(db);
  if (report.testsChanged > 0 || report.patientsChanged > 0) {
    await recordAuditEvent(db, {
      actor: null,
      entity: "PATIENT",
      action: "UPDATE",
      reason: "Reclassification with the current HER2 rules (npm run db:reclassify)",
      changes: {
        testsChanged: report.testsChanged,
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
