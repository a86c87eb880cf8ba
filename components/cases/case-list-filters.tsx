import { AppLink } from "@/components/app-link";
import { HER2_CATEGORY_LABELS, type EvaluableCategory } from "@/lib/her2/classify";
import { COHORT_RULES, COHORT_RULE_LABELS } from "@/lib/her2/cohort";
import { COHORT_FILTERS, MISSING_DATA_FILTERS, MISSING_DATA_LABELS, type CaseListQuery } from "@/lib/cases/list-cases-query";

// A plain GET form: filters land in the URL (shareable) and work without JavaScript.
export function CaseListFilters({ query, sites, showSite }: { query: CaseListQuery; sites: { id: number; label: string }[]; showSite: boolean }) {
  const control = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  const label = "block text-xs font-medium text-slate-700";
  return (
    <form method="get" action="/cases" className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4 lg:grid-cols-7" role="search" aria-label="Filter cases">
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <div className="col-span-2 lg:col-span-2">
        <label htmlFor="filter-q" className={label}>Study ID</label>
        <input id="filter-q" name="q" type="search" defaultValue={query.q ?? ""} placeholder="e.g. HER2-01-0042" className={control} autoComplete="off" />
      </div>
      {showSite ? (
        <div>
          <label htmlFor="filter-site" className={label}>Site</label>
          <select id="filter-site" name="site" defaultValue={query.site ?? ""} className={control}>
            <option value="">All sites</option>
            {sites.map((site) => (
              <option key={site.id} value={site.id}>{site.label}</option>
            ))}
          </select>
        </div>
      ) : null}
      <div>
        <label htmlFor="filter-rule" className={label}>Cohort rule</label>
        <select id="filter-rule" name="cohortRule" defaultValue={query.cohortRule} className={control}>
          {COHORT_RULES.map((rule) => (
            <option key={rule} value={rule}>{COHORT_RULE_LABELS[rule]}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-cohort" className={label}>Cohort</label>
        <select id="filter-cohort" name="cohort" defaultValue={query.cohort ?? ""} className={control}>
          <option value="">All cohorts</option>
          {COHORT_FILTERS.map((cohort) => (
            <option key={cohort} value={cohort}>{cohort === "UNCLASSIFIED" ? "Unclassified" : HER2_CATEGORY_LABELS[cohort as EvaluableCategory]}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-year" className={label}>Diagnosis year</label>
        <input id="filter-year" name="year" type="number" inputMode="numeric" min={1950} max={2100} defaultValue={query.year ?? ""} className={control} />
      </div>
      <div>
        <label htmlFor="filter-missing" className={label}>Missing data</label>
        <select id="filter-missing" name="missing" defaultValue={query.missing ?? ""} className={control}>
          <option value="">Any</option>
          {MISSING_DATA_FILTERS.map((missing) => (
            <option key={missing} value={missing}>{MISSING_DATA_LABELS[missing]}</option>
          ))}
        </select>
      </div>
      <div className="col-span-2 flex items-end gap-2 md:col-span-4 lg:col-span-7">
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-800">
          Apply filters
        </button>
        <AppLink href="/cases" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
          Clear
        </AppLink>
      </div>
    </form>
  );
}
