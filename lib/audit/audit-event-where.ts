import type { Prisma } from "../generated/prisma/client";
import type { AuditFilters } from "./schemas";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The Prisma filter for audit events matching `filters`; days are whole UTC days, both ends included. */
export function auditEventWhere(filters: AuditFilters): Prisma.AuditEventWhereInput {
  const at: Prisma.DateTimeFilter = {};
  if (filters.from) at.gte = new Date(`${filters.from}T00:00:00.000Z`);
  if (filters.to) at.lt = new Date(new Date(`${filters.to}T00:00:00.000Z`).getTime() + DAY_MS);
  return {
    ...(filters.entity ? { entity: filters.entity } : {}),
    ...(filters.entityId ? { entityId: filters.entityId } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.user ? { userEmail: { contains: filters.user, mode: "insensitive" } } : {}),
    ...(filters.from || filters.to ? { at } : {}),
  };
}
