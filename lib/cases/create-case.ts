import "server-only";
import { getDb } from "../db/client";
import { rememberOwnWrite } from "../db/replica-routing";
import type { SessionUser } from "../auth/roles";
import { AppError } from "../errors";
import { diffFields } from "./audit-changes";
import {
  CASE_TRANSACTION_OPTIONS,
  assertCanWriteCases,
  assertStudyIdFree,
  assertStudyIdOfSite,
  isUniqueViolation,
  recordCaseEvent,
  resolveWriteSite,
} from "./case-writes";
import {
  STORED_LINE_FIELDS,
  STORED_PATIENT_FIELDS,
  STORED_TEST_FIELDS,
  diffRecurrences,
  toLineValues,
  toPatientValues,
  toRecurrenceRows,
  toTestValues,
} from "./case-row-values";
import { AUDITED_DERIVED_FIELDS, deriveCaseColumns } from "./derive-case";
import type { CaseInput } from "./schemas";

export type CreatedCase = { id: number; studyId: string; version: number };

/**
 * Creates a case (patient, HER2 tests, treatment lines, recurrence events) with every derived column and one audit
 * event per row, in one transaction. Coordinators create cases of their own site only.
 */
export async function createCase(user: SessionUser, input: CaseInput): Promise<CreatedCase> {
  assertCanWriteCases(user);
  const db = await getDb();
  try {
    const created = await db.$transaction(async (tx) => {
      const siteId = await resolveWriteSite(tx, user, input.patient.siteId, "patient.siteId");
      const values = toPatientValues(input.patient);
      await assertStudyIdOfSite(tx, values.studyId, siteId, "patient.studyId");
      await assertStudyIdFree(tx, values.studyId, null, "patient.studyId");
      const tests = input.tests.map(toTestValues);
      const lines = input.lines.map(toLineValues);
      const derived = deriveCaseColumns(values, tests, lines);
      const stored = { ...values, siteId, ...derived.patient };
      const patient = await tx.patient.create({ data: stored });
      const recurrences = toRecurrenceRows(values, input.recurrences);
      if (recurrences.length > 0) await tx.recurrenceEvent.createMany({ data: recurrences.map((event) => ({ ...event, patientId: patient.id })) });
      const audit = { tx, user, siteId, reason: null };
      await recordCaseEvent(audit, "PATIENT", patient.id, "CREATE", {
        ...diffFields(null, stored, [...STORED_PATIENT_FIELDS, ...AUDITED_DERIVED_FIELDS]),
        ...diffRecurrences(null, recurrences),
      });
      for (const [index, testValues] of tests.entries()) {
        const created = await tx.her2Test.create({ data: { ...testValues, ...derived.tests[index], patientId: patient.id } });
        await recordCaseEvent(audit, "HER2_TEST", created.id, "CREATE", diffFields(null, testValues, STORED_TEST_FIELDS));
      }
      for (const [index, lineValues] of lines.entries()) {
        const created = await tx.treatmentLine.create({ data: { ...lineValues, ...derived.lines[index], patientId: patient.id } });
        await recordCaseEvent(audit, "TREATMENT_LINE", created.id, "CREATE", diffFields(null, lineValues, STORED_LINE_FIELDS));
      }
      return { id: patient.id, studyId: patient.studyId, version: patient.version };
    }, CASE_TRANSACTION_OPTIONS);
    await rememberOwnWrite(user);
    return created;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("VALIDATION", `Study ID ${input.patient.studyId} already exists`, {
        fields: [{ path: "patient.studyId", message: `Study ID ${input.patient.studyId} already exists` }],
      });
    }
    throw error;
  }
}
