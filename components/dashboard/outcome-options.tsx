"use client";

import { COHORT_LABELS, SCHEME_COHORT_KEYS, isHer2CohortKey } from "@/lib/analytics/cohorts";
import { LINE_LABELS } from "@/lib/analytics/describe-outcome";
import {
  LANDMARK_MONTHS,
  EARLY_ORIGINS,
  LINE_FILTER_VALUES,
  OUTCOME_VIEWS,
  REGIMEN_CLASS_VALUES,
  SURVIVAL_ENDPOINTS,
  TAU_MONTHS,
  type EarlyOrigin,
  type LineFilter,
  type OutcomeView,
  type RegimenFilter,
  type SurvivalEndpoint,
} from "@/lib/analytics/filters";
import { REGIMEN_CLASS_LABELS } from "@/lib/analytics/value-labels";
import { useDashboardFilters } from "./use-dashboard-filters";

const ENDPOINT_LABELS: Readonly<Record<SurvivalEndpoint, string>> = {
  os: "Overall survival from diagnosis",
  "os-line": "Overall survival from the start of a line",
  pfs: "Progression-free survival on a line",
};

const VIEW_LABELS: Readonly<Record<OutcomeView, string>> = {
  cohorts: "HER2 cohorts",
  regimens: "Two regimens within a cohort",
  early: "Early disease: pCR, iDFS, DRFS",
};

const ORIGIN_LABELS: Readonly<Record<EarlyOrigin, string>> = { diagnosis: "Diagnosis", surgery: "Definitive surgery" };

/** The reference cohort of the hazard ratios (the cohort view and the early-disease view). */
function HazardRatioReference() {
  const { filters, update } = useDashboardFilters();
  return (
    <div>
      <label htmlFor="outcome-reference" className="block text-xs font-medium text-slate-700">
        Hazard ratio reference
      </label>
      <select
        id="outcome-reference"
        className="mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
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
  );
}

/** The Outcomes tab's analysis choices, kept in the URL with the filters. */
export function OutcomeOptions() {
  const { filters, update } = useDashboardFilters();
  const selectClass = "mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  const labelClass = "block text-xs font-medium text-slate-700";
  return (
    <section aria-label="Outcome analysis options" className="mb-6 flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="outcome-options">
      <div>
        <label htmlFor="outcome-view" className={labelClass}>
          Compare
        </label>
        <select id="outcome-view" className={selectClass} value={filters.view} onChange={(event) => update({ view: OUTCOME_VIEWS.find((view) => view === event.target.value) ?? "cohorts" })}>
          {OUTCOME_VIEWS.map((view) => (
            <option key={view} value={view}>
              {VIEW_LABELS[view]}
            </option>
          ))}
        </select>
      </div>
      {filters.view === "early" ? (
        <div>
          <label htmlFor="outcome-origin" className={labelClass}>
            iDFS and DRFS from
          </label>
          <select id="outcome-origin" className={selectClass} value={filters.origin} onChange={(event) => update({ origin: EARLY_ORIGINS.find((origin) => origin === event.target.value) ?? "diagnosis" })}>
            {EARLY_ORIGINS.map((origin) => (
              <option key={origin} value={origin}>
                {ORIGIN_LABELS[origin]}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div>
        <label htmlFor="outcome-tau" className={labelClass}>
          Restricted mean up to
        </label>
        <select id="outcome-tau" className={selectClass} value={filters.tauMonths === null ? "auto" : String(filters.tauMonths)} onChange={(event) => update({ tauMonths: event.target.value === "auto" ? null : Number(event.target.value) })}>
          {TAU_MONTHS.map((tau) => (
            <option key={tau} value={tau}>
              {tau === "auto" ? "Automatic (12 or 60 months)" : `${tau} months`}
            </option>
          ))}
        </select>
      </div>
      {filters.view === "regimens" ? null : filters.view === "early" ? (
        <HazardRatioReference />
      ) : (
        <>
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
      <HazardRatioReference />
      {filters.endpoint === "os" ? (
        <div>
          <label htmlFor="outcome-landmark" className={labelClass}>
            Landmark (OS from diagnosis)
          </label>
          <select id="outcome-landmark" className={selectClass} value={String(filters.landmarkMonths)} onChange={(event) => update({ landmarkMonths: Number(event.target.value) })}>
            {LANDMARK_MONTHS.map((months) => (
              <option key={months} value={months}>
                {months === "0" ? "None" : `${months} months`}
              </option>
            ))}
          </select>
        </div>
      ) : null}
        </>
      )}
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
