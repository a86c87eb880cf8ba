import { KaplanMeierChart } from "@/components/charts/kaplan-meier-chart";
import { SurvivalSummary } from "@/components/charts/survival-summary";
import { CohortRuleNotice } from "@/components/dashboard/cohort-rule-notice";
import type { CohortRule } from "@/lib/her2/cohort";
import type { EarlyDiseaseView } from "@/lib/analytics/load-early-disease";
import { survivalCsvHref, type DashboardFilters } from "@/lib/analytics/filters";
import { PcrRateChart } from "./pcr-rate-chart";

const ORIGIN_WORDS = { diagnosis: "diagnosis", surgery: "definitive surgery" } as const;

/** The Outcomes tab's early-disease view: pCR by cohort, then iDFS and DRFS (STEEP 2.0) as Kaplan-Meier. */
export function EarlyDiseaseSection({ view, rule, bands, filters }: { view: EarlyDiseaseView; rule: CohortRule; bands: boolean; filters: DashboardFilters }) {
  const origin = ORIGIN_WORDS[view.origin];
  const threshold = view.smallCellThreshold;
  const population =
    view.origin === "surgery"
      ? "Patients diagnosed with early disease who had definitive surgery, time counted from the day of surgery (events before surgery leave the analysis, counted in the summary)."
      : "Every patient diagnosed with early disease (including those who later had metastases), time counted from diagnosis.";
  const endpoints = [
    {
      key: "idfs" as const,
      analysis: view.idfs,
      title: `Invasive disease-free survival from ${origin}`,
      description: `Kaplan-Meier estimate of invasive disease-free survival (iDFS, STEEP 2.0): events are invasive local or regional recurrence, distant recurrence, contralateral invasive breast cancer, second primary invasive cancer (non-breast) and death from any cause, whichever comes first; patients without one are censored at their last contact (tick marks). ${population}`,
    },
    {
      key: "drfs" as const,
      analysis: view.drfs,
      title: `Distant recurrence-free survival from ${origin}`,
      description: `Kaplan-Meier estimate of distant recurrence-free survival (DRFS, STEEP 2.0): events are distant recurrence (the day of metastasis) and death from any cause; patients without one are censored at their last contact (tick marks). ${population}`,
    },
  ];
  return (
    <div className="space-y-6" data-testid="early-disease-view">
      <CohortRuleNotice rule={rule} analysis="from-diagnosis" />
      <p className="rounded-md border border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-900" data-testid="early-origin-note">
        Time zero of iDFS and DRFS: <strong>{origin}</strong>. {population}
      </p>
      <PcrRateChart view={view.pcr} threshold={threshold} />
      {endpoints.map((endpoint) => (
        <div key={endpoint.key} className="grid gap-6 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <KaplanMeierChart
            analysis={endpoint.analysis}
            bands={bands}
            title={endpoint.title}
            timeLabel={`Months since ${origin}`}
            description={endpoint.description}
            threshold={threshold}
            testId={`chart-${endpoint.key}`}
            csvHref={survivalCsvHref(filters, endpoint.key)}
          />
          <SurvivalSummary analysis={endpoint.analysis} title={endpoint.title} threshold={threshold} />
        </div>
      ))}
    </div>
  );
}
