import { FunnelPlot } from "@/components/charts/funnel-plot";
import { TransitionHeatmap } from "@/components/charts/transition-heatmap";
import { NoPatients } from "@/components/dashboard/no-patients";
import { parseDashboardFilters, type SearchParamsRecord } from "@/lib/analytics/filters";
import { loadEvolution } from "@/lib/analytics/load-evolution";
import { requirePageUser } from "@/lib/auth/page-guards";

export const metadata = { title: "Dashboard: HER2 evolution" };

export default async function DashboardEvolutionPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const user = await requirePageUser();
  const filters = parseDashboardFilters(await searchParams);
  const view = await loadEvolution(user, filters);
  if (view.patients === 0) return <NoPatients resetHref="/dashboard/evolution" />;
  const threshold = view.smallCellThreshold;
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        Transitions compare two named tests of the same patient, so the cohort rule does not change them; the other filters do.
      </p>
      <div className="grid gap-6 xl:grid-cols-2">
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
        <FunnelPlot funnels={view.sites} unit="site" threshold={threshold} testId="chart-calling-sites" />
        <FunnelPlot funnels={view.assays} unit="assay" threshold={threshold} testId="chart-calling-assays" />
      </div>
    </div>
  );
}
