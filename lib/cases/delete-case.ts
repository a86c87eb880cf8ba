import "server-only";
import { getDb } from "../db/client";
import { rememberOwnWrite } from "../db/replica-routing";
import type { SessionUser } from "../auth/roles";
import { AppError } from "../errors";
import { CASE_TRANSACTION_OPTIONS, assertCanWriteCases, lockScopedPatient, recordCaseEvent } from "./case-writes";
import type { DeleteCaseInput } from "./schemas";

/**
 * Soft-deletes a case (product.md §3): the patient row gets `deleted_at` and leaves every list,
 * dashboard and export; its tests and lines stay as they were, so a restore brings the case back
 * whole. Refused when the case changed since the user opened it.
 */
export async function deleteCase(user: SessionUser, patientId: number, input: DeleteCaseInput): Promise<{ id: number }> {
  assertCanWriteCases(user);
  const db = await getDb();
  const deleted = await db.$transaction(async (tx) => {
    await lockScopedPatient(tx, user, patientId);
    const patient = await tx.patient.findUniqueOrThrow({ where: { id: patientId } });
    if (patient.version !== input.version) {
      throw new AppError("CONFLICT", "This case was changed by someone else since you opened it. Review it before deleting.", {
        details: { conflicts: [{ entity: "PATIENT", id: patientId, kind: "changed", currentVersion: patient.version, yourVersion: input.version, fields: [] }] },
      });
    }
    const deletedAt = new Date();
    await tx.patient.update({ where: { id: patientId }, data: { deletedAt, version: { increment: 1 } } });
    await recordCaseEvent({ tx, user, siteId: patient.siteId, reason: input.reason }, "PATIENT", patientId, "DELETE", {
      deletedAt: { before: null, after: deletedAt.toISOString() },
    });
    return { id: patientId };
  }, CASE_TRANSACTION_OPTIONS);
  await rememberOwnWrite(user);
  return deleted;
}
