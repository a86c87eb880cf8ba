import { AppLink } from "@/components/app-link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { formatUtcTime } from "@/components/admin/format-time";
import { PasswordResetForm } from "@/components/admin/password-reset-form";
import { StatusBadge } from "@/components/admin/status-badge";
import { UserDetailsForm } from "@/components/admin/user-details-form";
import { UserStatusForm } from "@/components/admin/user-status-form";
import { requirePageUser } from "@/lib/auth/page-guards";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { orPageError } from "@/lib/http/page-errors";
import { listSites } from "@/lib/sites/list-sites";
import { getUser } from "@/lib/users/get-user";
import { UserIdSchema } from "@/lib/users/schemas";
import { resetPasswordAction, updateUserAction } from "../actions";

export const metadata = { title: "User" };

type Props = { params: Promise<{ id: string }> };

export default async function UserPage({ params }: Props) {
  const actor = await requirePageUser("ADMIN");
  const id = UserIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const [user, sites] = await orPageError(Promise.all([getUser(actor, id.data), listSites(actor)]));
  const isSelf = user.id === actor.id;
  // Active sites, and the user's own site even when it has been deactivated.
  const siteOptions = sites
    .filter((site) => site.active || site.id === user.site?.id)
    .map((site) => ({ value: site.code, label: `${site.code} · ${site.name}${site.active ? "" : " (deactivated)"}` }));

  return (
    <>
      <PageHeader
        title={user.name}
        description={
          <>
            {user.email} · {ROLE_LABELS[user.role]}
            {user.site ? ` at site ${user.site.code}` : ""} · <StatusBadge active={user.active} />
          </>
        }
        actions={
          <AppLink href="/admin/users" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm text-slate-800 hover:bg-slate-100">
            Back to users
          </AppLink>
        }
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <section aria-labelledby="details-heading" className="self-start rounded-lg border border-slate-200 bg-white p-6 shadow-sm lg:col-span-2">
          <h2 id="details-heading" className="mb-4 text-base font-semibold text-slate-900">
            Details
          </h2>
          <UserDetailsForm
            action={updateUserAction.bind(null, user.id)}
            user={{ name: user.name, role: user.role, siteCode: user.site?.code ?? null }}
            siteOptions={siteOptions}
            isSelf={isSelf}
          />
        </section>
        <div className="space-y-6">
          <section aria-labelledby="password-heading" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="password-heading" className="mb-3 text-base font-semibold text-slate-900">
              Password
            </h2>
            <PasswordResetForm action={resetPasswordAction.bind(null, user.id)} email={user.email} isSelf={isSelf} />
          </section>
          <section aria-labelledby="status-heading" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="status-heading" className="mb-3 text-base font-semibold text-slate-900">
              Status
            </h2>
            <p className="mb-3 text-sm text-slate-700">
              <StatusBadge active={user.active} /> · last sign-in {user.lastSignInAt ? formatUtcTime(user.lastSignInAt) : "never"} · created {formatUtcTime(user.createdAt)}
            </p>
            <UserStatusForm action={updateUserAction.bind(null, user.id)} active={user.active} email={user.email} isSelf={isSelf} />
          </section>
          <p className="text-sm">
            <AppLink href={`/admin/audit?entity=USER&entityId=${encodeURIComponent(user.id)}`} className="text-sky-800 underline">
              This account&apos;s history in the audit trail
            </AppLink>
          </p>
        </div>
      </div>
    </>
  );
}
