import "server-only";
import type { SessionUser } from "../auth/roles";
import { env } from "../env";
import { countAccrualByYear } from "./accrual";
import { countPatientsByCohort } from "./cohort-counts";
import { countCohortsByDiagnosisYear } from "./cohort-composition-by-year";
import type { DashboardFilters } from "./filters";
import { presentOverview, type OverviewView } from "./present-overview";
import { countCohortsBySite } from "./site-breakdown";

/** Everything the Overview tab shows, fetched in parallel (one aggregate query each). */
export async function loadOverview(user: SessionUser, filters: DashboardFilters): Promise<OverviewView> {
  const [counts, byYear, accrual, sites] = await Promise.all([
    countPatientsByCohort(user, filters),
    countCohortsByDiagnosisYear(user, filters),
    countAccrualByYear(user, filters),
    countCohortsBySite(user, filters),
  ]);
  return presentOverview({ counts, byYear, accrual, sites }, env.SMALL_CELL_THRESHOLD);
}
