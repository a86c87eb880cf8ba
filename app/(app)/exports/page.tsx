import { PageHeader } from "@/components/page-header";
import { InteropExports } from "@/components/exports/interop-exports";
import { listFilterOptions } from "@/lib/analytics/filter-options";
import { DEFAULT_DASHBOARD_FILTERS, parseDashboardFilters, toDashboardSearchParams, type SearchParamsRecord } from "@/lib/analytics/filters";
import { suppressCount } from "@/lib/analytics/small-cells";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/page-guards";
import { summarizeExport } from "@/lib/cases/export-cases";
import { env } from "@/lib/env";
import { countCohort } from "@/lib/interop/read-cohort-cases";

export const metadata = { title: "Exports" };

type Props = { searchParams: Promise<SearchParamsRecord> };

export default async function ExportsPage({ searchParams }: Props) {
  const user = await requirePageUser();
  // Only the patient filters apply to an export; the dashboards' outcome options are dropped.
  const parsed = parseDashboardFilters(await searchParams);
  const filters = { ...DEFAULT_DASHBOARD_FILTERS, sites: parsed.sites, yearFrom: parsed.yearFrom, yearTo: parsed.yearTo, hr: parsed.hr, stage: parsed.stage, setting: parsed.setting };
  const [summary, options, cohort] = await Promise.all([summarizeExport(user), listFilterOptions(user), countCohort(user, filters)]);
  const threshold = user.role === "INVESTIGATOR" ? env.SMALL_CELL_THRESHOLD : 0;
  const scope = user.role === "COORDINATOR" ? "your site's cases" : "the cases of every site";
  return (
    <>
      <PageHeader title="Exports" description="Tidy CSV files for R, SAS or Stata (with the derived HER2 categories, cohorts and the data dictionary), HL7 FHIR mCODE bundles and CDISC ODM." />
      <section aria-labelledby="export-title" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="export-title" className="text-base font-semibold">Analysis data set</h2>
        <p className="mt-1 text-sm text-slate-700">One ZIP file with {scope}, as they are now (deleted rows excluded):</p>
        <ul className="mt-3 space-y-1 text-sm">
          <li><code>patients.csv</code>: {summary.patients.toLocaleString("en")} rows, one per patient, with HR status and the HER2 cohort under each rule (latest, primary, highest) and the HER2 transitions</li>
          <li><code>her2_tests.csv</code>: {summary.tests.toLocaleString("en")} rows, one per test, with its ISH group and HER2 category</li>
          <li><code>treatment_lines.csv</code>: {summary.lines.toLocaleString("en")} rows, one per line of therapy, with response and progression</li>
          <li><code>data-dictionary.md</code>: every column, its values and meaning, the cohort rules and the survival endpoints (with R code)</li>
        </ul>
        <p className="mt-3 text-sm text-slate-600">
          De-identified: study IDs, the diagnosis year and days since diagnosis only. The download is recorded in the audit trail.
        </p>
        <a href="/api/exports/cases" download className="mt-4 inline-block rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-800">
          Download the export (ZIP)
        </a>
      </section>
      <InteropExports
        filters={filters}
        query={toDashboardSearchParams(filters).toString()}
        sites={options.sites}
        patients={suppressCount(cohort, threshold)}
        threshold={threshold}
        showSites={user.role !== "COORDINATOR"}
        auditIncluded={can(user, "audit:read-site")}
      />
    </>
  );
}
