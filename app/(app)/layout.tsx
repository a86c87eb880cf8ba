import type { ReactNode } from "react";
import { AppLink } from "@/components/app-link";
import { AppNav } from "@/components/app-nav";
import { SignOutButton } from "@/components/sign-out-button";
import { requirePageUser } from "@/lib/auth/page-guards";
import { ROLE_LABELS, can } from "@/lib/auth/roles";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const items = [
    { href: "/dashboard", label: "Dashboard" },
    { href: "/cases", label: "Cases" },
    ...(can(user, "cases:import") ? [{ href: "/import", label: "Import" }] : []),
    { href: "/exports", label: "Exports" },
    ...(can(user, "admin:manage") ? [{ href: "/admin", label: "Admin" }] : []),
  ];
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-4 px-6 py-3">
          <AppLink href="/dashboard" className="text-base font-semibold text-slate-900">
            HER2 cohort dashboard
          </AppLink>
          <AppNav items={items} />
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-600" data-testid="current-user">
              {user.name} · <span className="text-slate-500">{ROLE_LABELS[user.role]}</span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-6 py-8">
        {children}
      </main>
    </>
  );
}
