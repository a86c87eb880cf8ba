import { Suspense } from "react";
import { KaplanMeierChart } from "@/components/charts/kaplan-meier-chart";
import { ResponseRateChart } from "@/components/charts/response-rate-chart";
import { SurvivalSummary } from "@/components/charts/survival-summary";
import { TreatmentUptakeChart } from "@/components/charts/treatment-uptake-chart";
import { CohortForest } from "@/components/comparison/cohort-forest";
import { ShowCohortForest } from "@/components/comparison/show-cohort-forest";
import { RegimenComparison } from "@/components/comparison/regimen-comparison";
import { RegimenComparisonOptions } from "@/components/comparison/regimen-comparison-options";
import { CohortRuleNotice } from "@/components/dashboard/cohort-rule-notice";
import { NoPatients } from "@/components/dashboard/no-patients";
import { OutcomeOptions } from "@/components/dashboard/outcome-options";
import { describeOutcome } from "@/lib/analytics/describe-outcome";
import { survivalCsvHref, type DashboardFilters, type SearchParamsRecord } from "@/lib/analytics/filters";
import { loadCohortForest } from "@/lib/analytics/load-cohort-forest";
import type { SessionUser } from "@/lib/auth/roles";
import { resolveDashboardFilters } from "@/lib/analytics/resolve-dashboard-filters";
import { loadOutcomes, loadRegimenComparisonTab } from "@/lib/analytics/load-outcomes";
import { loadEarlyDisease } from "@/lib/analytics/load-early-disease";
import { EarlyDiseaseSection } from "@/components/early/early-disease-view";
import { requirePageUser } from "@/lib/auth/page-guards";

export const metadata = { title: "Dashboard: outcomes" };

export default async function DashboardOutcomesPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const user = await requirePageUser();
  const filters = await resolveDashboardFilters(user, await searchParams);
  if (filters.view === "early") {
    const early = await loadEarlyDisease(user, filters);
    return (
      <>
        <OutcomeOptions />
        <EarlyDiseaseSection view={early} rule={filters.rule} bands={filters.bands} filters={filters} />
      </>
    );
  }
  if (filters.view === "regimens") {
    const tab = await loadRegimenComparisonTab(user, filters);
    return (
      <>
        <OutcomeOptions />
        <RegimenComparisonOptions />
        {tab.patients === 0 ? (
          <NoPatients resetHref="/dashboard/outcomes" />
        ) : (
          <RegimenComparison view={tab.comparison} filters={filters} threshold={tab.smallCellThreshold} />
        )}
      </>
    );
  }
  const view = await loadOutcomes(user, filters);
  const outcome = describeOutcome(filters);
  const threshold = view.smallCellThreshold;
  const landmark = filters.endpoint === "os" && filters.landmarkMonths > 0;
  return (
    <>
      <OutcomeOptions />
      {view.patients === 0 ? (
        <NoPatients resetHref="/dashboard/outcomes" />
      ) : (
        <div className="space-y-6">
          {filters.endpoint === "os" ? <CohortRuleNotice rule={filters.rule} analysis="from-diagnosis" /> : <CohortRuleNotice rule={filters.rule} analysis="line-start" />}
          {landmark ? (
            <p className="rounded-md border border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-900" data-testid="landmark-note">
              Landmark analysis at {filters.landmarkMonths} months: only patients still followed {filters.landmarkMonths} months after diagnosis, with time counted from
              then; {view.beforeLandmark} patients died or left follow-up before it and are not in the curves.
            </p>
          ) : null}
          <div className="grid grid-cols-1 gap-6 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <KaplanMeierChart
              analysis={view.survival}
              bands={filters.bands}
              title={landmark ? `${outcome.title}, landmark at ${filters.landmarkMonths} months` : outcome.title}
              timeLabel={landmark ? `Months since the landmark (${filters.landmarkMonths} months after diagnosis)` : outcome.timeLabel}
              description={outcome.description}
              threshold={threshold}
              csvHref={survivalCsvHref(filters, "cohorts")}
            />
            <SurvivalSummary analysis={view.survival} title={outcome.title} threshold={threshold} />
          </div>
          {filters.endpoint === "os" ? <CohortRuleNotice rule={filters.rule} analysis="line-start" /> : null}
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <ResponseRateChart view={view.responses} lineLabel={outcome.lineLabel} threshold={threshold} />
            <TreatmentUptakeChart view={view.uptake} lineLabel={outcome.lineLabel} threshold={threshold} />
          </div>
          {filters.cohortForest.show ? (
            // Streamed: its query and interaction tests (worker pool) never hold up the charts above.
            <Suspense
              fallback={
                <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-700" data-testid="cohort-forest-loading">
                  Computing the forest plot of subgroups…
                </p>
              }
            >
              <CohortForestSection user={user} filters={filters} threshold={threshold} />
            </Suspense>
          ) : (
            <ShowCohortForest />
          )}
        </div>
      )}
    </>
  );
}

async function CohortForestSection({ user, filters, threshold }: { user: SessionUser; filters: DashboardFilters; threshold: number }) {
  return <CohortForest view={await loadCohortForest(user, filters)} filters={filters} threshold={threshold} />;
}
