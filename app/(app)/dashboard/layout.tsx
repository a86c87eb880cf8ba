import { Suspense, type ReactNode } from "react";
import { DashboardContent, DashboardTransitionProvider } from "@/components/dashboard/dashboard-transition";
import { DashboardTabs } from "@/components/dashboard/dashboard-tabs";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { PageHeader } from "@/components/page-header";
import { listFilterOptions } from "@/lib/analytics/filter-options";
import { requirePageUser } from "@/lib/auth/page-guards";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const options = await listFilterOptions(user);
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Patients grouped into HER2-0 (HER2-null, HER2-ultralow and IHC 0 not specified), HER2-low and HER2-positive cohorts, in 4 groups or 3. The filters apply to every tab and are kept in the address, so a view can be shared."
      />
      <DashboardTransitionProvider>
        <Suspense fallback={<div className="mb-4 h-28 animate-pulse rounded-lg bg-slate-200" aria-hidden="true" />}>
          <FilterBar options={options} siteLocked={user.role === "COORDINATOR"} />
          <DashboardTabs />
        </Suspense>
        <DashboardContent>{children}</DashboardContent>
      </DashboardTransitionProvider>
    </>
  );
}
