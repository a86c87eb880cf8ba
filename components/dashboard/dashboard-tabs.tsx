"use client";

import { AppLink } from "@/components/app-link";
import { usePathname, useSearchParams } from "next/navigation";

const TABS = [
  { href: "/dashboard", label: "Overview" },
  { href: "/dashboard/characteristics", label: "Characteristics" },
  { href: "/dashboard/outcomes", label: "Outcomes" },
  { href: "/dashboard/evolution", label: "Evolution" },
  { href: "/dashboard/agreement", label: "Agreement" },
] as const;

/** The views; each link carries the current filters so every tab shows the same patients. */
export function DashboardTabs() {
  const pathname = usePathname();
  const query = useSearchParams().toString();
  return (
    <nav aria-label="Dashboard views" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-1">
        {TABS.map((tab) => {
          const active = pathname === tab.href;
          return (
            <li key={tab.href}>
              <AppLink
                href={`${tab.href}${query === "" ? "" : `?${query}`}`}
                aria-current={active ? "page" : undefined}
                className={`inline-block border-b-2 px-4 py-2 text-sm font-medium ${
                  active ? "border-slate-900 text-slate-900" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                }`}
              >
                {tab.label}
              </AppLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
