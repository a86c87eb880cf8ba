import "server-only";
import { diffChanges } from "../audit/diff-changes";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertRole } from "../auth/assert-role";
import type { SessionUser } from "../auth/roles";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { resolveAssignableSite } from "./resolve-site";
import { roleSiteProblem, type UpdateUserInput } from "./schemas";
import { USER_SUMMARY_SELECT, type UserSummary } from "./user-summary";

function invalid(path: string, message: string): AppError {
  return new AppError("VALIDATION", message, { fields: [{ path, message }] });
}

/**
 * Changes an account's name, role, site or active flag (administrators only), with its audit
 * event in the same transaction. Deactivation also revokes every session of the account at
 * once. Administrators cannot deactivate or demote themselves, so a study always keeps one.
 */
export async function updateUser(actor: SessionUser, userId: string, input: UpdateUserInput): Promise<UserSummary> {
  assertRole(actor, ["ADMIN"]);
  if (userId === actor.id && input.active === false) throw invalid("active", "You cannot deactivate your own account: ask another administrator");
  if (userId === actor.id && input.role !== undefined && input.role !== "ADMIN") {
    throw invalid("role", "You cannot remove your own administrator role: ask another administrator");
  }
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: { ...USER_SUMMARY_SELECT, siteId: true } });
    if (!before) throw new AppError("NOT_FOUND", "There is no such user");
    const role = input.role ?? before.role;
    // Moving to a role without a site clears it unless the form says otherwise.
    const siteCode = input.siteCode !== undefined ? input.siteCode : role === "COORDINATOR" ? (before.site?.code ?? null) : null;
    const problem = roleSiteProblem(role, siteCode);
    if (problem) throw invalid("siteCode", problem);
    const site = await resolveAssignableSite(tx, siteCode, before.siteId);
    const name = input.name ?? before.name;
    const active = input.active ?? before.active;

    const changes = diffChanges(
      { name: before.name, role: before.role, site: before.site?.code ?? null, active: before.active },
      { name, role, site: site?.code ?? null, active },
    );
    if (Object.keys(changes).length === 0) {
      const { siteId: _siteId, ...unchanged } = before;
      return unchanged;
    }
    const updated = await tx.user.update({
      where: { id: userId },
      data: {
        name,
        role,
        siteId: site?.id ?? null,
        active,
        // Signing out everywhere: sessions issued before now are refused at their next request.
        ...(before.active && !active ? { sessionsValidFrom: new Date() } : {}),
      },
      select: USER_SUMMARY_SELECT,
    });
    await recordAuditEvent(tx, { actor, entity: "USER", entityId: userId, action: "UPDATE", changes });
    return updated;
  });
}
