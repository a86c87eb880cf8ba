import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata = { title: "Exports" };

export default function ExportsPage() {
  return (
    <>
      <PageHeader title="Exports" description="Tidy CSV files for R, SAS or Stata." />
      <EmptyState title="Exports are on their way">
        Patients, HER2 tests and treatment lines with derived categories and cohorts, plus the data
        dictionary, in one download.
      </EmptyState>
    </>
  );
}
