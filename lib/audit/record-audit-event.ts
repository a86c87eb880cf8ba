import "server-only";
import type { Prisma } from "../generated/prisma/client";
import type { AuditAction, AuditEntity } from "../generated/prisma/enums";

export type AuditActor = { id: string; email: string; siteId: number | null } | null;

export type AuditEventInput = {
  actor: AuditActor;
  entity: AuditEntity;
  entityId?: string | number | null;
  action: AuditAction;
  /** Changed fields only: { field: { before, after } }. Never passwords, tokens or dates. */
  changes?: Prisma.InputJsonValue;
  reason?: string | null;
  siteId?: number | null;
};

type AuditWriter = { auditEvent: { create: (args: { data: Prisma.AuditEventUncheckedCreateInput }) => Promise<unknown> } };

/** Appends one audit event, inside the caller's transaction when given one. */
export async function recordAuditEvent(db: AuditWriter, event: AuditEventInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      userId: event.actor?.id ?? null,
      userEmail: event.actor?.email ?? null,
      siteId: event.siteId ?? event.actor?.siteId ?? null,
      entity: event.entity,
      entityId: event.entityId === undefined || event.entityId === null ? null : String(event.entityId),
      action: event.action,
      changes: event.changes,
      reason: event.reason ?? null,
    },
  });
}
