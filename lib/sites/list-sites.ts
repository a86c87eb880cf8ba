import "server-only";
import { assertRole } from "../auth/assert-role";
import type { SessionUser } from "../auth/roles";
import { getDb } from "../db/client";
import type { SiteSummary } from "./site-summary";

/**
 * Every site with its counts of live patients and active coordinators (administrators only).
 * The counts are grouped in PostgreSQL: a registry of a million patients is not loaded to count.
 */
export async function listSites(actor: SessionUser): Promise<SiteSummary[]> {
  assertRole(actor, ["ADMIN"]);
  const db = await getDb();
  return db.$queryRaw<SiteSummary[]>`
    SELECT s.id, s.code, s.name, s.active,
           COALESCE(p.patients, 0)::int AS patients,
           COALESCE(u.coordinators, 0)::int AS coordinators
      FROM sites s
      LEFT JOIN (SELECT site_id, count(*)::int AS patients FROM patients WHERE deleted_at IS NULL GROUP BY site_id) p
             ON p.site_id = s.id
      LEFT JOIN (SELECT site_id, count(*)::int AS coordinators FROM users WHERE active AND role = 'COORDINATOR' GROUP BY site_id) u
             ON u.site_id = s.id
     ORDER BY s.code`;
}
