import { DISEASE_SETTING_LABELS, HR_STATUS_FILTER_LABELS, STAGE_GROUP_LABELS } from "@/lib/analytics/value-labels";
import { DISEASE_SETTING_VALUES, HR_FILTER_VALUES, STAGE_FILTER_VALUES, type DashboardFilters } from "@/lib/analytics/filters";

type Props = {
  filters: DashboardFilters;
  /** The export's query string (the patient filters only), "" when none. */
  query: string;
  sites: { code: string; name: string }[];
  /** Shown count: null when the small-cell rule suppresses it. */
  patients: number | null;
  threshold: number;
  showSites: boolean;
  auditIncluded: boolean;
};

const SELECT = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
const LINK = "inline-block rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-800";

/** The cohort filter (a GET form, so the filtered exports are links) and the mCODE and ODM downloads. */
export function InteropExports({ filters, query, sites, patients, threshold, showSites, auditIncluded }: Props) {
  const suffix = query === "" ? "" : `&${query}`;
  const count = patients === null ? `Fewer than ${threshold}` : patients.toLocaleString("en");
  return (
    <section aria-labelledby="interop-title" className="mt-6 rounded-lg border border-slate-200 bg-white p-6">
      <h2 id="interop-title" className="text-base font-semibold">Standards: HL7 FHIR mCODE and CDISC ODM</h2>
      <p className="mt-1 text-sm text-slate-700">
        For registries and EHR-facing partners (FHIR R4, mCODE STU4 patient bundles) and for sponsors&apos; archives (CDISC ODM 1.3.2 Snapshot). Choose the cohort:
      </p>
      <form method="get" action="/exports" className="mt-3 grid grid-cols-1 gap-3 md:grid-cols-3">
        {showSites ? (
          <label className="text-sm">
            <span className="font-medium">Sites</span>
            <select name="site" multiple defaultValue={filters.sites} className={SELECT} size={Math.min(4, Math.max(2, sites.length))}>
              {sites.map((site) => <option key={site.code} value={site.code}>{site.code} — {site.name}</option>)}
            </select>
          </label>
        ) : null}
        <fieldset className="text-sm">
          <legend className="font-medium">Diagnosis years</legend>
          <div className="mt-1 flex gap-2">
            <label className="flex-1"><span className="sr-only">From year</span><input name="from" type="number" min={1950} max={2100} defaultValue={filters.yearFrom} placeholder="from" className={SELECT} /></label>
            <label className="flex-1"><span className="sr-only">To year</span><input name="to" type="number" min={1950} max={2100} defaultValue={filters.yearTo} placeholder="to" className={SELECT} /></label>
          </div>
        </fieldset>
        <label className="text-sm">
          <span className="font-medium">HR status</span>
          <select name="hr" multiple defaultValue={filters.hr} className={SELECT} size={3}>
            {HR_FILTER_VALUES.map((value) => <option key={value} value={value}>{HR_STATUS_FILTER_LABELS[value]}</option>)}
          </select>
        </label>
        <label className="text-sm">
          <span className="font-medium">Stage</span>
          <select name="stage" multiple defaultValue={filters.stage} className={SELECT} size={6}>
            {STAGE_FILTER_VALUES.map((value) => <option key={value} value={value}>{value === "UNKNOWN" ? "Unknown" : STAGE_GROUP_LABELS[value]}</option>)}
          </select>
        </label>
        <label className="text-sm">
          <span className="font-medium">Disease setting</span>
          <select name="setting" multiple defaultValue={filters.setting} className={SELECT} size={3}>
            {DISEASE_SETTING_VALUES.map((value) => <option key={value} value={value}>{DISEASE_SETTING_LABELS[value]}</option>)}
          </select>
        </label>
        <div className="flex items-end gap-2">
          <button type="submit" className="rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-slate-100">Apply</button>
          {query !== "" ? <a href="/exports" className="px-2 py-2 text-sm text-sky-800 underline">Clear</a> : null}
        </div>
      </form>
      <p className="mt-3 text-sm" aria-live="polite"><strong>{count}</strong> patients in this cohort.</p>
      <div className="mt-4 grid grid-cols-1 gap-6 md:grid-cols-2">
        <div>
          <h3 className="text-sm font-semibold">mCODE (FHIR R4)</h3>
          <p className="mt-1 text-sm text-slate-700">One Bundle per patient: cancer patient (study ID, no name), primary and secondary cancer, TNM, HER2 IHC/ISH/interpretation (HER2-low and -ultralow), ER, PR, Ki-67, treatment, progression. Dates are synthetic (1 July of the diagnosis year + days).</p>
          <div className="mt-3 flex flex-wrap gap-2">
            <a className={LINK} href={`/api/exports/fhir?format=ndjson${suffix}`} download>mCODE NDJSON</a>
            <a className={LINK} href={`/api/exports/fhir?format=zip${suffix}`} download>mCODE ZIP of bundles</a>
          </div>
        </div>
        <div>
          <h3 className="text-sm font-semibold">CDISC ODM 1.3.2</h3>
          <p className="mt-1 text-sm text-slate-700">One Snapshot file: metadata (every field, type, range and code list), the patients with their tests and lines{auditIncluded ? ", and the audit trail of those rows (users and sites in AdminData)" : "; the audit trail is not included for your role"}.</p>
          <div className="mt-3"><a className={LINK} href={`/api/exports/odm${query === "" ? "" : `?${query}`}`} download>ODM XML</a></div>
        </div>
      </div>
      <p className="mt-4 text-sm text-slate-600">Every download is recorded in the audit trail.</p>
    </section>
  );
}
