import { AppLink } from "@/components/app-link";
import { PageHeader } from "@/components/page-header";
import { SiteCreateForm } from "@/components/admin/site-forms";
import { requirePageUser } from "@/lib/auth/page-guards";
import { createSiteAction } from "../actions";

export const metadata = { title: "New site" };

export default async function NewSitePage() {
  await requirePageUser("ADMIN");
  return (
    <>
      <PageHeader
        title="New site"
        description={
          <>
            A participating hospital or centre.{" "}
            <AppLink href="/admin/sites" className="text-sky-800 underline">
              Back to sites
            </AppLink>
          </>
        }
      />
      <SiteCreateForm action={createSiteAction} />
    </>
  );
}
