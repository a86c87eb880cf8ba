import "server-only";
import { can, type SessionUser } from "../auth/roles";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { auditEventWhere } from "./audit-event-where";
import { findAuditPage, type AuditPage } from "./find-audit-page";
import { AUDIT_PAGE_SIZE, type AuditQuery } from "./schemas";

/**
 * The whole audit trail, filtered and paginated, newest first: for administrators (product.md
 * §1). A coordinator's view of their own site's case history is a separate, site-scoped
 * function built on the same `auditEventWhere` and `findAuditPage`.
 */
export async function listAuditEvents(actor: SessionUser, query: AuditQuery): Promise<AuditPage> {
  if (!can(actor, "audit:read-all")) throw new AppError("FORBIDDEN", "Only administrators see the whole audit trail.");
  const { page, ...filters } = query;
  return findAuditPage(await getDb(), auditEventWhere(filters), page, AUDIT_PAGE_SIZE);
}
