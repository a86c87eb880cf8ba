"use client";

import { useDashboardFilters } from "@/components/dashboard/use-dashboard-filters";

/**
 * The cohort forest plot is computed on request (`subgroups=1`): on a whole registry its query and
 * its interaction tests take seconds, which every visit to the Outcomes tab would otherwise pay.
 */
export function ShowCohortForest() {
  const { filters, update } = useDashboardFilters();
  return (
    <section aria-labelledby="show-cohort-forest-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="show-cohort-forest">
      <h2 id="show-cohort-forest-heading" className="text-base font-semibold text-slate-900">
        Subgroups
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        The hazard ratio of one HER2 cohort against another (HER2-low vs HER2-0 by default) in each level of age, HR status, menopausal status, line, site and
        diagnosis era, with the interaction tests.
      </p>
      <button
        type="button"
        className="mt-3 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
        onClick={() => update({ cohortForest: { ...filters.cohortForest, show: true } })}
      >
        Show the forest plot of subgroups
      </button>
    </section>
  );
}
