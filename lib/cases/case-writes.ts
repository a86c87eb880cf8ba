import "server-only";
// Building blocks shared by the case writes (create, update, delete, import): permission and
// scope checks, row locking and the audit events, all inside the caller's
// transaction so that a write and its audit commit together or not at all.
import type { Prisma } from "../generated/prisma/client";
import { recordAuditEvent } from "../audit/record-audit-event";
import { can, type SessionUser } from "../auth/roles";
import { AppError } from "../errors";
import { hasChanges, type FieldChanges } from "./audit-changes";
import { studyIdPattern } from "./case-schemas";
import { patientScopeSql } from "./patient-scope";
import { siteCodeOfStudyId, wrongSiteMessage } from "./study-id";

export type Tx = Prisma.TransactionClient;

export function assertCanWriteCases(user: SessionUser): void {
  if (!can(user, "cases:write")) throw new AppError("FORBIDDEN", "Your role can view cases but not change them.");
}

/** Transactions of a case write: long enough for a slow disk, short enough to fail clearly. */
export const CASE_TRANSACTION_OPTIONS = { timeout: 20_000, maxWait: 10_000 } as const;

/**
 * Locks the patient row for the rest of the transaction, within the user's scope. Concurrent
 * writes to one case then run one after the other, so the derived columns always reflect the
 * tests that are committed. Another site's case, or a deleted one, is NOT_FOUND.
 */
export async function lockScopedPatient(tx: Tx, user: SessionUser, patientId: number): Promise<void> {
  const scope = patientScopeSql(user, "p", 2);
  const rows = await tx.$queryRawUnsafe<{ id: number }[]>(
    `SELECT p.id FROM patients p WHERE p.id = $1 AND ${scope.sql} FOR UPDATE`,
    patientId,
    ...scope.params,
  );
  if (rows.length === 0) throw new AppError("NOT_FOUND", "No such case.");
}

/** The site a new case belongs to: a coordinator's own; an administrator must choose an active site. */
export async function resolveWriteSite(tx: Tx, user: SessionUser, requested: number | undefined, fieldPath: string): Promise<number> {
  if (user.role === "COORDINATOR") {
    if (user.siteId === null) throw new AppError("FORBIDDEN", "Your account is not attached to a site.");
    if (requested !== undefined && requested !== user.siteId) {
      throw new AppError("VALIDATION", "Coordinators add cases to their own site only", {
        fields: [{ path: fieldPath, message: "Coordinators add cases to their own site only" }],
      });
    }
    return user.siteId;
  }
  if (requested === undefined) {
    throw new AppError("VALIDATION", "Choose the site of the case", { fields: [{ path: fieldPath, message: "Choose the site of the case" }] });
  }
  const site = await tx.site.findUnique({ where: { id: requested } });
  if (!site || !site.active) {
    throw new AppError("VALIDATION", "Unknown or inactive site", { fields: [{ path: fieldPath, message: "Choose an active site" }] });
  }
  return site.id;
}

/**
 * A case's study ID carries the code of the case's site (issue 15 §2). Runs before any lookup
 * of the study ID, so an ID of another site is refused with the same message whether it exists,
 * was deleted or is free: no path tells a coordinator about other sites' IDs.
 */
export async function assertStudyIdOfSite(tx: Tx, studyId: string, siteId: number, fieldPath: string): Promise<void> {
  const site = await tx.site.findUniqueOrThrow({ where: { id: siteId }, select: { code: true } });
  if (siteCodeOfStudyId(studyId, studyIdPattern) !== site.code) {
    throw new AppError("VALIDATION", wrongSiteMessage(site.code), { fields: [{ path: fieldPath, message: wrongSiteMessage(site.code) }] });
  }
}

/** Study IDs are unique across the study, deleted cases included (they may be restored). */
export async function assertStudyIdFree(tx: Tx, studyId: string, exceptPatientId: number | null, fieldPath: string): Promise<void> {
  const existing = await tx.patient.findUnique({ where: { studyId }, select: { id: true } });
  if (existing && existing.id !== exceptPatientId) {
    throw new AppError("VALIDATION", `Study ID ${studyId} already exists`, {
      fields: [{ path: fieldPath, message: `Study ID ${studyId} already exists` }],
    });
  }
}

export type CaseAuditContext = { tx: Tx; user: SessionUser; siteId: number; reason: string | null };

export async function recordCaseEvent(
  context: CaseAuditContext,
  entity: "PATIENT" | "HER2_TEST" | "TREATMENT_LINE",
  entityId: number,
  action: "CREATE" | "UPDATE" | "DELETE" | "RESTORE",
  changes: FieldChanges | null,
): Promise<void> {
  await recordAuditEvent(context.tx, {
    actor: { id: context.user.id, email: context.user.email, siteId: context.user.siteId },
    siteId: context.siteId,
    entity,
    entityId,
    action,
    changes: changes && hasChanges(changes) ? (changes as Prisma.InputJsonValue) : undefined,
    reason: context.reason,
  });
}

/** Prisma's unique-constraint error, for a study ID taken between the check and the insert. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
