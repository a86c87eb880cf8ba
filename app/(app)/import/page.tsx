import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata = { title: "Import" };

export default function ImportPage() {
  return (
    <>
      <PageHeader title="Import" description="Add many cases at once from a CSV file." />
      <EmptyState title="CSV import is on its way">
        Download a template, upload a file, review every error by row and column in a dry run, then commit
        all rows at once or none.
      </EmptyState>
    </>
  );
}
