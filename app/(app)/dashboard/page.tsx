import { AccrualChart } from "@/components/charts/accrual-chart";
import { CohortCountsChart } from "@/components/charts/cohort-counts-chart";
import { CompositionByYearChart } from "@/components/charts/composition-by-year-chart";
import { SiteBreakdownChart } from "@/components/charts/site-breakdown-chart";
import { CohortSummary } from "@/components/dashboard/cohort-summary";
import { NoPatients } from "@/components/dashboard/no-patients";
import type { SearchParamsRecord } from "@/lib/analytics/filters";
import { resolveDashboardFilters } from "@/lib/analytics/resolve-dashboard-filters";
import { loadOverview } from "@/lib/analytics/load-overview";
import { requirePageUser } from "@/lib/auth/page-guards";

export const metadata = { title: "Dashboard: overview" };

export default async function DashboardOverviewPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const user = await requirePageUser();
  const filters = await resolveDashboardFilters(user, await searchParams);
  const view = await loadOverview(user, filters);
  if (view.total === 0) return <NoPatients resetHref="/dashboard" />;
  return (
    <>
      <CohortSummary view={view} />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <CohortCountsChart view={view} />
        <SiteBreakdownChart view={view} />
        <CompositionByYearChart view={view} />
        <AccrualChart view={view} />
      </div>
    </>
  );
}
