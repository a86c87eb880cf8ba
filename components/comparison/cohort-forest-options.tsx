"use client";

import { COHORT_LABELS, SCHEME_COHORT_KEYS, isHer2CohortKey, type Her2CohortKey } from "@/lib/analytics/cohorts";
import { useDashboardFilters } from "@/components/dashboard/use-dashboard-filters";

/** The cohort forest plot's two cohorts (issue 14 §4), kept in the URL with the filters (fcohort, fref). */
export function CohortForestOptions() {
  const { filters, update } = useDashboardFilters();
  const choice = filters.cohortForest;
  // The scheme's cohorts, plus HER2-0 (every IHC 0 group) under either scheme, as published comparisons use it.
  const cohorts = [...new Set<Her2CohortKey>([...SCHEME_COHORT_KEYS[filters.scheme].filter(isHer2CohortKey), "HER2_0"])];
  const selectClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  const labelClass = "block text-xs font-medium text-slate-700";
  const options = cohorts.map((cohort) => (
    <option key={cohort} value={cohort}>
      {COHORT_LABELS[cohort]}
    </option>
  ));
  const set = (patch: Partial<typeof choice>) => update({ cohortForest: { ...choice, ...patch } });
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 sm:max-w-xl" data-testid="cohort-forest-options">
      <div>
        <label htmlFor="cohort-forest-cohort" className={labelClass}>
          Cohort (arm A)
        </label>
        <select
          id="cohort-forest-cohort"
          className={selectClass}
          value={choice.cohort}
          onChange={(event) => {
            if (isHer2CohortKey(event.target.value)) set({ cohort: event.target.value });
          }}
        >
          {options}
        </select>
      </div>
      <div>
        <label htmlFor="cohort-forest-reference" className={labelClass}>
          Reference cohort (arm B)
        </label>
        <select
          id="cohort-forest-reference"
          className={selectClass}
          value={choice.reference}
          onChange={(event) => {
            if (isHer2CohortKey(event.target.value)) set({ reference: event.target.value });
          }}
        >
          {options}
        </select>
      </div>
    </div>
  );
}
