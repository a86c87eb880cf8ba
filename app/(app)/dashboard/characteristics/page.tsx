import { CharacteristicsCharts } from "@/components/dashboard/characteristics-charts";
import { CohortRuleNotice } from "@/components/dashboard/cohort-rule-notice";
import { TableOneOptions } from "@/components/dashboard/table-one-options";
import { NoPatients } from "@/components/dashboard/no-patients";
import { TableOne } from "@/components/charts/table-one";
import type { SearchParamsRecord } from "@/lib/analytics/filters";
import { resolveDashboardFilters } from "@/lib/analytics/resolve-dashboard-filters";
import { loadCharacteristics } from "@/lib/analytics/load-characteristics";
import { requirePageUser } from "@/lib/auth/page-guards";

export const metadata = { title: "Dashboard: characteristics" };

export default async function DashboardCharacteristicsPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const user = await requirePageUser();
  const filters = await resolveDashboardFilters(user, await searchParams);
  const view = await loadCharacteristics(user, filters);
  if (view.table.overall === 0) return <NoPatients resetHref="/dashboard/characteristics" />;
  return (
    <div className="space-y-6">
      <CohortRuleNotice rule={filters.rule} analysis="from-diagnosis" />
      <TableOneOptions />
      <TableOne view={view.table} categoricalTests={view.categoricalTests} />
      <CharacteristicsCharts view={view.table} />
    </div>
  );
}
