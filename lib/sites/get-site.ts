import "server-only";
import { assertRole } from "../auth/assert-role";
import type { SessionUser } from "../auth/roles";
import { getDb } from "../db/client";
import { AppError } from "../errors";

export type SiteDetail = { id: number; code: string; name: string; active: boolean };

/** One site (administrators only); NOT_FOUND when there is none with this id. */
export async function getSite(actor: SessionUser, siteId: number): Promise<SiteDetail> {
  assertRole(actor, ["ADMIN"]);
  const db = await getDb();
  const site = await db.site.findUnique({ where: { id: siteId }, select: { id: true, code: true, name: true, active: true } });
  if (!site) throw new AppError("NOT_FOUND", "There is no such site");
  return site;
}
