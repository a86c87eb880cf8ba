import "server-only";
import { getDb } from "../db/client";
import type { SessionUser } from "../auth/roles";

/** The sites a user may filter cases by or write cases for: a coordinator's own, else all. */
export async function listCaseSites(user: SessionUser) {
  const db = await getDb();
  const where = user.role === "COORDINATOR" ? { id: user.siteId ?? -1 } : {};
  return db.site.findMany({ where, orderBy: { code: "asc" }, select: { id: true, code: true, name: true, active: true } });
}

export type CaseSite = Awaited<ReturnType<typeof listCaseSites>>[number];
