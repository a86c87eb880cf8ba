import { KaplanMeierChart } from "@/components/charts/kaplan-meier-chart";
import { ResponseRateChart } from "@/components/charts/response-rate-chart";
import { SurvivalSummary } from "@/components/charts/survival-summary";
import { TreatmentUptakeChart } from "@/components/charts/treatment-uptake-chart";
import { CohortRuleNotice } from "@/components/dashboard/cohort-rule-notice";
import { NoPatients } from "@/components/dashboard/no-patients";
import { OutcomeOptions } from "@/components/dashboard/outcome-options";
import { describeOutcome } from "@/lib/analytics/describe-outcome";
import type { SearchParamsRecord } from "@/lib/analytics/filters";
import { resolveDashboardFilters } from "@/lib/analytics/resolve-dashboard-filters";
import { loadOutcomes } from "@/lib/analytics/load-outcomes";
import { requirePageUser } from "@/lib/auth/page-guards";

export const metadata = { title: "Dashboard: outcomes" };

export default async function DashboardOutcomesPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const user = await requirePageUser();
  const filters = await resolveDashboardFilters(user, await searchParams);
  const view = await loadOutcomes(user, filters);
  const outcome = describeOutcome(filters);
  const threshold = view.smallCellThreshold;
  return (
    <>
      <OutcomeOptions />
      {view.patients === 0 ? (
        <NoPatients resetHref="/dashboard/outcomes" />
      ) : (
        <div className="space-y-6">
          {filters.endpoint === "os" ? <CohortRuleNotice rule={filters.rule} analysis="from-diagnosis" /> : <CohortRuleNotice rule={filters.rule} analysis="line-start" />}
          <div className="grid grid-cols-1 gap-6 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <KaplanMeierChart
              analysis={view.survival}
              bands={filters.bands}
              title={outcome.title}
              timeLabel={outcome.timeLabel}
              description={outcome.description}
              threshold={threshold}
            />
            <SurvivalSummary analysis={view.survival} title={outcome.title} threshold={threshold} />
          </div>
          {filters.endpoint === "os" ? <CohortRuleNotice rule={filters.rule} analysis="line-start" /> : null}
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <ResponseRateChart view={view.responses} lineLabel={outcome.lineLabel} threshold={threshold} />
            <TreatmentUptakeChart view={view.uptake} lineLabel={outcome.lineLabel} threshold={threshold} />
          </div>
        </div>
      )}
    </>
  );
}
