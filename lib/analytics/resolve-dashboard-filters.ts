import "server-only";
import type { SessionUser } from "../auth/roles";
import { listFilterOptions } from "./filter-options";
import { parseDashboardFilters, type DashboardFilters, type SearchParamsRecord } from "./filters";
import { reconcileDashboardFilters } from "./reconcile-filters";

/**
 * The filters a dashboard page applies: the URL's, less any site or year the user cannot choose
 * (issue 16 §1). The filter bar reconciles the same way and says what it left out.
 */
export async function resolveDashboardFilters(user: SessionUser, searchParams: SearchParamsRecord): Promise<DashboardFilters> {
  const options = await listFilterOptions(user);
  return reconcileDashboardFilters(parseDashboardFilters(searchParams), options, { siteLocked: user.role === "COORDINATOR" }).filters;
}
