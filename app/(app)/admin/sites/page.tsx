import { AppLink } from "@/components/app-link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { SuccessMessage } from "@/components/admin/form-fields";
import { StatusBadge } from "@/components/admin/status-badge";
import { requirePageUser } from "@/lib/auth/page-guards";
import { orPageError } from "@/lib/http/page-errors";
import { firstValues, type RawSearchParams } from "@/lib/http/search-params";
import { listSites } from "@/lib/sites/list-sites";
import { SiteCodeSchema } from "@/lib/sites/schemas";
import { ScrollRegion } from "@/components/scroll-region";

export const metadata = { title: "Sites" };

type Props = { searchParams: Promise<RawSearchParams> };

export default async function SitesPage({ searchParams }: Props) {
  const user = await requirePageUser("ADMIN");
  const created = SiteCodeSchema.safeParse(firstValues(await searchParams).created);
  const sites = await orPageError(listSites(user));
  const newSite = created.success ? sites.find((site) => site.code === created.data) : undefined;

  return (
    <>
      <PageHeader
        title="Sites"
        description="Participating sites. The code is the middle part of each study ID; a site's patients and coordinators are counted live."
        actions={
          <AppLink href="/admin/sites/new" className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-800">
            New site
          </AppLink>
        }
      />
      {newSite ? (
        <div className="mb-4">
          <SuccessMessage>
            Site {newSite.code} · {newSite.name} added.
          </SuccessMessage>
        </div>
      ) : null}
      {sites.length === 0 ? (
        <EmptyState title="No sites yet">Add the first participating site with New site; coordinators and cases belong to a site.</EmptyState>
      ) : (
        <ScrollRegion label="Sites" className="rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Sites</caption>
            <thead className="bg-slate-50 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Code</th>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 font-medium">Status</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Patients</th>
                <th scope="col" className="px-4 py-2 text-right font-medium">Active coordinators</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {sites.map((site) => (
                <tr key={site.id} className={site.active ? "" : "text-slate-500"}>
                  <td className="px-4 py-2 font-mono">{site.code}</td>
                  <td className="px-4 py-2">
                    <AppLink href={`/admin/sites/${site.id}`} className="font-medium text-sky-800 underline">
                      {site.name}
                    </AppLink>
                  </td>
                  <td className="px-4 py-2">
                    <StatusBadge active={site.active} />
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums">{site.patients.toLocaleString("en")}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{site.coordinators.toLocaleString("en")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  );
}
