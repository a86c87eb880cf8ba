import { AppLink } from "@/components/app-link";
import { PageHeader } from "@/components/page-header";
import { RedcapImportPanel } from "@/components/redcap/redcap-import-panel";
import { requirePageUser } from "@/lib/auth/page-guards";
import { listCaseSites } from "@/lib/cases/list-case-sites";
import { MAX_IMPORT_BYTES } from "@/lib/cases/import-request";
import { orPageError } from "@/lib/http/page-errors";
import { listRedcapMappings } from "@/lib/redcap/saved-mappings";

export const metadata = { title: "Import from REDCap" };

export default async function RedcapImportPage() {
  const user = await requirePageUser("COORDINATOR", "ADMIN");
  const [saved, sites] = await Promise.all([orPageError(listRedcapMappings(user)), orPageError(listCaseSites(user))]);
  return (
    <>
      <PageHeader
        title="Import from REDCap"
        description="Map a REDCap project's fields to the app's once, then import its records export. Dates become days since diagnosis on this computer; only the de-identified cases are sent."
      />
      <section aria-labelledby="redcap-example-title" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <h2 id="redcap-example-title" className="text-base font-semibold">Try it with the example project</h2>
        <p className="mt-1 text-slate-700">A synthetic REDCap project made from the demo cohort: calendar dates, numbered choice codes, a checkbox, two repeating instruments{user.role === "ADMIN" ? " and one data access group per site" : ""}.</p>
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
          <li><a className="text-sky-800 underline" href="/api/import/redcap/example?file=dictionary" download>Example data dictionary</a></li>
          <li><a className="text-sky-800 underline" href="/api/import/redcap/example?file=records" download>Example records export</a></li>
          <li><AppLink className="text-sky-800 underline" href="/import">Import the app&apos;s own CSV files instead</AppLink></li>
        </ul>
      </section>
      <RedcapImportPanel saved={saved} siteCodes={sites.filter((site) => site.active).map((site) => site.code)} ownSite={user.role === "COORDINATOR"} maxMegabytes={MAX_IMPORT_BYTES / 1_000_000} />
    </>
  );
}
