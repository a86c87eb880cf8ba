import { FunnelPlot } from "@/components/charts/funnel-plot";
import { TransitionHeatmap } from "@/components/charts/transition-heatmap";
import { NoPatients } from "@/components/dashboard/no-patients";
import type { SearchParamsRecord } from "@/lib/analytics/filters";
import { resolveDashboardFilters } from "@/lib/analytics/resolve-dashboard-filters";
import { loadEvolution } from "@/lib/analytics/load-evolution";
import { requirePageUser } from "@/lib/auth/page-guards";

export const metadata = { title: "Dashboard: HER2 evolution" };

export default async function DashboardEvolutionPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const user = await requirePageUser();
  const filters = await resolveDashboardFilters(user, await searchParams);
  const view = await loadEvolution(user, filters);
  if (view.patients === 0) return <NoPatients resetHref="/dashboard/evolution" />;
  const threshold = view.smallCellThreshold;
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        Transitions compare two named specimens of the same patient, so the cohort rule does not change them; the other filters and the cohort scheme do.
        Re-reads of one block (a central review, a second reader) are one specimen: they never make a transition. Change under neoadjuvant therapy is shown
        apart from change over time.
      </p>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <TransitionHeatmap
          matrix={view.firstToLast}
          title="HER2 category: first → last test"
          fromLabel="First evaluable test"
          toLabel="Last evaluable test"
          description="Patients with two or more evaluable HER2 tests: the category of their first test (rows) against their last (columns)."
          threshold={threshold}
          testId="chart-first-to-last"
        />
        <TransitionHeatmap
          matrix={view.primaryToMetastatic}
          title="HER2 category: primary tumour → metastasis"
          fromLabel="Primary tumour"
          toLabel="Latest metastasis"
          description="Patients with an evaluable primary-tumour test and an evaluable metastasis test: the primary result (the primary rule's test) against the latest metastasis result."
          threshold={threshold}
          testId="chart-primary-to-metastatic"
        />
        <TransitionHeatmap
          matrix={view.preNeoadjuvantToResidual}
          title="HER2 category: before neoadjuvant therapy → residual disease"
          fromLabel="Pre-treatment primary"
          toLabel="Residual tumour at surgery"
          description="Patients treated before surgery with an evaluable pre-treatment primary-tumour test and an evaluable test of the residual tumour at surgery: how HER2 changed under neoadjuvant therapy."
          threshold={threshold}
          testId="chart-pre-to-residual"
        />
        <FunnelPlot funnels={view.sites} unit="site" threshold={threshold} testId="chart-calling-sites" />
        <FunnelPlot funnels={view.assays} unit="assay" threshold={threshold} testId="chart-calling-assays" />
      </div>
    </div>
  );
}
