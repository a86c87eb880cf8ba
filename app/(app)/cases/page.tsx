import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";

export const metadata = { title: "Cases" };

export default function CasesPage() {
  return (
    <>
      <PageHeader title="Cases" description="De-identified cases with their HER2 tests and treatment lines." />
      <EmptyState title="The case list is on its way">
        A searchable, sortable list of cases with cohort badges, the case form with live HER2 classification,
        and each case&apos;s audit history will appear here.
      </EmptyState>
    </>
  );
}
