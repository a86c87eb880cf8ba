"use client";

import type { FilterOptions } from "@/lib/analytics/filter-options";
import { COHORT_SCHEMES, COHORT_SCHEME_LABELS } from "@/lib/analytics/cohorts";
import { reconcileDashboardFilters } from "@/lib/analytics/reconcile-filters";
import { DEFAULT_DASHBOARD_FILTERS, type DashboardFilters, DISEASE_SETTING_VALUES, HR_FILTER_VALUES, STAGE_FILTER_VALUES, defaultReference, hasPatientFilters } from "@/lib/analytics/filters";
import { DISEASE_SETTING_LABELS, HR_STATUS_FILTER_LABELS, STAGE_GROUP_LABELS } from "@/lib/analytics/value-labels";
import { COHORT_RULES, COHORT_RULE_LABELS } from "@/lib/her2/cohort";
import { MultiSelect } from "./multi-select";
import { useDashboardFilters } from "./use-dashboard-filters";
import { YearSelect } from "./year-select";

const RULE_HELP = {
  latest: "the most recent evaluable test",
  primary: "the primary tumour at diagnosis (its earliest evaluable test before any neoadjuvant therapy)",
  highest: "the highest expression among all evaluable tests",
} as const;

const SCHEME_SHORT = { "4": "4 groups", "3": "3 groups" } as const;

/**
 * The filters every tab shares (issue 7 §1), kept in the URL. Changes apply at once (the years
 * once the choice settles); the back button undoes them one by one. A site or year in the URL
 * that the user cannot choose is not applied, and the bar says so (issue 16 §1).
 */
export function FilterBar({ options, siteLocked }: { options: FilterOptions; siteLocked: boolean }) {
  const { filters: fromUrl, update, reset, isPending } = useDashboardFilters();
  // What the pages apply: the URL's filters less the sites and years the user cannot choose.
  const { filters, dropped } = reconcileDashboardFilters(fromUrl, options, { siteLocked });
  // A change also drops from the URL what was left out, so the address agrees with the bar.
  const change = (patch: Partial<DashboardFilters>) => update({ sites: filters.sites, yearFrom: filters.yearFrom, yearTo: filters.yearTo, ...patch });
  const years = options.years ? Array.from({ length: options.years.last - options.years.first + 1 }, (_, i) => (options.years?.first ?? 0) + i) : [];
  const selectClass = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <section aria-label="Dashboard filters" className="mb-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="filter-bar">
      <div className="flex flex-wrap items-center gap-x-6 gap-y-3">
        <fieldset className="flex flex-wrap items-center gap-2">
          <legend className="float-left mr-2 text-sm font-medium text-slate-700">Cohort rule</legend>
          <div className="inline-flex overflow-hidden rounded-md border border-slate-300">
            {COHORT_RULES.map((rule) => (
              <label
                key={rule}
                title={`Cohort from ${RULE_HELP[rule]}`}
                className={`relative cursor-pointer px-3 py-1.5 text-sm font-medium has-focus-visible:outline-2 has-focus-visible:-outline-offset-2 has-focus-visible:outline-sky-700 ${
                  filters.rule === rule ? "bg-slate-900 text-white" : "bg-white text-slate-700 hover:bg-slate-100"
                }`}
              >
                <input
                  type="radio"
                  name="cohort-rule"
                  value={rule}
                  checked={filters.rule === rule}
                  onChange={() => change({ rule })}
                  className="absolute inset-0 cursor-pointer opacity-0"
                />
                {COHORT_RULE_LABELS[rule]}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="flex flex-wrap items-center gap-2">
          <legend className="float-left mr-2 text-sm font-medium text-slate-700">Cohorts</legend>
          <div className="inline-flex overflow-hidden rounded-md border border-slate-300">
            {COHORT_SCHEMES.map((scheme) => (
              <label
                key={scheme}
                title={COHORT_SCHEME_LABELS[scheme]}
                className={`relative cursor-pointer px-3 py-1.5 text-sm font-medium has-focus-visible:outline-2 has-focus-visible:-outline-offset-2 has-focus-visible:outline-sky-700 ${
                  filters.scheme === scheme ? "bg-slate-900 text-white" : "bg-white text-slate-700 hover:bg-slate-100"
                }`}
              >
                <input
                  type="radio"
                  name="cohort-scheme"
                  value={scheme}
                  checked={filters.scheme === scheme}
                  onChange={() => change({ scheme, reference: defaultReference(scheme) })}
                  className="absolute inset-0 cursor-pointer opacity-0"
                />
                {SCHEME_SHORT[scheme]}
              </label>
            ))}
          </div>
        </fieldset>
        <p className="text-xs text-slate-500" data-testid="cohort-rule-help">
          Each patient&apos;s cohort comes from {RULE_HELP[filters.rule]}.{" "}
          {filters.scheme === "3"
            ? "HER2-0 is every IHC 0: HER2-null, HER2-ultralow and IHC 0 not specified (ESMO 2023)."
            : "HER2-null is IHC 0 with no staining; an IHC 0 reported without null or ultralow is shown as its own group."}
        </p>
        {isPending ? (
          <span className="ml-auto text-xs font-medium text-slate-600" aria-hidden="true">
            Updating…
          </span>
        ) : null}
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        {siteLocked ? (
          <span className="rounded-md border border-slate-200 bg-slate-50 px-2.5 py-1.5 text-sm text-slate-700">
            Site: {options.sites.map((site) => `${site.code} · ${site.name}`).join(", ") || "none"} (your site)
          </span>
        ) : (
          <MultiSelect
            label="Sites"
            testId="filter-sites"
            options={options.sites.map((site) => ({ value: site.code, label: `${site.code} · ${site.name}` }))}
            selected={filters.sites}
            onChange={(sites) => change({ sites })}
          />
        )}
        <div className="flex items-center gap-1.5 text-sm">
          <label htmlFor="filter-year-from" className="font-medium text-slate-700">
            Diagnosed
          </label>
          <YearSelect
            id="filter-year-from"
            className={selectClass}
            value={filters.yearFrom}
            years={years}
            anyLabel="from any year"
            prefix="from"
            onCommit={(yearFrom) => change({ yearFrom })}
          />
          <label htmlFor="filter-year-to" className="sr-only">
            Diagnosed until
          </label>
          <YearSelect
            id="filter-year-to"
            className={selectClass}
            value={filters.yearTo}
            years={years}
            anyLabel="to any year"
            prefix="to"
            onCommit={(yearTo) => change({ yearTo })}
          />
        </div>
        <MultiSelect
          label="HR status"
          testId="filter-hr"
          options={HR_FILTER_VALUES.map((value) => ({ value, label: HR_STATUS_FILTER_LABELS[value] }))}
          selected={filters.hr}
          onChange={(hr) => change({ hr })}
        />
        <MultiSelect
          label="Stage"
          testId="filter-stage"
          options={STAGE_FILTER_VALUES.map((value) => ({ value, label: value === "UNKNOWN" ? "Unknown" : STAGE_GROUP_LABELS[value] }))}
          selected={filters.stage}
          onChange={(stage) => change({ stage })}
        />
        <MultiSelect
          label="Disease setting"
          testId="filter-setting"
          options={DISEASE_SETTING_VALUES.map((value) => ({ value, label: DISEASE_SETTING_LABELS[value] }))}
          selected={filters.setting}
          onChange={(setting) => change({ setting })}
        />
        {hasPatientFilters(filters) || filters.rule !== DEFAULT_DASHBOARD_FILTERS.rule || filters.scheme !== DEFAULT_DASHBOARD_FILTERS.scheme ? (
          <button type="button" onClick={reset} className="rounded-md px-2.5 py-1.5 text-sm font-medium text-sky-800 underline hover:bg-slate-100">
            Reset filters
          </button>
        ) : null}
      </div>
      {dropped.length > 0 ? (
        <div role="status" className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="filter-notice">
          {dropped.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
    </section>
  );
}
