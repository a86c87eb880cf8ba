import "server-only";
// Saved REDCap mappings: coordinators see their own site's and the study-wide ones (saved by
// administrators) and save their site's; administrators see and save every one. Each save is
// audited with the mapping it wrote (field names and codes only: no patient data).
import { getDb } from "../db/client";
import { can, type SessionUser } from "../auth/roles";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { isUniqueViolation } from "../db/unique-violation";
import type { Prisma } from "../generated/prisma/client";
import { RedcapMappingSchema, type RedcapMapping, type SaveRedcapMappingInput } from "./mapping";

export type SavedRedcapMapping = {
  id: number;
  name: string;
  /** null = study-wide. */
  siteCode: string | null;
  /** Whether the acting user may replace it (else: save under a new name). */
  editable: boolean;
  fieldNames: string[];
  mapping: RedcapMapping;
  version: number;
  updatedAt: string;
};

function assertCanImport(user: SessionUser): void {
  if (!can(user, "cases:import")) throw new AppError("FORBIDDEN", "Your role cannot import cases.");
  if (user.role === "COORDINATOR" && user.siteId === null) throw new AppError("FORBIDDEN", "Your account is not attached to a site.");
}

function visibleTo(user: SessionUser): Prisma.RedcapMappingWhereInput {
  return user.role === "ADMIN" ? {} : { OR: [{ siteId: null }, { siteId: user.siteId }] };
}

const mayEdit = (user: SessionUser, siteId: number | null) => user.role === "ADMIN" || (siteId !== null && siteId === user.siteId);

export async function listRedcapMappings(user: SessionUser): Promise<SavedRedcapMapping[]> {
  assertCanImport(user);
  const db = await getDb();
  const rows = await db.redcapMapping.findMany({ where: visibleTo(user), include: { site: { select: { code: true } } }, orderBy: { name: "asc" }, take: 200 });
  return rows.flatMap((row) => {
    // A mapping saved by an older version of the app that no longer parses is left out rather than offered broken.
    const parsed = RedcapMappingSchema.safeParse(row.mapping);
    if (!parsed.success) return [];
    return [{ id: row.id, name: row.name, siteCode: row.site?.code ?? null, editable: mayEdit(user, row.siteId), fieldNames: row.fieldNames, mapping: parsed.data, version: row.version, updatedAt: row.updatedAt.toISOString() }];
  });
}

export async function saveRedcapMapping(user: SessionUser, input: SaveRedcapMappingInput): Promise<{ id: number; version: number }> {
  assertCanImport(user);
  const db = await getDb();
  const actor = { id: user.id, email: user.email, siteId: user.siteId };
  const summary = { name: input.name, mappedFields: Object.keys(input.mapping.fields).length, mapping: input.mapping as unknown as Prisma.InputJsonValue };
  try {
    return await db.$transaction(async (tx) => {
      if (input.id === undefined) {
        const siteId = user.role === "COORDINATOR" ? user.siteId : null;
        const created = await tx.redcapMapping.create({ data: { name: input.name, siteId, fieldNames: input.fieldNames, mapping: input.mapping as unknown as Prisma.InputJsonValue } });
        await recordAuditEvent(tx, { actor, entity: "REDCAP_MAPPING", entityId: created.id, action: "CREATE", changes: summary, siteId });
        return { id: created.id, version: created.version };
      }
      const existing = await tx.redcapMapping.findFirst({ where: { AND: [visibleTo(user), { id: input.id }] } });
      if (!existing) throw new AppError("NOT_FOUND", "No such mapping.");
      if (!mayEdit(user, existing.siteId)) throw new AppError("FORBIDDEN", "This mapping is the study's: save your changes under a new name.");
      if (input.expectedVersion !== existing.version) throw new AppError("CONFLICT", "Someone saved this mapping since you opened it: reload it and make your changes again.");
      const updated = await tx.redcapMapping.update({
        where: { id: existing.id, version: existing.version },
        data: { name: input.name, fieldNames: input.fieldNames, mapping: input.mapping as unknown as Prisma.InputJsonValue, version: { increment: 1 } },
      });
      await recordAuditEvent(tx, { actor, entity: "REDCAP_MAPPING", entityId: updated.id, action: "UPDATE", changes: summary, siteId: existing.siteId });
      return { id: updated.id, version: updated.version };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", `A mapping named "${input.name}" exists already: choose another name.`, { fields: [{ path: "name", message: "This name is taken" }] });
    throw error;
  }
}
