import { AppLink } from "@/components/app-link";
import { z } from "zod";
import { CaseListFilters } from "@/components/cases/case-list-filters";
import { CohortBadge } from "@/components/cases/cohort-badge";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requirePageUser } from "@/lib/auth/page-guards";
import { can } from "@/lib/auth/roles";
import { formatAge } from "@/lib/cases/coded-values";
import { listCaseSites } from "@/lib/cases/list-case-sites";
import { listCases } from "@/lib/cases/list-cases";
import { CASE_SORT_LABELS, CaseListQuerySchema, caseListHref, firstValues, type CaseListQuery, type CaseSort } from "@/lib/cases/list-cases-query";
import { COHORT_RULE_LABELS } from "@/lib/her2/cohort";
import { ScrollRegion } from "@/components/scroll-region";

export const metadata = { title: "Cases" };

// The study ID of a case just deleted, for the confirmation (not a filter).
const DeletedNoticeSchema = z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9-]+$/);

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CasesPage({ searchParams }: Props) {
  const user = await requirePageUser();
  const query = CaseListQuerySchema.parse(firstValues(await searchParams));
  const [page, sites] = await Promise.all([listCases(user, query), listCaseSites(user)]);
  const canWrite = can(user, "cases:write");
  const filtered = Boolean(query.q || query.site || query.cohort || query.year || query.missing);
  const deleted = DeletedNoticeSchema.safeParse((await searchParams).deleted);

  return (
    <>
      <PageHeader
        title="Cases"
        description={
          user.role === "COORDINATOR"
            ? "De-identified cases of your site, with their HER2 cohort under the selected rule."
            : "De-identified cases of every site, with their HER2 cohort under the selected rule."
        }
        actions={
          canWrite ? (
            <AppLink href="/cases/new" className="rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-800">
              New case
            </AppLink>
          ) : null
        }
      />
      {deleted.success ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Case {deleted.data} was deleted. It is kept with its audit trail and no longer appears in lists, dashboards or exports.
        </p>
      ) : null}
      <CaseListFilters query={query} sites={sites.map((site) => ({ id: site.id, label: `${site.code} · ${site.name}` }))} showSite={user.role !== "COORDINATOR"} />

      {page.total === 0 ? (
        <EmptyState title={filtered ? "No case matches these filters" : "No cases yet"}>
          {filtered ? (
            <AppLink href="/cases" className="text-sky-800 underline">
              Clear the filters
            </AppLink>
          ) : canWrite ? (
            <>
              Add the first case with <AppLink href="/cases/new" className="text-sky-800 underline">New case</AppLink>, or{" "}
              <AppLink href="/import" className="text-sky-800 underline">import a CSV file</AppLink>.
            </>
          ) : (
            "Cases appear here once coordinators enter or import them."
          )}
        </EmptyState>
      ) : (
        <ScrollRegion label="Cases" className="rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm">
            <caption className="sr-only">
              Cases, page {page.page} of {page.pageCount}, sorted by {CASE_SORT_LABELS[query.sort]} ({query.dir === "asc" ? "ascending" : "descending"})
            </caption>
            <thead className="bg-slate-50 text-left text-slate-700">
              <tr>
                <SortHeader query={query} sort="studyId" />
                <SortHeader query={query} sort="site" className="hidden sm:table-cell" />
                <SortHeader query={query} sort="diagnosisYear" />
                <SortHeader query={query} sort="age" className="hidden sm:table-cell" />
                <th scope="col" className="px-3 py-2 font-medium">HR status</th>
                <SortHeader query={query} sort="cohort" label={`Cohort (${COHORT_RULE_LABELS[query.cohortRule].toLowerCase()})`} />
                <th scope="col" className="hidden sm:table-cell px-3 py-2 text-right font-medium">Tests</th>
                <th scope="col" className="hidden sm:table-cell px-3 py-2 text-right font-medium">Lines</th>
                <SortHeader query={query} sort="updated" className="hidden sm:table-cell" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.rows.map((row) => (
                <tr key={row.id} className="hover:bg-slate-50">
                  <th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap">
                    <AppLink href={`/cases/${row.id}`} className="text-sky-800 underline-offset-2 hover:underline">
                      {row.studyId}
                    </AppLink>
                  </th>
                  <td className="hidden sm:table-cell px-3 py-2">{row.siteCode}</td>
                  <td className="px-3 py-2">{row.diagnosisYear}</td>
                  <td className="hidden sm:table-cell px-3 py-2">{formatAge(row.ageAtDiagnosis)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{row.hrStatus === null ? <span className="text-slate-500">unknown</span> : row.hrStatus === "POSITIVE" ? "HR+" : "HR−"}</td>
                  <td className="px-3 py-2">
                    <CohortBadge category={row.cohort} />
                  </td>
                  <td className="hidden sm:table-cell px-3 py-2 text-right tabular-nums">{row.testCount}</td>
                  <td className="hidden sm:table-cell px-3 py-2 text-right tabular-nums">{row.lineCount}</td>
                  <td className="hidden sm:table-cell px-3 py-2 whitespace-nowrap text-slate-600">{row.updatedAt.slice(0, 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {page.total > 0 ? <Pagination query={query} pageCount={page.pageCount} total={page.total} /> : null}
    </>
  );
}

/** A sortable column header; `className` hides the less needed columns on phones (issue 16 §3). */
function SortHeader({ query, sort, label, className = "" }: { query: CaseListQuery; sort: CaseSort; label?: string; className?: string }) {
  const active = query.sort === sort;
  const nextDir = active && query.dir === "asc" ? "desc" : "asc";
  return (
    <th scope="col" className={`${className} px-3 py-2 font-medium`} aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
      <AppLink href={caseListHref({ ...query, sort, dir: nextDir, page: 1 })} className="inline-flex items-center gap-1 hover:underline">
        {label ?? CASE_SORT_LABELS[sort]}
        <span aria-hidden="true" className="text-slate-400">{active ? (query.dir === "asc" ? "▲" : "▼") : "↕"}</span>
      </AppLink>
    </th>
  );
}

function Pagination({ query, pageCount, total }: { query: CaseListQuery; pageCount: number; total: number }) {
  const first = (query.page - 1) * 25 + 1;
  const last = Math.min(total, query.page * 25);
  const link = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100";
  return (
    <nav aria-label="Pages" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-700">
      <p>
        {first.toLocaleString("en")}–{last.toLocaleString("en")} of {total.toLocaleString("en")} cases
      </p>
      <div className="flex items-center gap-2">
        {query.page > 1 ? (
          <AppLink className={link} href={caseListHref({ ...query, page: query.page - 1 })} rel="prev">
            Previous
          </AppLink>
        ) : null}
        <span>
          Page {query.page} of {pageCount}
        </span>
        {query.page < pageCount ? (
          <AppLink className={link} href={caseListHref({ ...query, page: query.page + 1 })} rel="next">
            Next
          </AppLink>
        ) : null}
      </div>
    </nav>
  );
}
