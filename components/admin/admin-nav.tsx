"use client";

import { AppLink } from "@/components/app-link";
import { usePathname } from "next/navigation";

const ITEMS = [
  { href: "/admin/users", label: "Users" },
  { href: "/admin/sites", label: "Sites" },
  { href: "/admin/audit", label: "Audit trail" },
] as const;

export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Administration" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-4">
        <li>
          <AppLink href="/admin" aria-current={pathname === "/admin" ? "page" : undefined} className={tabClass(pathname === "/admin")}>
            Overview
          </AppLink>
        </li>
        {ITEMS.map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <AppLink href={item.href} aria-current={active ? "page" : undefined} className={tabClass(active)}>
                {item.label}
              </AppLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function tabClass(active: boolean): string {
  return `inline-block border-b-2 px-1 pb-2 text-sm font-medium ${active ? "border-slate-900 text-slate-900" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-800"}`;
}
