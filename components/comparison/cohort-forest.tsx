import { COHORT_LABELS } from "@/lib/analytics/cohorts";
import type { DashboardFilters } from "@/lib/analytics/filters";
import { formatPValue } from "@/lib/analytics/format";
import type { CohortForestView } from "@/lib/analytics/load-cohort-forest";
import { COHORT_RULE_LABELS } from "@/lib/her2/cohort";
import { CohortForestOptions } from "./cohort-forest-options";
import { ForestPlot } from "./forest-plot";

const ENDPOINT_NAMES: Readonly<Record<DashboardFilters["endpoint"], string>> = {
  os: "overall survival from diagnosis",
  "os-line": "overall survival from the line's start",
  pfs: "progression-free survival from the line's start",
};

/**
 * The cohort view's forest plot of subgroups (issue 14 §4): one HER2 cohort against a reference
 * cohort in each level of each subgroup, with the rule that grouped the patients and the tests
 * that produced the numbers, and each interaction test's result or why there is none.
 */
export function CohortForest({ view, filters, threshold }: { view: CohortForestView; filters: DashboardFilters; threshold: number }) {
  const { cohort, reference } = filters.cohortForest;
  const names = { a: COHORT_LABELS[cohort], b: COHORT_LABELS[reference] };
  const grouping =
    filters.endpoint === "os"
      ? `HER2 cohort by the cohort rule “${COHORT_RULE_LABELS[filters.rule]}”${filters.landmarkMonths > 0 ? `, landmark at ${filters.landmarkMonths} months` : ""}`
      : "HER2 status known at the start of each patient's first matching line, whatever the cohort rule";
  return (
    <section aria-labelledby="cohort-forest-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="cohort-forest">
      <h2 id="cohort-forest-heading" className="text-base font-semibold text-slate-900">
        Subgroups: {names.a} vs {names.b}, {ENDPOINT_NAMES[filters.endpoint]}
      </h2>
      <CohortForestOptions />
      <p className="text-sm text-slate-700" data-testid="cohort-forest-method">
        Patients of the curves above ({grouping}), in {names.a} or {names.b}; HER2-0 is every IHC 0 result (null, ultralow and not specified). Hazard ratio of{" "}
        {names.a} against {names.b} in each level: Cox proportional hazards, Efron ties, Wald 95 % CI. Interaction p: likelihood-ratio test of coxph(time ~ cohort +
        subgroup) against coxph(time ~ cohort × subgroup), χ² on as many df as interaction terms. HER2 status is not randomised: these are associations, and with
        several subgroups one p below 0.05 is expected by chance.
      </p>
      {view.status === "overlap" ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-700" data-testid="cohort-forest-overlap">
          {names.a} and {names.b} share patients: choose two cohorts that do not overlap (for example HER2-low against HER2-0).
        </p>
      ) : (
        <>
          <ForestPlot forest={view.forest} arms={names} testId="chart-cohort-forest" threshold={threshold} />
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm" data-testid="cohort-forest-interactions">
              <caption className="pb-2 text-left text-sm font-medium text-slate-900">Cohort × subgroup interaction (likelihood-ratio test)</caption>
              <thead>
                <tr className="border-b border-slate-200 text-slate-700">
                  <th scope="col" className="py-1 pr-4 font-medium">
                    Subgroup
                  </th>
                  <th scope="col" className="py-1 pr-4 font-medium">
                    χ² (df)
                  </th>
                  <th scope="col" className="py-1 pr-4 font-medium">
                    p
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.interactions.map(({ variable, label, outcome }) => (
                  <tr key={variable} className="border-b border-slate-100 align-top" data-testid={`interaction-${variable}`}>
                    <th scope="row" className="py-1 pr-4 font-normal text-slate-900">
                      {label}
                    </th>
                    {outcome.status === "done" ? (
                      <>
                        <td className="py-1 pr-4 tabular-nums">{`${outcome.statistic.toFixed(2)} (${outcome.df})`}</td>
                        <td className="py-1 pr-4 tabular-nums">{formatPValue(outcome.pValue)}</td>
                      </>
                    ) : (
                      <td colSpan={2} className="py-1 pr-4 text-slate-700">
                        {outcome.status === "not-computed-in-time" ? <strong className="font-semibold">Not computed in time. </strong> : "Not tested: "}
                        {outcome.status === "not-computed-in-time" ? outcome.reason.replace(/^Not computed in time: /, "") : outcome.reason}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
