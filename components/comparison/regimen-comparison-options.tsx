"use client";

import { COHORT_LABELS, SCHEME_COHORT_KEYS, isHer2CohortKey } from "@/lib/analytics/cohorts";
import { ADJUSTMENT_COVARIATES, FOREST_ENDPOINTS, LINE_BOUND_VALUES, REGIMEN_CLASS_VALUES, TREATMENT_SETTING_VALUES, type AdjustmentCovariate } from "@/lib/analytics/filters";
import { REGIMEN_CLASS_LABELS } from "@/lib/analytics/value-labels";
import { TREATMENT_SETTING_LABELS } from "@/lib/cases/coded-values";
import type { RegimenClass, TreatmentSetting } from "@/lib/generated/prisma/enums";
import { useDashboardFilters } from "@/components/dashboard/use-dashboard-filters";

const COVARIATE_LABELS: Readonly<Record<AdjustmentCovariate, string>> = {
  age: "Age group",
  hr: "HR status",
  line: "Line of therapy",
  cdk46: "Prior CDK4/6 inhibitor",
};

const LINE_BOUND_LABELS: Readonly<Record<(typeof LINE_BOUND_VALUES)[number], string>> = { "1": "1", "2": "2", "3": "3", "4": "4 or later" };

/** The regimen comparison's choices (issue 14 §3), kept in the URL with the filters. */
export function RegimenComparisonOptions() {
  const { filters, update } = useDashboardFilters();
  const comparison = filters.comparison;
  const set = (patch: Partial<typeof comparison>) => update({ comparison: { ...comparison, ...patch } });
  const selectClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  const labelClass = "block text-xs font-medium text-slate-700";
  const cohorts = [...new Set([...SCHEME_COHORT_KEYS[filters.scheme].filter(isHer2CohortKey), "HER2_0" as const])];
  const regimenOptions = REGIMEN_CLASS_VALUES.map((regimen) => (
    <option key={regimen} value={regimen}>
      {REGIMEN_CLASS_LABELS[regimen]}
    </option>
  ));
  return (
    <section aria-label="Regimen comparison options" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="regimen-comparison-options">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <label htmlFor="comparison-arm-a" className={labelClass}>
            Arm A (regimen class)
          </label>
          <select id="comparison-arm-a" className={selectClass} value={comparison.armA} onChange={(event) => set({ armA: event.target.value as RegimenClass })}>
            {regimenOptions}
          </select>
        </div>
        <div>
          <label htmlFor="comparison-arm-b" className={labelClass}>
            Arm B (reference)
          </label>
          <select id="comparison-arm-b" className={selectClass} value={comparison.armB} onChange={(event) => set({ armB: event.target.value as RegimenClass })}>
            {regimenOptions}
          </select>
        </div>
        <div>
          <label htmlFor="comparison-cohort" className={labelClass}>
            HER2 status at the line&apos;s start
          </label>
          <select
            id="comparison-cohort"
            className={selectClass}
            value={comparison.cohort}
            onChange={(event) => {
              const cohort = event.target.value;
              if (isHer2CohortKey(cohort)) set({ cohort });
            }}
          >
            {cohorts.map((cohort) => (
              <option key={cohort} value={cohort}>
                {COHORT_LABELS[cohort]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="comparison-setting" className={labelClass}>
            Setting
          </label>
          <select id="comparison-setting" className={selectClass} value={comparison.setting} onChange={(event) => set({ setting: event.target.value as TreatmentSetting })}>
            {TREATMENT_SETTING_VALUES.map((setting) => (
              <option key={setting} value={setting}>
                {TREATMENT_SETTING_LABELS[setting]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="comparison-line-from" className={labelClass}>
            Lines from
          </label>
          <select id="comparison-line-from" className={selectClass} value={String(comparison.lineFrom)} onChange={(event) => set({ lineFrom: Number(event.target.value) })}>
            {LINE_BOUND_VALUES.map((line) => (
              <option key={line} value={line}>
                {LINE_BOUND_LABELS[line]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="comparison-line-to" className={labelClass}>
            Lines to
          </label>
          <select id="comparison-line-to" className={selectClass} value={String(comparison.lineTo)} onChange={(event) => set({ lineTo: Number(event.target.value) })}>
            {LINE_BOUND_VALUES.map((line) => (
              <option key={line} value={line}>
                {LINE_BOUND_LABELS[line]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="comparison-forest" className={labelClass}>
            Forest plot endpoint
          </label>
          <select id="comparison-forest" className={selectClass} value={comparison.forest} onChange={(event) => set({ forest: event.target.value === "os" ? "os" : "pfs" })}>
            {FOREST_ENDPOINTS.map((endpoint) => (
              <option key={endpoint} value={endpoint}>
                {endpoint === "pfs" ? "Progression-free survival" : "Overall survival"}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset className="mt-4">
        <legend className={labelClass}>Adjust the Cox model for (optional)</legend>
        <div className="mt-1 flex flex-wrap gap-x-5 gap-y-2">
          {ADJUSTMENT_COVARIATES.map((covariate) => (
            <label key={covariate} className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                className="h-4 w-4"
                checked={comparison.adjust.includes(covariate)}
                onChange={(event) =>
                  set({ adjust: ADJUSTMENT_COVARIATES.filter((entry) => (entry === covariate ? event.target.checked : comparison.adjust.includes(entry))) })
                }
              />
              {COVARIATE_LABELS[covariate]}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-slate-500">Visceral disease is not recorded in the registry, so it cannot be adjusted for.</p>
      </fieldset>
    </section>
  );
}
