import { AppLink } from "@/components/app-link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { SiteNameForm, SiteStatusForm } from "@/components/admin/site-forms";
import { StatusBadge } from "@/components/admin/status-badge";
import { requirePageUser } from "@/lib/auth/page-guards";
import { orPageError } from "@/lib/http/page-errors";
import { getSite } from "@/lib/sites/get-site";
import { SiteIdSchema } from "@/lib/sites/schemas";
import { updateSiteAction } from "../actions";

export const metadata = { title: "Site" };

type Props = { params: Promise<{ id: string }> };

export default async function SitePage({ params }: Props) {
  const actor = await requirePageUser("ADMIN");
  const id = SiteIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const site = await orPageError(getSite(actor, id.data));
  const action = updateSiteAction.bind(null, site.id);
  return (
    <>
      <PageHeader
        title={`Site ${site.code} · ${site.name}`}
        description={<StatusBadge active={site.active} />}
        actions={
          <AppLink href="/admin/sites" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm text-slate-800 hover:bg-slate-100">
            Back to sites
          </AppLink>
        }
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <section aria-labelledby="site-details" className="self-start rounded-lg border border-slate-200 bg-white p-6 shadow-sm lg:col-span-2">
          <h2 id="site-details" className="mb-4 text-base font-semibold text-slate-900">
            Details
          </h2>
          <p className="mb-4 text-sm text-slate-700">
            Code <span className="font-mono">{site.code}</span> (fixed: study IDs of this site embed it).
          </p>
          <SiteNameForm action={action} name={site.name} />
        </section>
        <div className="space-y-6">
          <section aria-labelledby="site-status" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="site-status" className="mb-3 text-base font-semibold text-slate-900">
              Status
            </h2>
            <SiteStatusForm action={action} active={site.active} code={site.code} />
          </section>
          <p className="text-sm">
            <AppLink href={`/admin/audit?entity=SITE&entityId=${site.id}`} className="text-sky-800 underline">
              This site&apos;s history in the audit trail
            </AppLink>
          </p>
        </div>
      </div>
    </>
  );
}
