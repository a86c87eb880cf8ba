import { AppLink } from "@/components/app-link";
import { PageHeader } from "@/components/page-header";
import { requirePageUser } from "@/lib/auth/page-guards";

export const metadata = { title: "Admin" };

const SECTIONS = [
  { href: "/admin/users", title: "Users", description: "Create accounts, set each person's role and site, reset passwords, deactivate accounts." },
  { href: "/admin/sites", title: "Sites", description: "Add participating sites, rename them, deactivate them; see their patients and coordinators." },
  { href: "/admin/audit", title: "Audit trail", description: "Every change, sign-in and sign-out, newest first, filtered by record, action, user and date." },
] as const;

export default async function AdminPage() {
  await requirePageUser("ADMIN");
  return (
    <>
      <PageHeader title="Admin" description="Users, roles, sites and the audit trail." />
      <ul className="grid gap-4 md:grid-cols-3">
        {SECTIONS.map((section) => (
          <li key={section.href}>
            <AppLink href={section.href} className="block h-full rounded-lg border border-slate-200 bg-white p-5 shadow-sm hover:border-slate-400">
              <h2 className="text-base font-semibold text-slate-900">{section.title}</h2>
              <p className="mt-1 text-sm text-slate-600">{section.description}</p>
            </AppLink>
          </li>
        ))}
      </ul>
    </>
  );
}
