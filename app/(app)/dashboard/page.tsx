import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata = { title: "Dashboard" };

export default function DashboardPage() {
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Patients grouped into HER2-zero, HER2-ultralow and HER2-low cohorts, with HER2-positive as comparator."
      />
      <EmptyState title="Cohort dashboards are on their way">
        Overview (patients per cohort, composition by diagnosis year, accrual), characteristics (Table 1 with
        p-values), outcomes (Kaplan-Meier PFS and OS, hazard ratios, response rates) and HER2 evolution will
        appear here, all driven by filters kept in the address bar.
      </EmptyState>
    </>
  );
}
