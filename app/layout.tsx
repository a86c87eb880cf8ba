import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { AppNav } from "@/components/app-nav";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "HER2 cohort dashboard", template: "%s · HER2 cohort dashboard" },
  description: "De-identified breast-cancer cases grouped into HER2-zero, HER2-ultralow and HER2-low cohorts.",
};

const NAV_ITEMS = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/cases", label: "Cases" },
  { href: "/import", label: "Import" },
  { href: "/exports", label: "Exports" },
  { href: "/admin", label: "Admin" },
];

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:m-2 focus:rounded focus:bg-white focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-4 px-6 py-3">
            <Link href="/" className="text-base font-semibold text-slate-900">
              HER2 cohort dashboard
            </Link>
            <AppNav items={NAV_ITEMS} />
          </div>
        </header>
        <main id="main" className="mx-auto max-w-7xl px-6 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}
