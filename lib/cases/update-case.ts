import "server-only";
import { getDb } from "../db/client";
import { rememberOwnWrite } from "../db/replica-routing";
import type { SessionUser } from "../auth/roles";
import { AppError, type FieldError } from "../errors";
import { diffFields, hasChanges, type FieldChanges } from "./audit-changes";
import {
  CASE_TRANSACTION_OPTIONS,
  assertCanWriteCases,
  assertStudyIdFree,
  assertStudyIdOfSite,
  isUniqueViolation,
  lockScopedPatient,
  recordCaseEvent,
  resolveWriteSite,
  type CaseAuditContext,
  type Tx,
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
import { sortRecurrences } from "./early-disease";
import { AUDITED_DERIVED_FIELDS, PATIENT_DERIVED_FIELDS } from "./derive-case";
import { refreshCaseDerivations } from "./refresh-case-derivations";
import type { CaseUpdateInput } from "./schemas";
import { findRowConflicts, type ConflictEntity, type RowConflict } from "./row-conflicts";

export type UpdatedCase = { id: number; version: number; changedRows: number };

/**
 * Saves an edit of a case: the patient's fields and its tests and lines added, changed or
 * (softly) deleted, each row only if it is still at the version the form was opened at.
 * A stale row refuses the whole save with CONFLICT, listing what changed since; nothing is
 * written. Every changed row gets its audit event with the reason, and the patient's derived
 * columns (HR status, cohorts under each rule, transitions) are recomputed in the same
 * transaction.
 */
export async function updateCase(user: SessionUser, patientId: number, input: CaseUpdateInput): Promise<UpdatedCase> {
  assertCanWriteCases(user);
  assertNoDuplicateRows(input);
  const db = await getDb();
  try {
    const updated = await db.$transaction(async (tx) => {
      await lockScopedPatient(tx, user, patientId);
      const patient = await tx.patient.findUniqueOrThrow({ where: { id: patientId } });
      const tests = await tx.her2Test.findMany({ where: { patientId } });
      const lines = await tx.treatmentLine.findMany({ where: { patientId } });

      const patientValues = toPatientValues(input.patient);
      const conflicts = [
        ...findRowConflicts("PATIENT", [{ id: patientId, version: input.patient.version, values: patientValues }], [patient], STORED_PATIENT_FIELDS),
        ...findRowConflicts("HER2_TEST", sentRows(input.tests, input.deletedTests, toTestValues), tests, STORED_TEST_FIELDS),
        ...findRowConflicts("TREATMENT_LINE", sentRows(input.lines, input.deletedLines, toLineValues), lines, STORED_LINE_FIELDS),
      ];
      if (conflicts.length > 0) await refuseStaleSave(tx, conflicts, { PATIENT: [patientId], HER2_TEST: tests.map((test) => test.id), TREATMENT_LINE: lines.map((line) => line.id) });

      const siteId = await resolveSiteChange(tx, user, patient.siteId, input.patient.siteId);
      // A new study ID, or a move to another site, must carry the site's code; checked before
      // the ID is looked up (an edit that keeps both keeps whatever was stored before the rule).
      if (patientValues.studyId !== patient.studyId || siteId !== patient.siteId) await assertStudyIdOfSite(tx, patientValues.studyId, siteId, "patient.studyId");
      if (patientValues.studyId !== patient.studyId) await assertStudyIdFree(tx, patientValues.studyId, patientId, "patient.studyId");

      const audit: CaseAuditContext = { tx, user, siteId, reason: input.reason };
      let changedRows = 0;
      changedRows += await saveTests(audit, patientId, input, tests);
      changedRows += await saveLines(audit, patientId, input, lines);

      const derivedValues = await refreshCaseDerivations(tx, patientId, patientValues);
      const storedRecurrences = sortRecurrences(await tx.recurrenceEvent.findMany({ where: { patientId }, select: { kind: true, day: true } }));
      const recurrences = toRecurrenceRows(patientValues, input.recurrences);
      // The rows are replaced whenever they differ: an entered event changed, or the distant one
      // followed a new day of metastasis.
      if (JSON.stringify(recurrences) !== JSON.stringify(storedRecurrences)) {
        await tx.recurrenceEvent.deleteMany({ where: { patientId } });
        if (recurrences.length > 0) await tx.recurrenceEvent.createMany({ data: recurrences.map((event) => ({ ...event, patientId })) });
      }
      const entered = { ...diffFields(patient, { ...patientValues, siteId }, STORED_PATIENT_FIELDS), ...diffRecurrences(storedRecurrences, recurrences) };
      const derived = diffFields(patient, derivedValues, AUDITED_DERIVED_FIELDS);
      const derivedStale = hasChanges(diffFields(patient, derivedValues, PATIENT_DERIVED_FIELDS));
      let version = patient.version;
      if (hasChanges(entered) || derivedStale) {
        // The version counts changes to what was entered; a cohort that moves because a test
        // changed is recorded, but does not make other open forms of the patient stale.
        const bump = hasChanges(entered);
        const updated = await tx.patient.update({
          where: { id: patientId },
          data: { ...patientValues, siteId, ...derivedValues, ...(bump ? { version: { increment: 1 } } : {}) },
        });
        version = updated.version;
        if (hasChanges(entered) || hasChanges(derived)) await recordCaseEvent(audit, "PATIENT", patientId, "UPDATE", { ...entered, ...derived });
        if (bump) changedRows += 1;
      }
      return { id: patientId, version, changedRows };
    }, CASE_TRANSACTION_OPTIONS);
    if (updated.changedRows > 0) await rememberOwnWrite(user);
    return updated;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("VALIDATION", `Study ID ${input.patient.studyId} already exists`, {
        fields: [{ path: "patient.studyId", message: `Study ID ${input.patient.studyId} already exists` }],
      });
    }
    throw error;
  }
}

type SentRow<V> = { id: number; version: number; values: V | null };

/** The rows the form sent with an id (edited or kept), and the rows it deletes (values null). */
function sentRows<I extends { id?: number; version?: number }, V>(
  rows: readonly I[],
  deleted: readonly { id: number; version: number }[],
  toValues: (row: I) => V,
): SentRow<V>[] {
  const kept = rows.flatMap((row) => (row.id === undefined ? [] : [{ id: row.id, version: row.version ?? 0, values: toValues(row) }]));
  return [...kept, ...deleted.map((row) => ({ id: row.id, version: row.version, values: null }))];
}

function assertNoDuplicateRows(input: CaseUpdateInput): void {
  const fields: FieldError[] = [];
  const check = (label: string, path: string, ids: number[]) => {
    const seen = new Set<number>();
    for (const id of ids) {
      if (seen.has(id)) fields.push({ path, message: `${label} ${id} is sent twice` });
      seen.add(id);
    }
  };
  check("HER2 test", "tests", [...input.tests.flatMap((test) => (test.id === undefined ? [] : [test.id])), ...input.deletedTests.map((test) => test.id)]);
  check("Treatment line", "lines", [...input.lines.flatMap((line) => (line.id === undefined ? [] : [line.id])), ...input.deletedLines.map((line) => line.id)]);
  if (fields.length > 0) throw new AppError("VALIDATION", "Some rows are sent twice", { fields });
}

async function resolveSiteChange(tx: Tx, user: SessionUser, current: number, requested: number | undefined): Promise<number> {
  if (requested === undefined || requested === current) return current;
  if (user.role !== "ADMIN") {
    throw new AppError("VALIDATION", "Only an administrator can move a case to another site", {
      fields: [{ path: "patient.siteId", message: "Only an administrator can move a case to another site" }],
    });
  }
  return resolveWriteSite(tx, user, requested, "patient.siteId");
}

/**
 * CONFLICT with what changed since the form was opened, and who changed it last. Only rows of
 * this case (its own rows, deleted ones included) are looked up: an id of another case's row is
 * answered exactly like an id that does not exist, so the answer says nothing about that row
 * (issue 15 §1). One query for every conflict, whatever their number.
 */
async function refuseStaleSave(tx: Tx, conflicts: RowConflict[], caseRowIds: Record<ConflictEntity, readonly number[]>): Promise<never> {
  const lookedUp = conflicts.filter((conflict) => caseRowIds[conflict.entity].includes(conflict.id));
  const authors = new Map<string, { userEmail: string | null; at: Date }>();
  if (lookedUp.length > 0) {
    const rows = await tx.$queryRawUnsafe<{ entity: ConflictEntity; entity_id: string; user_email: string | null; at: Date }[]>(
      `SELECT DISTINCT ON (a.entity, a.entity_id) a.entity::text AS entity, a.entity_id, a.user_email, a.at
         FROM audit_events a
        WHERE (a.entity, a.entity_id) IN (SELECT k.entity::"AuditEntity", k.entity_id FROM unnest($1::text[], $2::text[]) AS k(entity, entity_id))
        ORDER BY a.entity, a.entity_id, a.id DESC`,
      lookedUp.map((conflict) => conflict.entity),
      lookedUp.map((conflict) => String(conflict.id)),
    );
    for (const row of rows) authors.set(`${row.entity} ${row.entity_id}`, { userEmail: row.user_email, at: row.at });
  }
  const withAuthors = conflicts.map((conflict) => {
    const last = caseRowIds[conflict.entity].includes(conflict.id) ? authors.get(`${conflict.entity} ${conflict.id}`) : undefined;
    return { ...conflict, changedBy: last?.userEmail ?? null, changedAt: last?.at.toISOString() ?? null };
  });
  throw new AppError("CONFLICT", "This case was changed by someone else since you opened it. Nothing was saved.", {
    details: { conflicts: withAuthors },
  });
}

type ExistingTest = Awaited<ReturnType<Tx["her2Test"]["findMany"]>>[number];
type ExistingLine = Awaited<ReturnType<Tx["treatmentLine"]["findMany"]>>[number];

async function saveTests(audit: CaseAuditContext, patientId: number, input: CaseUpdateInput, existing: ExistingTest[]): Promise<number> {
  const { tx } = audit;
  const byId = new Map(existing.map((test) => [test.id, test]));
  let changed = 0;
  for (const test of input.tests) {
    const values = toTestValues(test);
    if (test.id === undefined) {
      const created = await tx.her2Test.create({ data: { ...values, patientId } });
      await recordCaseEvent(audit, "HER2_TEST", created.id, "CREATE", diffFields(null, values, STORED_TEST_FIELDS));
      changed += 1;
      continue;
    }
    const changes = diffFields(byId.get(test.id) ?? null, values, STORED_TEST_FIELDS);
    if (!hasChanges(changes)) continue;
    await tx.her2Test.update({ where: { id: test.id }, data: { ...values, version: { increment: 1 } } });
    await recordCaseEvent(audit, "HER2_TEST", test.id, "UPDATE", changes);
    changed += 1;
  }
  for (const deleted of input.deletedTests) {
    await tx.her2Test.update({ where: { id: deleted.id }, data: { deletedAt: new Date(), version: { increment: 1 } } });
    await recordCaseEvent(audit, "HER2_TEST", deleted.id, "DELETE", null);
    changed += 1;
  }
  return changed;
}

async function saveLines(audit: CaseAuditContext, patientId: number, input: CaseUpdateInput, existing: ExistingLine[]): Promise<number> {
  const { tx } = audit;
  const byId = new Map(existing.map((line) => [line.id, line]));
  let changed = 0;
  for (const line of input.lines) {
    const values = toLineValues(line);
    if (line.id === undefined) {
      const created = await tx.treatmentLine.create({ data: { ...values, patientId } });
      await recordCaseEvent(audit, "TREATMENT_LINE", created.id, "CREATE", diffFields(null, values, STORED_LINE_FIELDS));
      changed += 1;
      continue;
    }
    const changes = diffFields(byId.get(line.id) ?? null, values, STORED_LINE_FIELDS);
    if (!hasChanges(changes)) continue;
    await tx.treatmentLine.update({ where: { id: line.id }, data: { ...values, version: { increment: 1 } } });
    await recordCaseEvent(audit, "TREATMENT_LINE", line.id, "UPDATE", changes);
    changed += 1;
  }
  for (const deleted of input.deletedLines) {
    await tx.treatmentLine.update({ where: { id: deleted.id }, data: { deletedAt: new Date(), version: { increment: 1 } } });
    await recordCaseEvent(audit, "TREATMENT_LINE", deleted.id, "DELETE", null);
    changed += 1;
  }
  return changed;
}

export type { ConflictEntity, RowConflict, FieldChanges };
