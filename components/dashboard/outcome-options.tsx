"use client";

import { COHORT_LABELS, SCHEME_COHORT_KEYS, isHer2CohortKey } from "@/lib/analytics/cohorts";
import { LINE_LABELS } from "@/lib/analytics/describe-outcome";
import { LINE_FILTER_VALUES, REGIMEN_CLASS_VALUES, SURVIVAL_ENDPOINTS, type LineFilter, type RegimenFilter, type SurvivalEndpoint } from "@/lib/analytics/filters";
import { REGIMEN_CLASS_LABELS } from "@/lib/analytics/value-labels";
import { useDashboardFilters } from "./use-dashboard-filters";

const ENDPOINT_LABELS: Readonly<Record<SurvivalEndpoint, string>> = {
  os: "Overall survival from diagnosis",
  "os-line": "Overall survival from the start of a line",
  pfs: "Progression-free survival on a line",
};

/** The Outcomes tab's analysis choices, kept in the URL with the filters. */
export function OutcomeOptions() {
  const { filters, update } = useDashboardFilters();
  const selectClass = "mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  const labelClass = "block text-xs font-medium text-slate-700";
  return (
    <section aria-label="Outcome analysis options" className="mb-6 flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="outcome-options">
      <div>
        <label htmlFor="outcome-endpoint" className={labelClass}>
          Endpoint
        </label>
        <select id="outcome-endpoint" className={selectClass} value={filters.endpoint} onChange={(event) => update({ endpoint: event.target.value as SurvivalEndpoint })}>
          {SURVIVAL_ENDPOINTS.map((endpoint) => (
            <option key={endpoint} value={endpoint}>
              {ENDPOINT_LABELS[endpoint]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="outcome-regimen" className={labelClass}>
          Regimen class
        </label>
        <select id="outcome-regimen" className={selectClass} value={filters.regimen} onChange={(event) => update({ regimen: event.target.value as RegimenFilter })}>
          <option value="ANY">Any regimen</option>
          {REGIMEN_CLASS_VALUES.map((regimen) => (
            <option key={regimen} value={regimen}>
              {REGIMEN_CLASS_LABELS[regimen]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="outcome-line" className={labelClass}>
          Metastatic line
        </label>
        <select id="outcome-line" className={selectClass} value={filters.line} onChange={(event) => update({ line: event.target.value as LineFilter })}>
          {LINE_FILTER_VALUES.map((line) => (
            <option key={line} value={line}>
              {LINE_LABELS[line]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="outcome-reference" className={labelClass}>
          Hazard ratio reference
        </label>
        <select
          id="outcome-reference"
          className={selectClass}
          value={filters.reference}
          onChange={(event) => {
            const reference = event.target.value;
            if (isHer2CohortKey(reference)) update({ reference });
          }}
        >
          {SCHEME_COHORT_KEYS[filters.scheme].filter(isHer2CohortKey).map((cohort) => (
            <option key={cohort} value={cohort}>
              {COHORT_LABELS[cohort]}
            </option>
          ))}
        </select>
      </div>
      <div className="flex items-center gap-2 pb-1.5">
        <input id="outcome-bands" type="checkbox" className="h-4 w-4" checked={filters.bands} onChange={(event) => update({ bands: event.target.checked })} />
        <label htmlFor="outcome-bands" className="text-sm text-slate-800">
          Show 95 % confidence bands
        </label>
      </div>
      <p className="w-full text-xs text-slate-500">
        The regimen class and line apply to the line-based survival endpoints, response rates and treatment uptake; overall survival from
        diagnosis uses every patient, so its group sizes equal the cohort counts.
      </p>
    </section>
  );
}
