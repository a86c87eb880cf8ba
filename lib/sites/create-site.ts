import "server-only";
import { creationChanges } from "../audit/diff-changes";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertRole } from "../auth/assert-role";
import type { SessionUser } from "../auth/roles";
import { getDb } from "../db/client";
import { rememberOwnWrite } from "../db/replica-routing";
import { isUniqueViolation } from "../db/unique-violation";
import { AppError } from "../errors";
import type { SiteDetail } from "./get-site";
import type { CreateSiteInput } from "./schemas";

function duplicateCode(code: string): AppError {
  return new AppError("CONFLICT", `A site with code ${code} already exists`, {
    fields: [{ path: "code", message: `Site code ${code} is already used by another site` }],
  });
}

/** Adds a participating site (administrators only), with its audit event in one transaction. */
export async function createSite(actor: SessionUser, input: CreateSiteInput): Promise<SiteDetail> {
  assertRole(actor, ["ADMIN"]);
  const db = await getDb();
  try {
    const created = await db.$transaction(async (tx) => {
      if (await tx.site.findUnique({ where: { code: input.code }, select: { id: true } })) throw duplicateCode(input.code);
      const site = await tx.site.create({ data: { code: input.code, name: input.name }, select: { id: true, code: true, name: true, active: true } });
      await recordAuditEvent(tx, {
        actor,
        entity: "SITE",
        entityId: site.id,
        action: "CREATE",
        siteId: site.id,
        changes: creationChanges({ code: site.code, name: site.name, active: site.active }),
      });
      return site;
    });
    // The dashboards' site filter lists sites: the administrator sees the new one at once.
    await rememberOwnWrite(actor);
    return created;
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateCode(input.code);
    throw error;
  }
}
