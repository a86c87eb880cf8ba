import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../errors";

function invalidSite(message: string): AppError {
  return new AppError("VALIDATION", message, { fields: [{ path: "siteCode", message }] });
}

/**
 * The site a user is being assigned to, by code. A deactivated site takes no new coordinators,
 * but a coordinator already there keeps it (`currentSiteId`) until moved.
 */
export async function resolveAssignableSite(
  tx: Prisma.TransactionClient,
  siteCode: string | null,
  currentSiteId: number | null = null,
): Promise<{ id: number; code: string } | null> {
  if (siteCode === null) return null;
  const site = await tx.site.findUnique({ where: { code: siteCode }, select: { id: true, code: true, active: true } });
  if (!site) throw invalidSite(`There is no site with code ${siteCode}`);
  if (!site.active && site.id !== currentSiteId) throw invalidSite(`Site ${siteCode} is deactivated: reactivate it first or choose another site`);
  return { id: site.id, code: site.code };
}
