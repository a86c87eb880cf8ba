import { AppLink } from "@/components/app-link";
import { PageHeader } from "@/components/page-header";
import { UserCreateForm } from "@/components/admin/user-create-form";
import { requirePageUser } from "@/lib/auth/page-guards";
import { orPageError } from "@/lib/http/page-errors";
import { listSites } from "@/lib/sites/list-sites";
import { createUserAction } from "../actions";

export const metadata = { title: "New user" };

export default async function NewUserPage() {
  const user = await requirePageUser("ADMIN");
  const sites = await orPageError(listSites(user));
  const siteOptions = sites.filter((site) => site.active).map((site) => ({ value: site.code, label: `${site.code} · ${site.name}` }));
  return (
    <>
      <PageHeader
        title="New user"
        description={
          <>
            An account for one person.{" "}
            <AppLink href="/admin/users" className="text-sky-800 underline">
              Back to users
            </AppLink>
          </>
        }
      />
      {siteOptions.length === 0 ? (
        <p className="mb-4 max-w-xl rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          There is no active site yet, so no coordinator can be created. <AppLink href="/admin/sites/new" className="underline">Add a site</AppLink> first.
        </p>
      ) : null}
      <UserCreateForm action={createUserAction} siteOptions={siteOptions} />
    </>
  );
}
