import "server-only";
import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import type { AuditAction, AuditEntity } from "../generated/prisma/enums";

export type AuditEventRow = {
  /** BIGSERIAL, as text: JSON has no 64-bit integers. */
  id: string;
  at: Date;
  userId: string | null;
  userEmail: string | null;
  site: { id: number; code: string | null } | null;
  entity: AuditEntity;
  entityId: string | null;
  /** The record as people name it (issue 16 §13): a case's study ID (also for its tests and lines), else null. */
  studyId: string | null;
  action: AuditAction;
  changes: Prisma.JsonValue;
  reason: string | null;
};

export type AuditPage = { events: AuditEventRow[]; total: number; page: number; pageSize: number; pageCount: number };

/**
 * One page of the audit events matching `where`, newest first. Callers build `where` from the
 * acting user's scope and authorize before calling: this only reads.
 */
export async function findAuditPage(db: Db, where: Prisma.AuditEventWhereInput, page: number, pageSize: number): Promise<AuditPage> {
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: (page - 1) * pageSize, take: pageSize }),
    db.auditEvent.count({ where }),
  ]);
  // site_id is a plain value (the trail outlives sites), so the codes are looked up, not joined.
  const siteIds = [...new Set(rows.map((row) => row.siteId).filter((id): id is number => id !== null))];
  const sites = siteIds.length > 0 ? await db.site.findMany({ where: { id: { in: siteIds } }, select: { id: true, code: true } }) : [];
  const codes = new Map(sites.map((site) => [site.id, site.code]));
  const studyIds = await findStudyIds(db, rows);
  return {
    events: rows.map((row) => ({
      id: row.id.toString(),
      at: row.at,
      userId: row.userId,
      userEmail: row.userEmail,
      site: row.siteId === null ? null : { id: row.siteId, code: codes.get(row.siteId) ?? null },
      entity: row.entity,
      entityId: row.entityId,
      studyId: studyIds.get(`${row.entity}:${row.entityId}`) ?? null,
      action: row.action,
      changes: row.changes,
      reason: row.reason,
    })),
    total,
    page,
    pageSize,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  };
}

/** Ids of one entity on the page, as numbers (entity ids are stored as text). */
function idsOf(rows: readonly { entity: AuditEntity; entityId: string | null }[], entity: AuditEntity): number[] {
  return [...new Set(rows.filter((row) => row.entity === entity && row.entityId !== null && /^\d+$/.test(row.entityId)).map((row) => Number(row.entityId)))];
}

/**
 * The study ID of each case, HER2 test and treatment line on the page, and the e-mail of each
 * user and the code of each site (what people read instead of internal ids), keyed "ENTITY:id":
 * the trail outlives deletions, so these are looked up (deleted rows included), not joined.
 */
async function findStudyIds(db: Db, rows: readonly { entity: AuditEntity; entityId: string | null }[]): Promise<Map<string, string>> {
  const patientIds = idsOf(rows, "PATIENT");
  const testIds = idsOf(rows, "HER2_TEST");
  const lineIds = idsOf(rows, "TREATMENT_LINE");
  const userIds = [...new Set(rows.filter((row) => row.entity === "USER" && row.entityId !== null).map((row) => row.entityId as string))];
  const siteIds = idsOf(rows, "SITE");
  const [patients, tests, lines, users, sites] = await Promise.all([
    patientIds.length > 0 ? db.patient.findMany({ where: { id: { in: patientIds } }, select: { id: true, studyId: true } }) : [],
    testIds.length > 0 ? db.her2Test.findMany({ where: { id: { in: testIds } }, select: { id: true, patient: { select: { studyId: true } } } }) : [],
    lineIds.length > 0 ? db.treatmentLine.findMany({ where: { id: { in: lineIds } }, select: { id: true, patient: { select: { studyId: true } } } }) : [],
    userIds.length > 0 ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [],
    siteIds.length > 0 ? db.site.findMany({ where: { id: { in: siteIds } }, select: { id: true, code: true } }) : [],
  ]);
  return new Map([
    ...patients.map((patient) => [`PATIENT:${patient.id}`, patient.studyId] as const),
    ...tests.map((test) => [`HER2_TEST:${test.id}`, test.patient.studyId] as const),
    ...lines.map((line) => [`TREATMENT_LINE:${line.id}`, line.patient.studyId] as const),
    ...users.map((user) => [`USER:${user.id}`, user.email] as const),
    ...sites.map((site) => [`SITE:${site.id}`, `Site ${site.code}`] as const),
  ]);
}
