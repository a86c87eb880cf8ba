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
  return {
    events: rows.map((row) => ({
      id: row.id.toString(),
      at: row.at,
      userId: row.userId,
      userEmail: row.userEmail,
      site: row.siteId === null ? null : { id: row.siteId, code: codes.get(row.siteId) ?? null },
      entity: row.entity,
      entityId: row.entityId,
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
