import "server-only";
import { diffChanges } from "../audit/diff-changes";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertRole } from "../auth/assert-role";
import type { SessionUser } from "../auth/roles";
import { getDb } from "../db/client";
import { rememberOwnWrite } from "../db/replica-routing";
import { AppError } from "../errors";
import type { SiteDetail } from "./get-site";
import type { UpdateSiteInput } from "./schemas";

/**
 * Renames, deactivates or reactivates a site (administrators only), with its audit event in one
 * transaction. A deactivated site keeps its patients and coordinators; it takes no new
 * coordinators. Its code never changes: study IDs embed it.
 */
export async function updateSite(actor: SessionUser, siteId: number, input: UpdateSiteInput): Promise<SiteDetail> {
  assertRole(actor, ["ADMIN"]);
  const db = await getDb();
  const updated = await db.$transaction(async (tx) => {
    const before = await tx.site.findUnique({ where: { id: siteId }, select: { id: true, code: true, name: true, active: true } });
    if (!before) throw new AppError("NOT_FOUND", "There is no such site");
    const after = { name: input.name ?? before.name, active: input.active ?? before.active };
    const changes = diffChanges({ name: before.name, active: before.active }, after);
    if (Object.keys(changes).length === 0) return before;
    const site = await tx.site.update({ where: { id: siteId }, data: after, select: { id: true, code: true, name: true, active: true } });
    await recordAuditEvent(tx, { actor, entity: "SITE", entityId: siteId, action: "UPDATE", siteId, changes });
    return site;
  });
  // The dashboards' site filter shows site names: the administrator sees the change at once.
  await rememberOwnWrite(actor);
  return updated;
}
