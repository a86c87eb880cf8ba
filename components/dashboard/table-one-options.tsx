"use client";

import { TABLE_ONE_COMPARISONS, type TableOneComparison } from "@/lib/analytics/filters";
import { useDashboardFilters } from "./use-dashboard-filters";

const COMPARISON_CHOICES: Readonly<Record<TableOneComparison, string>> = {
  all: "All cohorts",
  negative: "HER2-negative cohorts only",
  "low-vs-0": "HER2-low vs HER2-0",
};

/** Which cohorts Table 1's p-values compare, kept in the URL (`compare`). */
export function TableOneOptions() {
  const { filters, update } = useDashboardFilters();
  return (
    <fieldset className="flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid="table-one-options">
      <legend className="float-left mr-2 text-sm font-medium text-slate-700">p-values compare</legend>
      <div className="inline-flex flex-wrap overflow-hidden rounded-md border border-slate-300">
        {TABLE_ONE_COMPARISONS.map((compare) => (
          <label
            key={compare}
            className={`relative cursor-pointer px-3 py-1.5 text-sm font-medium has-focus-visible:outline-2 has-focus-visible:-outline-offset-2 has-focus-visible:outline-sky-700 ${
              filters.compare === compare ? "bg-slate-900 text-white" : "bg-white text-slate-700 hover:bg-slate-100"
            }`}
          >
            <input
              type="radio"
              name="table-one-compare"
              value={compare}
              checked={filters.compare === compare}
              onChange={() => update({ compare })}
              className="absolute inset-0 cursor-pointer opacity-0"
            />
            {COMPARISON_CHOICES[compare]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
