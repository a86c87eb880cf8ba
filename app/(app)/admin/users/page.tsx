import { AppLink } from "@/components/app-link";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { formatUtcTime } from "@/components/admin/format-time";
import { StatusBadge } from "@/components/admin/status-badge";
import { requirePageUser } from "@/lib/auth/page-guards";
import { ROLES, ROLE_LABELS } from "@/lib/auth/roles";
import { orPageError } from "@/lib/http/page-errors";
import { firstValues, type RawSearchParams } from "@/lib/http/search-params";
import { listUsers } from "@/lib/users/list-users";
import { ListUsersQuerySchema } from "@/lib/users/schemas";
import { ScrollRegion } from "@/components/scroll-region";

export const metadata = { title: "Users" };

type Props = { searchParams: Promise<RawSearchParams> };

export default async function UsersPage({ searchParams }: Props) {
  const user = await requirePageUser("ADMIN");
  const query = ListUsersQuerySchema.parse(firstValues(await searchParams));
  const { users, total, limit } = await orPageError(listUsers(user, query));
  const filtered = Boolean(query.q || query.role || query.status !== "all");

  return (
    <>
      <PageHeader
        title="Users"
        description="Study staff accounts. Coordinators belong to one site; investigators and administrators see every site."
        actions={
          <AppLink href="/admin/users/new" className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-800">
            New user
          </AppLink>
        }
      />
      <form method="get" role="search" aria-label="Filter users" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="q" className="block text-sm font-medium text-slate-800">
            Name or e-mail
          </label>
          <input id="q" name="q" type="search" defaultValue={query.q ?? ""} className="mt-1 block w-64 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm" />
        </div>
        <div>
          <label htmlFor="role" className="block text-sm font-medium text-slate-800">
            Role
          </label>
          <select id="role" name="role" defaultValue={query.role ?? ""} className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
            <option value="">All roles</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="status" className="block text-sm font-medium text-slate-800">
            Status
          </label>
          <select id="status" name="status" defaultValue={query.status} className="mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
            <option value="all">All</option>
            <option value="active">Active</option>
            <option value="inactive">Deactivated</option>
          </select>
        </div>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100">
          Filter
        </button>
        {filtered ? (
          <AppLink href="/admin/users" className="py-2 text-sm text-sky-800 underline">
            Clear filters
          </AppLink>
        ) : null}
      </form>

      {users.length === 0 ? (
        <EmptyState title={filtered ? "No users match these filters" : "No users yet"}>
          {filtered ? "Change or clear the filters to see more accounts." : "Create the first account with New user."}
        </EmptyState>
      ) : (
        <ScrollRegion label="Users" className="rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Users{filtered ? " matching the filters" : ""}</caption>
            <thead className="bg-slate-50 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 font-medium">E-mail</th>
                <th scope="col" className="px-4 py-2 font-medium">Role</th>
                <th scope="col" className="px-4 py-2 font-medium">Site</th>
                <th scope="col" className="px-4 py-2 font-medium">Status</th>
                <th scope="col" className="px-4 py-2 font-medium">Last sign-in</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {users.map((row) => (
                <tr key={row.id} className={row.active ? "" : "text-slate-500"}>
                  <td className="px-4 py-2">
                    <AppLink href={`/admin/users/${row.id}`} className="font-medium text-sky-800 underline">
                      {row.name}
                    </AppLink>
                    {row.id === user.id ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
                  </td>
                  <td className="px-4 py-2">{row.email}</td>
                  <td className="px-4 py-2">{ROLE_LABELS[row.role]}</td>
                  <td className="px-4 py-2">{row.site ? `${row.site.code} · ${row.site.name}` : "All sites"}</td>
                  <td className="px-4 py-2">
                    <StatusBadge active={row.active} />
                  </td>
                  <td className="px-4 py-2 whitespace-nowrap">{row.lastSignInAt ? formatUtcTime(row.lastSignInAt) : "Never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-600">
            {total > users.length ? `The first ${limit} of ${total} accounts: narrow the filters to see the others.` : `${total} account${total === 1 ? "" : "s"}`}
          </p>
        </ScrollRegion>
      )}
    </>
  );
}
