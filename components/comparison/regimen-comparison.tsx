import { KaplanMeierChart } from "@/components/charts/kaplan-meier-chart";
import { COHORT_LABELS } from "@/lib/analytics/cohorts";
import { survivalCsvHref, type DashboardFilters } from "@/lib/analytics/filters";
import type { DrawnComparisonView } from "@/lib/analytics/load-outcomes";
import { REGIMEN_CLASS_LABELS } from "@/lib/analytics/value-labels";
import { TREATMENT_SETTING_LABELS } from "@/lib/cases/coded-values";
import { armStyles } from "./arm-styles";
import { ComparisonSummary } from "./comparison-summary";
import { ForestPlot } from "./forest-plot";

/** The regimen comparison's charts and tables (issue 14 §3-§5), with the observational-data note. */
export function RegimenComparison({ view, filters, threshold }: { view: DrawnComparisonView; filters: DashboardFilters; threshold: number }) {
  const comparison = filters.comparison;
  const styles = armStyles(view.armA, view.armB);
  const lines = comparison.lineFrom === comparison.lineTo ? `line ${comparison.lineTo === 4 ? "4 or later" : comparison.lineFrom}` : `lines ${comparison.lineFrom} to ${comparison.lineTo === 4 ? "4 or later" : comparison.lineTo}`;
  const scope = `${COHORT_LABELS[comparison.cohort]} at the line's start, ${TREATMENT_SETTING_LABELS[comparison.setting].toLowerCase()} ${lines}`;
  if (view.armA === view.armB) {
    return (
      <p className="rounded-md border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-600" data-testid="comparison-same-arms">
        Choose two different regimen classes to compare.
      </p>
    );
  }
  const description = (endpoint: string) =>
    `${endpoint} from the start of each patient's first ${lines} of ${REGIMEN_CLASS_LABELS[view.armA]} or ${REGIMEN_CLASS_LABELS[view.armB]} (${scope}). Each patient counts once, in the arm of the earlier line. Censoring marks are ticks; the table under the axis gives the number at risk.`;
  return (
    <div className="space-y-6" data-testid="regimen-comparison">
      <div role="note" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950" data-testid="observational-note">
        <p className="font-semibold">Observational comparison, not a trial</p>
        <p className="mt-1">
          These patients were not randomised: who received {REGIMEN_CLASS_LABELS[view.armA]} rather than {REGIMEN_CLASS_LABELS[view.armB]} depended on their disease,
          fitness, the year and the doctor (confounding by indication), so the hazard ratio is an association, not the effect of the regimen. The adjusted model removes
          only the confounding by the covariates chosen and recorded.
        </p>
      </div>
      <div className="grid grid-cols-1 gap-6 2xl:grid-cols-2">
        <KaplanMeierChart
          analysis={view.pfs}
          bands={filters.bands}
          title={`Progression-free survival: ${REGIMEN_CLASS_LABELS[view.armA]} vs ${REGIMEN_CLASS_LABELS[view.armB]}`}
          timeLabel="Months since the line's start"
          description={description("Progression-free survival")}
          threshold={threshold}
          styles={styles}
          testId="chart-comparison-pfs"
          csvHref={survivalCsvHref(filters, "comparison-pfs")}
        />
        <KaplanMeierChart
          analysis={view.os}
          bands={filters.bands}
          title={`Overall survival: ${REGIMEN_CLASS_LABELS[view.armA]} vs ${REGIMEN_CLASS_LABELS[view.armB]}`}
          timeLabel="Months since the line's start"
          description={description("Overall survival")}
          threshold={threshold}
          styles={styles}
          testId="chart-comparison-os"
          csvHref={survivalCsvHref(filters, "comparison-os")}
        />
      </div>
      <ComparisonSummary view={view} threshold={threshold} />
      <ForestPlot forest={view.forest} armA={view.armA} armB={view.armB} threshold={threshold} />
    </div>
  );
}
